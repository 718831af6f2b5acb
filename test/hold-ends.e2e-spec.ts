/**
 * No silent waiting after a hold ends without an arrival (issue 9;
 * docs/waiting.md, "When a hold ends without an arrival"), through the GraphQL
 * API with the real worker, PostgreSQL and Redis, on Harbour's adjustable
 * clock: a declined or expired hold sends the referral straight back to
 * finding a bed (the next eligible bed outside the shelters that declined it or
 * let it lapse, else the waitlist with the time it first started waiting), the
 * officer is told why (HOLD_DECLINED with the structured reason, HOLD_EXPIRED)
 * and what happened next, its escalation counts from its first wait, and the
 * declining shelter is never offered it again automatically.
 */
import { randomBytes } from 'node:crypto';
import { ResumeStrandedReferrals1766400000000 } from '../libs/core/src/persistence/migrations/1766400000000-resume-stranded-referrals';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork, WebhookSink, waitFor } from './support/fixtures';

const DECLINE = 'mutation($id: ID!, $c: HoldDeclineReason, $r: String) { declineHold(holdId: $id, reasonCode: $c, reason: $r) { id status declineReason } }';
const REFERRAL = 'query($id: ID!) { referral(id: $id) { id status waitlistPosition } }';
const ESCALATIONS = `{ escalations(first: 20) { edges { node { id status waitingSince dueAt referral { id } } } } }`;

