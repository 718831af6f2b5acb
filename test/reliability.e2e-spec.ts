/**
 * Nothing lost, nothing twice (docs/architecture.md, Sources of truth): work committed
 * while no worker runs, Redis losing its jobs, several workers at once, a
 * backdated arrival, and failing transactions in a row.
 */
import { addDays } from '@harbour/domain';
import { QueueName } from '@harbour/platform';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from './support/fixtures';

const PLACEMENT = `query($id: ID!) { placement(id: $id) { arrivedOn reminders { id offsetDays dueAt status sentAt late } } }`;

async function placeOne(h: Harbour, net: Network, arrivedOn?: string): Promise<string> {
  const referralId = await createReferral(h, net.officer);
  // A positive RG before arrival: the recovery period (and its three reminders) starts on arrival.
  await recordPositiveRg(h, net.officer, referralId, arrivedOn);
  const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
  const p = await h.ok<{ confirmArrival: any }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
    i: { holdId: r.requestPlacement.hold.id, ...(arrivedOn ? { arrivedOn } : {}) },
  });
  return p.confirmArrival.id;
}

/** Reminder notifications per reminder id, counted in the database. */
async function sentPerReminder(h: Harbour): Promise<Map<string, number>> {
  const rows: { rid: string; n: number }[] = await h.db.query(
    `SELECT payload->>'reminderId' AS rid, count(*)::int AS n FROM notification WHERE kind = 'RECOVERY_PERIOD_REMINDER' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.rid, r.n]));
}

async function advanceTo(h: Harbour, coordinator: string, instant: number): Promise<void> {
  const d = await h.ok<{ clock: { now: string } }>(coordinator, '{ clock { now } }');
  const hours = (instant - Date.parse(d.clock.now)) / 3_600_000;
  if (hours > 0) await h.advance(hours, coordinator);
}

describe('reliability', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let net: Network;
  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('reliability', { worker: false });
    net = await smallNetwork(h, { beds: 6, webhookUrl: sink.url });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('work committed while no worker runs waits in the outbox and is relayed when one starts', async () => {
    const referralId = await createReferral(h, net.officer);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const holdId = r.requestPlacement.hold.id;
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`);
    expect(n).toBeGreaterThan(0);
    const q = h.queue(QueueName.HOLD_EXPIRY);
    try {
      expect(await q.getJob(`hold-${holdId}`)).toBeUndefined();
      await h.startWorker();
      await h.settle();
      const job = await q.getJob(`hold-${holdId}`);
      // The relay adds the request id of the request that committed the work; the reconciler, which can
      // win the race to add the same job id at worker start, knows no request: either is the one job.
      const { requestId, ...data } = (job?.data ?? {}) as { requestId?: string };
      expect(data).toEqual({ holdId, dueAt: expect.any(String) });
      if (requestId !== undefined) expect(typeof requestId).toBe('string');
      expect(await job?.getState()).toBe('delayed');
    } finally {
      await q.close();
    }
    const [{ n: left }] = await h.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`);
    expect(left).toBe(0);
    await h.ok(net.staff, 'mutation($id: ID!) { declineHold(holdId: $id, reasonCode: NO_ROOM_FOR_HOUSEHOLD) { id } }', { id: holdId });
    await h.settle();
  });

  it('Redis losing every job loses no reminder: they are rebuilt from PostgreSQL and each sent once', async () => {
    const placementId = await placeOne(h, net);
    await h.settle();
    await h.stopWorker();
    // Everything Redis held for this Harbour is gone (as after FLUSHALL or a restart without persistence).
    for (const name of Object.values(QueueName)) {
      const q = h.queue(name);
      await q.obliterate({ force: true });
      await q.close();
    }
    await h.startWorker();
    const reminders = (await h.ok<{ placement: any }>(net.staff, PLACEMENT, { id: placementId })).placement.reminders;
    const last = Math.max(...reminders.map((r: any) => Date.parse(r.dueAt)));
    await advanceTo(h, net.coordinator, last + 60_000);
    await waitFor(async () => {
      const sent = await sentPerReminder(h);
      return reminders.every((r: any) => sent.get(r.id) === 2);
    });
    await h.settle();
    const sent = await sentPerReminder(h);
    for (const r of reminders) expect(sent.get(r.id)).toBe(2);
    await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
      i: { placementId, exitReason: 'MOVED_ON' },
    });
    await h.settle();
  });

  it('three workers booting together leave one of each periodic sweep, and send each reminder once', async () => {
    await h.stopWorker();
    await Promise.all([h.startWorker(), h.startWorker(), h.startWorker()]);
    const q = h.queue(QueueName.MAINTENANCE);
    try {
      const schedulers = await q.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['expire-holds', 'reconcile-jobs', 'retention', 'seal-audit', 'snapshot-occupancy']);
    } finally {
      await q.close();
    }
    const placementId = await placeOne(h, net);
    await h.settle();
    const reminders = (await h.ok<{ placement: any }>(net.staff, PLACEMENT, { id: placementId })).placement.reminders;
    for (const r of [...reminders].sort((a: any, b: any) => Date.parse(a.dueAt) - Date.parse(b.dueAt))) {
      await advanceTo(h, net.coordinator, Date.parse(r.dueAt) + 60_000);
    }
    await waitFor(async () => {
      const sent = await sentPerReminder(h);
      return reminders.every((r: any) => sent.get(r.id) === 2);
    });
    await h.settle();
    const sent = await sentPerReminder(h);
    for (const r of reminders) expect(sent.get(r.id)).toBe(2);
    const received = sink.of('RECOVERY_PERIOD_REMINDER').filter((n) => reminders.some((r: any) => r.id === n.payload.reminderId));
    expect(received).toHaveLength(reminders.length * 2);
    await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
      i: { placementId, exitReason: 'MOVED_ON' },
    });
    await h.settle();
  });

  it('a backdated arrival (50 days ago) sends its overdue reminders once, at once, marked late', async () => {
    // The referral has to exist for 50 days before it can be placed 50 days back.
    const referralId = await createReferral(h, net.officer);
    await h.advance(50 * 24, net.coordinator);
    const { clock } = await h.ok<{ clock: { today: string } }>(net.coordinator, '{ clock { today } }');
    const arrivedOn = addDays(clock.today, -50);
    await recordPositiveRg(h, net.officer, referralId, arrivedOn);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const p = await h.ok<{ confirmArrival: any }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: r.requestPlacement.hold.id, arrivedOn },
    });
    await waitFor(async () => {
      const rs = (await h.ok<{ placement: any }>(net.staff, PLACEMENT, { id: p.confirmArrival.id })).placement.reminders;
      return rs.every((x: any) => x.status === 'SENT');
    });
    await h.settle();
    const reminders = (await h.ok<{ placement: any }>(net.staff, PLACEMENT, { id: p.confirmArrival.id })).placement.reminders;
    expect(reminders).toHaveLength(3);
    for (const x of reminders) expect(x).toMatchObject({ status: 'SENT', late: true });
    const sent = await sentPerReminder(h);
    for (const x of reminders) expect(sent.get(x.id)).toBe(2);
  });

  it('transactions failing in a row leave the connection pool usable at once', async () => {
    const CREATE = 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }';
    const input = { agencyReference: 'POOL-1', initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE', consentGiven: true };
    await h.ok(net.officer, CREATE, { i: input });
    const failures = await Promise.all(Array.from({ length: 60 }, () => h.gql(net.officer, CREATE, { i: input })));
    expect(failures.every((f) => f.errors?.[0]?.extensions?.code === 'CONFLICT')).toBe(true);
    const t0 = Date.now();
    const ok = await h.ok<{ referrals: any }>(net.officer, '{ referrals(first: 1) { totalCount } }');
    expect(ok.referrals.totalCount).toBeGreaterThan(0);
    // A hung pool would wait for the 10 s connection timeout; a healthy one answers at once.
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
