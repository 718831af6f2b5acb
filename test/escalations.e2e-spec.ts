/**
 * Escalations (issue 9, "No silent waiting"; docs/waiting.md), through the
 * GraphQL API with the real worker, PostgreSQL and Redis, on Harbour's
 * adjustable clock (advanceClock) instead of waiting: a waiting referral not
 * offered a bed within its urgency's time opens one escalation for its
 * region's coordinators, notified once; a coordinator claims and acknowledges
 * it; a worker restart (with its jobs lost from Redis) neither duplicates it
 * nor loses another referral's; it resolves when the referral is offered a
 * bed, or leaves the waitlist.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork, WebhookSink, waitFor } from './support/fixtures';

const ESCALATIONS = `query($status: EscalationStatus) { escalations(first: 10, status: $status) {
  totalCount
  edges { node { id status urgency regionCodes waitingSince dueAt openedAt claimedBy acknowledgedBy resolvedAt resolution referral { id status } } }
} }`;
const CLAIM = 'mutation($id: ID!) { claimEscalation(escalationId: $id) { id status claimedBy claimedAt } }';
const ACKNOWLEDGE = 'mutation($id: ID!) { acknowledgeEscalation(escalationId: $id) { id status claimedBy acknowledgedBy acknowledgedAt } }';

/** `harbour_escalations_open` by status, from the API's /metrics (counted from the escalation table at each scrape). */
async function openEscalationMetric(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^harbour_escalations_open\{status="(\w+)"\} (\d+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

describe('escalations', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let net: Network;
  let emergency: string;
  let routine: string;
  let placementId: string;

  const escalations = async (status?: string) => (await h.ok<{ escalations: any }>(net.coordinator, ESCALATIONS, { status: status ?? null })).escalations;
  const of = (referralId: string) => async () => (await escalations()).edges.map((e: any) => e.node).filter((n: any) => n.referral.id === referralId);
  const opened = (referralId: string) => sink.of('ESCALATION_OPENED').filter((n) => n.payload.referralId === referralId);

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('escalations', { env: { COORDINATOR_WEBHOOK_URL: sink.url } });
    net = await smallNetwork(h, { beds: 1 });
    // The only bed is taken for good (a placement), so the others wait.
    const blocker = await createReferral(h, net.officer);
    const held = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: blocker });
    const placed = await h.ok<{ confirmArrival: { id: string } }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: held.requestPlacement.hold.id },
    });
    placementId = placed.confirmArrival.id;
    emergency = await createReferral(h, net.officer, { urgency: 'EMERGENCY', preferredRegions: [net.regionCode] });
    routine = await createReferral(h, net.officer, { urgency: 'ROUTINE' });
    for (const id of [emergency, routine]) {
      expect((await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id })).requestPlacement.__typename).toBe('Waitlisted');
    }
    await h.settle();
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('nothing opens before the urgency’s time (EMERGENCY: 24 h)', async () => {
    await h.advance(23, net.coordinator);
    expect((await escalations()).totalCount).toBe(0);
    expect(await openEscalationMetric(h.baseUrl)).toEqual({ OPEN: 0, CLAIMED: 0, ACKNOWLEDGED: 0 });
    expect(sink.of('ESCALATION_OPENED')).toHaveLength(0);
  });

  it('past 24 h one escalation opens for the EMERGENCY referral’s region, and its coordinators are told once', async () => {
    await h.advance(1.5, net.coordinator);
    await waitFor(async () => (await of(emergency)()).length === 1);
    const [e] = await of(emergency)();
    const [entry] = await h.db.query(`SELECT joined_at FROM waitlist_entry WHERE referral_id = $1`, [emergency]);
    expect(e).toMatchObject({
      status: 'OPEN',
      urgency: 'EMERGENCY',
      regionCodes: [net.regionCode],
      claimedBy: null,
      resolvedAt: null,
      referral: { id: emergency, status: 'WAITLISTED' },
    });
    expect(Date.parse(e.waitingSince)).toBe(entry.joined_at.getTime());
    expect(Date.parse(e.dueAt)).toBe(entry.joined_at.getTime() + 24 * 3_600_000);
    // The ROUTINE referral (7 days) has not escalated.
    expect(await of(routine)()).toEqual([]);
    expect(await openEscalationMetric(h.baseUrl)).toEqual({ OPEN: 1, CLAIMED: 0, ACKNOWLEDGED: 0 });
    await waitFor(() => opened(emergency).length >= 1);
    await h.settle();
    expect(opened(emergency)).toHaveLength(1);
    expect(opened(emergency)[0]).toMatchObject({
      audience: { type: 'COORDINATORS', id: null },
      payload: { escalationId: e.id, regionCode: net.regionCode, urgency: 'EMERGENCY', thresholdHours: 24 },
    });
    // Time goes on: still one escalation, one notice.
    await h.advance(12, net.coordinator);
    expect(await of(emergency)()).toHaveLength(1);
    expect(opened(emergency)).toHaveLength(1);
  });

  it('a coordinator claims it (another coordinator cannot) and acknowledges it; both audited', async () => {
    const [e] = await of(emergency)();
    const claimed = await h.ok<{ claimEscalation: any }>(net.coordinator, CLAIM, { id: e.id });
    expect(claimed.claimEscalation).toMatchObject({ id: e.id, status: 'CLAIMED', claimedBy: 'coordinator-1' });
    expect(await openEscalationMetric(h.baseUrl)).toEqual({ OPEN: 0, CLAIMED: 1, ACKNOWLEDGED: 0 });
    // Claiming again is a no-op; another coordinator gets CONFLICT naming who has it.
    expect((await h.ok<{ claimEscalation: any }>(net.coordinator, CLAIM, { id: e.id })).claimEscalation.claimedAt).toBe(claimed.claimEscalation.claimedAt);
    const other = await h.token({ role: 'COORDINATOR', sub: 'coordinator-2' });
    const refused = await h.gql(other, CLAIM, { id: e.id });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(refused.errors?.[0].message).toMatch(/claimed by coordinator-1/);
    // Nor can it acknowledge the case coordinator-1 has in hand: CONFLICT naming the claimant, nothing written.
    const notYours = await h.gql(other, ACKNOWLEDGE, { id: e.id });
    expect(notYours.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(notYours.errors?.[0].message).toMatch(/claimed by coordinator-1; only they can acknowledge it/);
    expect((await of(emergency)())[0]).toMatchObject({ status: 'CLAIMED', claimedBy: 'coordinator-1', acknowledgedBy: null });
    // Officers and staff may not see or act on escalations.
    for (const token of [net.officer, net.staff]) {
      expect((await h.gql(token, ESCALATIONS, {})).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await h.gql(token, ACKNOWLEDGE, { id: e.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const acked = await h.ok<{ acknowledgeEscalation: any }>(net.coordinator, ACKNOWLEDGE, { id: e.id });
    expect(acked.acknowledgeEscalation).toMatchObject({ status: 'ACKNOWLEDGED', claimedBy: 'coordinator-1', acknowledgedBy: 'coordinator-1' });
    expect(await openEscalationMetric(h.baseUrl)).toEqual({ OPEN: 0, CLAIMED: 0, ACKNOWLEDGED: 1 });
    // A second acknowledgement (the claimant again, or anyone) is CONFLICT naming who acknowledged it
    // and when; nothing is rewritten and nothing more is audited.
    for (const token of [net.coordinator, other]) {
      const again = await h.gql(token, ACKNOWLEDGE, { id: e.id });
      expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(again.errors?.[0].message).toBe(
        `Escalation ${e.id}: the escalation is already acknowledged by coordinator-1 at ${acked.acknowledgeEscalation.acknowledgedAt}`,
      );
      expect(again.data).toBeNull();
    }
    const [row] = await h.db.query(`SELECT status, acknowledged_by, acknowledged_at FROM escalation WHERE id = $1`, [e.id]);
    expect(row).toEqual({ status: 'ACKNOWLEDGED', acknowledged_by: 'coordinator-1', acknowledged_at: new Date(acked.acknowledgeEscalation.acknowledgedAt) });
    const audit = await h.db.query(
      `SELECT action, actor FROM audit_event WHERE entity_type = 'escalation' AND entity_id = $1 ORDER BY chain_seq NULLS LAST, at, id`,
      [e.id],
    );
    expect(audit.map((a: any) => `${a.action}:${a.actor}`)).toEqual([
      'OPEN_ESCALATION:service:worker',
      'CLAIM_ESCALATION:coordinator-1',
      'ACKNOWLEDGE_ESCALATION:coordinator-1',
    ]);
  });

  it('a worker restart with its jobs lost from Redis neither duplicates an escalation nor loses one that is due later', async () => {
    await h.stopWorker();
    const q = h.queue('escalations');
    await q.obliterate({ force: true });
    expect(await q.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 0, waiting: 0 });
    await h.startWorker(); // reconciles jobs from PostgreSQL at start
    // The ROUTINE referral's job is back (the EMERGENCY one's escalation exists: none for it).
    const delayed = await q.getDelayed(0, -1);
    expect(delayed.map((j) => j.data.waitlistEntryId)).toEqual([
      (await h.db.query(`SELECT id FROM waitlist_entry WHERE referral_id = $1 AND status = 'WAITING'`, [routine]))[0].id,
    ]);
    await q.close();
    // Past 7 days of waiting for the ROUTINE referral.
    await h.advance(24 * 6, net.coordinator);
    await waitFor(async () => (await of(routine)()).length === 1);
    await waitFor(() => opened(routine).length >= 1);
    await h.settle();
    expect(await of(emergency)()).toHaveLength(1);
    expect(opened(emergency)).toHaveLength(1);
    expect(opened(routine)).toHaveLength(1);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM escalation`);
    expect(n).toBe(2);
  });

  it('resolves by itself when the referral is offered a bed, or leaves the waitlist', async () => {
    // The placement ends: the bed goes to the EMERGENCY referral (higher priority).
    await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
      i: { placementId, exitReason: 'MOVED_ON' },
    });
    await waitFor(async () => (await of(emergency)())[0]?.status === 'RESOLVED');
    expect((await of(emergency)())[0]).toMatchObject({ status: 'RESOLVED', resolution: 'OFFERED', referral: { status: 'HELD' } });
    expect((await of(routine)())[0].status).toBe('OPEN');
    await h.ok(net.officer, 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', { id: routine });
    expect((await of(routine)())[0]).toMatchObject({ status: 'RESOLVED', resolution: 'LEFT_WAITLIST' });
    expect((await escalations('RESOLVED')).totalCount).toBe(2);
    expect((await escalations('OPEN')).totalCount).toBe(0);
    expect(await openEscalationMetric(h.baseUrl)).toEqual({ OPEN: 0, CLAIMED: 0, ACKNOWLEDGED: 0 });
    // A resolved escalation takes no more action.
    const [e] = await of(routine)();
    expect((await h.gql(net.coordinator, CLAIM, { id: e.id })).errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});
