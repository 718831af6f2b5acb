/**
 * The waitlist: a hold that expires goes to the next waiting referral, and so
 * does a bed freed by an exit. The worker makes the offers. The referral whose
 * hold expired waits again from its first request (docs/waiting.md, section 4),
 * and is not offered the shelter that let its offer lapse.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork, waitFor } from './support/fixtures';

const REFERRAL = `query($id: ID!) { referral(id: $id) { status waitlistPosition activeHold { id source status shelter { id } } } }`;

describe('waitlist offers', () => {
  let h: Harbour;
  let net: Network;
  beforeAll(async () => {
    h = await Harbour.start('waitlist');
    net = await smallNetwork(h, { beds: 1 });
  });
  afterAll(async () => h?.close());

  const referral = async (id: string) => (await h.ok<{ referral: any }>(net.officer, REFERRAL, { id })).referral;
  let first: string;
  let routine: string;

  it('an expired hold releases the bed to the highest-priority waiting referral', async () => {
    first = await createReferral(h, net.officer);
    routine = await createReferral(h, net.officer, { urgency: 'ROUTINE' });
    const emergency = await createReferral(h, net.officer, { urgency: 'EMERGENCY' });
    const held = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: first });
    expect(held.requestPlacement.__typename).toBe('HoldOffered');
    const w1 = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: routine });
    const w2 = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: emergency });
    expect(w1.requestPlacement).toMatchObject({ __typename: 'Waitlisted', position: 1 });
    // Urgency first: the emergency referral goes ahead of the routine one that waited longer.
    expect(w2.requestPlacement).toMatchObject({ __typename: 'Waitlisted', position: 1 });
    expect((await referral(routine)).waitlistPosition).toBe(2);
    await h.settle();

    // 23 hours: still held.
    await h.advance(23, net.coordinator);
    expect((await referral(first)).status).toBe('HELD');
    // Past 24 hours: the hold expires and the bed is offered to the emergency referral.
    await h.advance(1.5, net.coordinator);
    await waitFor(async () => (await referral(emergency)).status === 'HELD');
    const offered = await referral(emergency);
    expect(offered.activeHold).toMatchObject({ source: 'WAITLIST_OFFER', status: 'ACTIVE', shelter: { id: net.shelterId } });
    // The referral whose hold expired is not left OPEN: it waits again from its first request, so the
    // URGENT referral is ahead of the ROUTINE one.
    expect(await referral(first)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect((await referral(routine)).status).toBe('WAITLISTED');
    expect((await referral(routine)).waitlistPosition).toBe(2);
    const holds: { status: string }[] = await h.db.query(`SELECT status FROM hold ORDER BY created_at`);
    expect(holds.map((x) => x.status)).toEqual(['EXPIRED', 'ACTIVE']);
  });

  it('an exit turns into an offer for the waiting referral', async () => {
    const waiting = await h.db.query(`SELECT referral_id FROM waitlist_entry WHERE status = 'WAITING'`);
    expect(waiting.map((w: any) => w.referral_id).sort()).toEqual([first, routine].sort());
    const [{ id: holdId }] = await h.db.query(`SELECT id FROM hold WHERE status = 'ACTIVE'`);
    const placed = await h.ok<{ confirmArrival: any }>(net.staff, `mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }`, {
      i: { holdId },
    });
    await h.settle();
    expect((await referral(routine)).status).toBe('WAITLISTED');
    await h.ok(net.staff, `mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }`, {
      i: { placementId: placed.confirmArrival.id, exitReason: 'TRANSFERRED' },
    });
    await waitFor(async () => (await referral(routine)).status === 'HELD');
    expect((await referral(routine)).activeHold).toMatchObject({ source: 'WAITLIST_OFFER', shelter: { id: net.shelterId } });
    // The URGENT referral ahead of it let its offer at this shelter lapse: it is not offered this shelter again.
    expect(await referral(first)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1, activeHold: null });
  });

  it('a waiting referral no free bed can take does not hold up the one behind it', async () => {
    // Make the network empty and quiet first: end whatever holds or placements remain.
    for (const { id } of await h.db.query(`SELECT id FROM hold WHERE status = 'ACTIVE'`)) {
      await h.ok(net.staff, 'mutation($id: ID!) { declineHold(holdId: $id, reasonCode: NO_ROOM_FOR_HOUSEHOLD) { id } }', { id });
    }
    for (const { referral_id } of await h.db.query(`SELECT referral_id FROM waitlist_entry WHERE status = 'WAITING'`)) {
      await h.ok(net.officer, 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', { id: referral_id });
    }
    await h.settle();
    const [{ id: bedId }] = await h.db.query(`SELECT id FROM bed LIMIT 1`);
    await h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
      i: { bedId, status: 'OUT_OF_SERVICE', reason: 'repairs' },
    });
    await h.settle();
    // An emergency for a mother and child is ahead of a routine adult. A room for two exists (so the family
    // waits rather than getting NoSuitableProvision), but it is out of service: the freed single bed cannot take them.
    const family = await h.ok<{ addBeds: { id: string }[] }>(net.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
      i: { shelterId: net.shelterId, roomLabel: 'Family room', count: 2 },
    });
    for (const bed of family.addBeds) {
      await h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
        i: { bedId: bed.id, status: 'OUT_OF_SERVICE', reason: 'repairs' },
      });
    }
    await h.settle();
    const mother = await createReferral(h, net.officer, { urgency: 'EMERGENCY', dependants: [{ ageBand: 'UNDER_18' }] });
    const adult = await createReferral(h, net.officer, { urgency: 'ROUTINE' });
    for (const id of [mother, adult]) {
      expect((await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id })).requestPlacement.__typename).toBe('Waitlisted');
    }
    await h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', { i: { bedId, status: 'AVAILABLE' } });
    await waitFor(async () => (await referral(adult)).status === 'HELD');
    expect((await referral(mother)).status).toBe('WAITLISTED');
    expect((await referral(mother)).waitlistPosition).toBe(1);
  });
});
