/**
 * Capacity alerts open once and resolve once while free beds flap around the
 * threshold (hysteresis), and coordinators are notified once for each.
 */
import { Harbour } from './support/harbour-harness';
import { smallNetwork, WebhookSink, waitFor } from './support/fixtures';

describe('capacity alerts', () => {
  let h: Harbour;
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('alerts', { env: { COORDINATOR_WEBHOOK_URL: sink.url } });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('opens once below the threshold, never repeats while flapping, resolves once at resolveAt', async () => {
    const net = await smallNetwork(h, { beds: 4, genderPolicy: 'WOMEN_ONLY' });
    const rule = await h.ok<{ createAlertRule: any }>(
      net.coordinator,
      `mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id threshold resolveAt } }`,
      { i: { regionCode: net.regionCode, category: 'WOMEN_ONLY', threshold: 2, resolveAt: 3 } },
    );
    expect(rule.createAlertRule).toMatchObject({ threshold: 2, resolveAt: 3 });
    const setStatus = async (bedId: string, status: string) => {
      await h.ok(net.staff, `mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id status } }`, {
        i: { bedId, status, reason: status === 'OUT_OF_SERVICE' ? 'repairs' : null },
      });
      await h.settle();
    };
    const alerts = async () =>
      (await h.ok<{ alerts: any }>(net.coordinator, `{ alerts(first: 10) { totalCount edges { node { status freeBedsAtOpen freeBedsAtResolve } } } }`)).alerts;

    const [b1, b2, b3] = net.bedIds;
    await setStatus(b1, 'OUT_OF_SERVICE'); // 3 free
    await setStatus(b2, 'OUT_OF_SERVICE'); // 2 free: not below 2
    expect((await alerts()).totalCount).toBe(0);
    await setStatus(b3, 'OUT_OF_SERVICE'); // 1 free: opens
    expect((await alerts()).edges.map((e: any) => e.node)).toEqual([{ status: 'OPEN', freeBedsAtOpen: 1, freeBedsAtResolve: null }]);
    // Flap between 1 and 2 free: still the one alert, no new notice.
    for (let i = 0; i < 3; i++) {
      await setStatus(b3, 'AVAILABLE'); // 2
      await setStatus(b3, 'OUT_OF_SERVICE'); // 1
    }
    expect((await alerts()).totalCount).toBe(1);
    await setStatus(b3, 'AVAILABLE'); // 2
    await setStatus(b2, 'AVAILABLE'); // 3 = resolveAt: resolves
    expect((await alerts()).edges.map((e: any) => e.node)).toEqual([{ status: 'RESOLVED', freeBedsAtOpen: 1, freeBedsAtResolve: 3 }]);
    await setStatus(b1, 'AVAILABLE'); // 4
    await waitFor(() => sink.of('CAPACITY_ALERT_RESOLVED').length >= 1);
    await h.settle();
    expect(sink.of('CAPACITY_ALERT_OPENED')).toHaveLength(1);
    expect(sink.of('CAPACITY_ALERT_RESOLVED')).toHaveLength(1);
    expect(sink.of('CAPACITY_ALERT_OPENED')[0].payload).toMatchObject({ regionCode: net.regionCode, category: 'WOMEN_ONLY', freeBeds: 1 });
  });
});