describe('a hold that ends without an arrival', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let net: Network;
  /** The second shelter (same region, one bed) and its staff. */
  let shelterB: string;
  let staffB: string;
  const staffOf = (shelterId: string) => (shelterId === net.shelterId ? net.staff : staffB);
  const other = (shelterId: string) => (shelterId === net.shelterId ? shelterB : net.shelterId);

  const referral = async (id: string) => (await h.ok<{ referral: any }>(net.officer, REFERRAL, { id })).referral;
  const activeHold = async (referralId: string) =>
    (await h.db.query(`SELECT id, shelter_id, created_at FROM hold WHERE referral_id = $1 AND status = 'ACTIVE'`, [referralId]))[0] as
      { id: string; shelter_id: string; created_at: Date } | undefined;
  const firstHoldAt = async (referralId: string) =>
    ((await h.db.query(`SELECT min(created_at) AS t FROM hold WHERE referral_id = $1`, [referralId]))[0].t as Date).getTime();
  const escalationsOf = async (referralId: string) =>
    (await h.ok<{ escalations: any }>(net.coordinator, ESCALATIONS)).escalations.edges.map((e: any) => e.node).filter((n: any) => n.referral.id === referralId);
  const migrate = async () => {
    const runner = h.db.createQueryRunner();
    try {
      await new ResumeStrandedReferrals1766400000000().up(runner);
    } finally {
      await runner.release();
    }
  };
  const notices = (kind: string, referralId: string) => sink.of(kind).filter((n) => n.payload.referralId === referralId);

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('hold_ends', { env: { COORDINATOR_WEBHOOK_URL: sink.url, HOLD_HOURS: '4' } });
    net = await smallNetwork(h, { beds: 1, webhookUrl: sink.url });
    const b = await h.ok<{ createShelter: { id: string } }>(net.coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: {
        codeName: `LILY-${randomBytes(3).toString('hex')}`,
        regionCode: net.regionCode,
        genderPolicy: 'WOMEN_ONLY',
        acceptsFamilies: true,
        acceptsMinors: false,
        languages: ['en'],
        specialisms: ['SEXUAL'],
      },
    });
    shelterB = b.createShelter.id;
    staffB = await h.token({ role: 'SHELTER_STAFF', sub: 'staff-b', shelterIds: [shelterB] });
    await h.ok(staffB, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', { i: { shelterId: shelterB, roomLabel: 'Room 1', count: 1 } });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  let emergency: string;

  it('declined: the next eligible bed is held at once, and the officer is told the reason and what happened next', async () => {
    emergency = await createReferral(h, net.officer, { urgency: 'EMERGENCY' });
    const first = (await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: emergency })).requestPlacement;
    expect(first.__typename).toBe('HoldOffered');
    const firstShelter = first.hold.shelter.id;
    const declined = await h.ok<{ declineHold: any }>(staffOf(firstShelter), DECLINE, { id: first.hold.id, c: 'NO_STAFF_TO_ADMIT', r: null });
    expect(declined.declineHold).toEqual({ id: first.hold.id, status: 'DECLINED', declineReason: 'NO_STAFF_TO_ADMIT' });
    // Not OPEN and silent: held again, at the other shelter, in the same transaction.
    expect(await referral(emergency)).toMatchObject({ status: 'HELD', waitlistPosition: null });
    const second = await activeHold(emergency);
    expect(second?.shelter_id).toBe(other(firstShelter));
    await waitFor(() => notices('HOLD_DECLINED', emergency).length >= 1);
    expect(notices('HOLD_DECLINED', emergency)).toEqual([
      expect.objectContaining({
        audience: { type: 'AGENCY', id: net.agencyId },
        payload: expect.objectContaining({
          holdId: first.hold.id,
          reasonCode: 'NO_STAFF_TO_ADMIT',
          next: 'HOLD_OFFERED',
          nextHoldId: second!.id,
          waitingSince: null,
        }),
      }),
    ]);
    // Declining again is a no-op: no second notice.
    await h.ok(staffOf(firstShelter), DECLINE, { id: first.hold.id, c: 'NO_STAFF_TO_ADMIT', r: null });
    await h.settle();
    expect(notices('HOLD_DECLINED', emergency)).toHaveLength(1);
  });

  it('declined again with no other bed: back on the waitlist from its first wait; neither declining shelter is offered it again', async () => {
    const second = (await activeHold(emergency))!;
    await h.ok(staffOf(second.shelter_id), DECLINE, { id: second.id, c: 'NEEDS_NOT_MET', r: null });
    expect(await referral(emergency)).toEqual({ id: emergency, status: 'WAITLISTED', waitlistPosition: 1 });
    const [entry] = await h.db.query(`SELECT joined_at FROM waitlist_entry WHERE referral_id = $1 AND status = 'WAITING'`, [emergency]);
    expect(entry.joined_at.getTime()).toBe(await firstHoldAt(emergency));
    await waitFor(() => notices('HOLD_DECLINED', emergency).length >= 2);
    expect(notices('HOLD_DECLINED', emergency)[1].payload).toMatchObject({
      reasonCode: 'NEEDS_NOT_MET',
      next: 'WAITLISTED',
      nextHoldId: null,
      waitingSince: entry.joined_at.toISOString(),
    });
    // Both freed beds went to the waitlist assignment; neither shelter that declined it is offered it again.
    await h.settle();
    expect(await activeHold(emergency)).toBeUndefined();
    expect((await referral(emergency)).status).toBe('WAITLISTED');
  });

  it('escalates 24 h after it first started waiting (the first offer), not after it rejoined', async () => {
    const since = await firstHoldAt(emergency);
    await h.advance(23.5, net.coordinator);
    expect(await escalationsOf(emergency)).toEqual([]);
    await h.advance(1, net.coordinator);
    await waitFor(async () => (await escalationsOf(emergency)).length === 1);
    const [e] = await escalationsOf(emergency);
    expect(e.status).toBe('OPEN');
    expect(Date.parse(e.waitingSince)).toBe(since);
    expect(Date.parse(e.dueAt)).toBe(since + 24 * 3_600_000);
  });

  it('expired: held elsewhere at once (HOLD_EXPIRED says so), then waitlisted from its first wait; the lapsed shelters are not offered it again', async () => {
    const urgent = await createReferral(h, net.officer, { urgency: 'URGENT' });
    const first = (await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: urgent })).requestPlacement;
    expect(first.__typename).toBe('HoldOffered');
    await h.advance(4.5, net.coordinator);
    await waitFor(async () => (await activeHold(urgent))?.shelter_id === other(first.hold.shelter.id));
    const second = (await activeHold(urgent))!;
    await waitFor(() => notices('HOLD_EXPIRED', urgent).length >= 1);
    expect(notices('HOLD_EXPIRED', urgent)[0].payload).toMatchObject({ holdId: first.hold.id, next: 'HOLD_OFFERED', nextHoldId: second.id });
    await h.advance(4.5, net.coordinator);
    await waitFor(async () => (await referral(urgent)).status === 'WAITLISTED');
    const [entry] = await h.db.query(`SELECT joined_at FROM waitlist_entry WHERE referral_id = $1 AND status = 'WAITING'`, [urgent]);
    expect(entry.joined_at.getTime()).toBe(await firstHoldAt(urgent));
    await waitFor(() => notices('HOLD_EXPIRED', urgent).length >= 2);
    expect(notices('HOLD_EXPIRED', urgent)[1].payload).toMatchObject({ next: 'WAITLISTED', waitingSince: entry.joined_at.toISOString() });
    await h.settle();
    expect(await activeHold(urgent)).toBeUndefined();
    const holds = await h.db.query(`SELECT status FROM hold WHERE referral_id = $1 ORDER BY created_at`, [urgent]);
    expect(holds.map((x: any) => x.status)).toEqual(['EXPIRED', 'EXPIRED']);
  });

  it('a new shelter takes the waiting referrals, in their original order', async () => {
    const c = await h.ok<{ createShelter: { id: string } }>(net.coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: {
        codeName: `IRIS-${randomBytes(3).toString('hex')}`,
        regionCode: net.regionCode,
        genderPolicy: 'WOMEN_ONLY',
        acceptsFamilies: true,
        acceptsMinors: false,
        languages: ['en'],
        specialisms: [],
      },
    });
    await h.ok(net.coordinator, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
      i: { shelterId: c.createShelter.id, roomLabel: 'Room 1', count: 1 },
    });
    // One bed: the EMERGENCY referral (higher priority, waiting longest) gets it.
    await waitFor(async () => (await activeHold(emergency))?.shelter_id === c.createShelter.id);
    expect((await referral(emergency)).status).toBe('HELD');
  });

  it('the migration puts referrals stranded OPEN by the old behaviour on the waitlist from their first wait', async () => {
    const stranded = await createReferral(h, net.officer, { urgency: 'ROUTINE' });
    // Every shelter's bed is held by now: it waits; make it look as the old code left it (hold expired, OPEN, no entry).
    const hold = await h.db.query(
      `INSERT INTO hold (referral_id, shelter_id, room_id, status, source, score, expires_at, created_by, created_at, resolved_at)
       SELECT $1, r.shelter_id, r.id, 'EXPIRED', 'REQUEST', 1, now(), 'test', now() - interval '3 days', now() - interval '2 days'
         FROM room r WHERE r.shelter_id = $2 LIMIT 1 RETURNING created_at`,
      [stranded, net.shelterId],
    );
    const untouched = await createReferral(h, net.officer, { urgency: 'ROUTINE' });
    expect((await referral(stranded)).status).toBe('OPEN');
    await migrate();
    expect((await referral(stranded)).status).toBe('WAITLISTED');
    const [entry] = await h.db.query(`SELECT joined_at, priority, urgency FROM waitlist_entry WHERE referral_id = $1 AND status = 'WAITING'`, [stranded]);
    expect(entry).toEqual({ joined_at: hold[0].created_at, priority: 1, urgency: 'ROUTINE' });
    // A referral with no failed hold is left alone; running it again changes nothing.
    expect((await referral(untouched)).status).toBe('OPEN');
    await migrate();
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM waitlist_entry WHERE referral_id = $1`, [stranded]);
    expect(n).toBe(1);
  });
});
