import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'harbour-signature';

/** How old a signed delivery a receiver should still accept, in seconds. */
export const REPLAY_WINDOW_SECONDS = 300;

/**
 * Signs a webhook body: HMAC-SHA256 over `<timestamp>.<body>` with the shared
 * secret (WEBHOOK_SIGNING_SECRET). Receivers recompute it, compare in constant
 * time, and refuse timestamps older than REPLAY_WINDOW_SECONDS.
 */
export function signWebhook(body: string, secret: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Verifies a signature header for `body` (what a receiver does; used in tests
 * and offered to integrators). False when malformed, wrong, or outside the window.
 */
export function verifyWebhookSignature(header: string | undefined, body: string, secret: string, now: Date): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now.getTime() / 1000 - t) > REPLAY_WINDOW_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}
