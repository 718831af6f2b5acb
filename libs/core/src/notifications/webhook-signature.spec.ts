import { REPLAY_WINDOW_SECONDS, signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures (HMAC-SHA256 over "<t>.<body>")', () => {
  const secret = 's'.repeat(40);
  const body = '{"id":"n1","kind":"RECOVERY_PERIOD_REMINDER"}';
  const now = new Date('2026-11-29T09:00:00Z');

  it('verifies what it signed', () => {
    expect(verifyWebhookSignature(signWebhook(body, secret, now), body, secret, now)).toBe(true);
  });

  it('refuses a changed body, another secret, or a malformed header', () => {
    const sig = signWebhook(body, secret, now);
    expect(verifyWebhookSignature(sig, body.replace('n1', 'n2'), secret, now)).toBe(false);
    expect(verifyWebhookSignature(sig, body, 'x'.repeat(40), now)).toBe(false);
    expect(verifyWebhookSignature('v1=abc', body, secret, now)).toBe(false);
    expect(verifyWebhookSignature(undefined, body, secret, now)).toBe(false);
  });

  it('refuses a replay outside the window', () => {
    const sig = signWebhook(body, secret, now);
    const later = new Date(now.getTime() + (REPLAY_WINDOW_SECONDS + 1) * 1000);
    expect(verifyWebhookSignature(sig, body, secret, later)).toBe(false);
    const within = new Date(now.getTime() + (REPLAY_WINDOW_SECONDS - 1) * 1000);
    expect(verifyWebhookSignature(sig, body, secret, within)).toBe(true);
  });
});
