/**
 * A webhook that keeps failing is paused (its notifications wait, untried);
 * a coordinator sees it, test-sends, resumes, and the waiting notifications are
 * delivered once each.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from './support/fixtures';

describe('webhook pause, test send and resume', () => {
  let h: Harbour;
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('webhookpause', { env: { JOB_ATTEMPTS: '1', JOB_BACKOFF_MS: '10', WEBHOOK_PAUSE_AFTER_FAILURES: '2' } });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('pauses after repeated failures, holds later notifications, and delivers them once on resume', async () => {
    const net = await smallNetwork(h, { beds: 4, webhookUrl: sink.url });
    sink.status = 503;
    const endpoints = async () =>
      (await h.ok<{ webhookEndpoints: any[] }>(net.coordinator, '{ webhookEndpoints { url consecutiveFailures pausedAt lastError } }')).webhookEndpoints;
    // Two hold offers: four notifications (agency and shelter each), all to the same URL.
    for (let i = 0; i < 2; i++) {
      await h.ok(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
      await h.settle();
    }
    await waitFor(async () => (await endpoints())[0]?.pausedAt != null);
    const [paused] = await endpoints();
    expect(paused).toMatchObject({ url: sink.url, lastError: 'webhook answered HTTP 503' });
    expect(paused.consecutiveFailures).toBeGreaterThanOrEqual(2);
    const attemptsWhenPaused = sink.attempts;

    // While paused, new notifications are not even tried.
    await h.ok(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
    await h.settle();
    expect(sink.attempts).toBe(attemptsWhenPaused);

    sink.status = 204;
    const test = await h.ok<{ testWebhook: any }>(net.coordinator, 'mutation($u: String!) { testWebhook(url: $u) { ok error } }', { u: sink.url });
    expect(test.testWebhook).toEqual({ ok: true, error: null });
    expect(sink.received.map((m) => m.kind)).toEqual(['TEST']);
    expect((await endpoints())[0].pausedAt).not.toBeNull();

    const resumed = await h.ok<{ resumeWebhook: any }>(
      net.coordinator,
      'mutation($u: String!) { resumeWebhook(url: $u) { requeued endpoint { pausedAt consecutiveFailures } } }',
      { u: sink.url },
    );
    expect(resumed.resumeWebhook.endpoint).toEqual({ pausedAt: null, consecutiveFailures: 0 });
    expect(resumed.resumeWebhook.requeued).toBe(6);
    await waitFor(async () => {
      const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM notification WHERE status <> 'SENT'`);
      return n === 0;
    });
    await h.settle();
    const offered = sink.of('HOLD_OFFERED');
    expect(offered).toHaveLength(6);
    expect(new Set(offered.map((m) => m.id)).size).toBe(6);
    expect(sink.badSignatures).toBe(0);
    const officer = await h.gql(net.officer, '{ webhookEndpoints { url } }');
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
