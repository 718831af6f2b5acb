/**
 * The handover between officer and shelter through GraphQL with the worker
 * running: the referral's needs and call-back contact reach the shelter on the
 * hold and in the offer notification; the shelter's own hold length; a hold
 * OFFERED, ACCEPTED (the agency told), then ARRIVED; a decline with a
 * structured reason.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from './support/fixtures';

const HOLD = `{ holds(first: 50) { edges { node { id status handoverState acceptedAt declineReason expiresAt createdAt
  referral { interpreterLanguage transportNeeded callbackContact } } } } }`;

describe('handover between officer and shelter', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let net: Network;

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('hold-handover');
    net = await smallNetwork(h, { beds: 3, webhookUrl: sink.url });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  const holdOf = async (id: string) => (await h.ok<{ holds: any }>(net.staff, HOLD)).holds.edges.map((e: any) => e.node).find((n: any) => n.id === id);

  it('needs and call-back contact reach the shelter; the shelter’s hold length applies; OFFERED → ACCEPTED → ARRIVED', async () => {
    // A shelter with no hold length of its own holds for HOLD_HOURS (24 by default).
    const walkIn = await createReferral(h, net.officer);
    const walkInHold = (await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: walkIn })).requestPlacement.hold;
    expect(Date.parse(walkInHold.expiresAt) - Date.parse((await holdOf(walkInHold.id)).createdAt)).toBe(24 * 3_600_000);
    // A custody handover takes longer: this shelter holds for 72 hours; out of bounds is refused, naming the field.
    const UPDATE = 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { holdHours } }';
    const bad = await h.gql(net.staff, UPDATE, { id: net.shelterId, i: { holdHours: 200 } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.holdHours' });
    expect((await h.ok<{ updateShelter: any }>(net.staff, UPDATE, { id: net.shelterId, i: { holdHours: 72 } })).updateShelter.holdHours).toBe(72);

    const referralId = await createReferral(h, net.officer, { interpreterLanguage: 'RO', transportNeeded: true, callbackContact: ' 0800 123 456 ' });
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const holdId = r.requestPlacement.hold.id;
    let hold = await holdOf(holdId);
    expect(hold).toMatchObject({
      handoverState: 'OFFERED',
      acceptedAt: null,
      referral: { interpreterLanguage: 'ro', transportNeeded: true, callbackContact: '0800 123 456' },
    });
    expect(Date.parse(hold.expiresAt) - Date.parse(hold.createdAt)).toBe(72 * 3_600_000);
    await waitFor(() => sink.of('HOLD_OFFERED').filter((n) => n.payload.holdId === holdId).length >= 2);
    const offered = sink.of('HOLD_OFFERED').find((n) => n.payload.holdId === holdId && n.audience.type === 'SHELTER')!;
    expect(offered.payload).toMatchObject({ interpreterLanguage: 'ro', transportNeeded: true, callbackContact: '0800 123 456' });

    // The shelter accepts and phones back: ACCEPTED, the agency is told once (a retry changes nothing).
    const ACCEPT = 'mutation($id: ID!) { acceptHold(holdId: $id) { handoverState acceptedAt } }';
    const officerTry = await h.gql(net.officer, ACCEPT, { id: holdId });
    expect(officerTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const accepted = (await h.ok<{ acceptHold: any }>(net.staff, ACCEPT, { id: holdId })).acceptHold;
    expect(accepted.handoverState).toBe('ACCEPTED');
    expect((await h.ok<{ acceptHold: any }>(net.staff, ACCEPT, { id: holdId })).acceptHold.acceptedAt).toBe(accepted.acceptedAt);
    await h.settle();
    await waitFor(() => sink.of('HOLD_ACCEPTED').length >= 1);
    expect(sink.of('HOLD_ACCEPTED').map((n) => [n.audience.type, n.payload.holdId])).toEqual([['AGENCY', holdId]]);

    // Arrival: ARRIVED; accepting again is a conflict.
    await h.ok(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', { i: { holdId } });
    hold = await holdOf(holdId);
    expect(hold).toMatchObject({ status: 'CONFIRMED', handoverState: 'ARRIVED' });
    expect((await h.gql(net.staff, ACCEPT, { id: holdId })).errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('a decline carries a structured reason; OTHER needs its text', async () => {
    const referralId = await createReferral(h, net.officer);
    const holdId = (await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId })).requestPlacement.hold.id;
    const DECLINE =
      'mutation($id: ID!, $c: HoldDeclineReason, $r: String) { declineHold(holdId: $id, reasonCode: $c, reason: $r) { handoverState declineReason } }';
    const other = await h.gql(net.staff, DECLINE, { id: holdId, c: 'OTHER', r: '  ' });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await holdOf(holdId)).handoverState).toBe('OFFERED');
    // OTHER with no text at all, and no reason code at all (text or not): BAD_USER_INPUT naming the field, nothing written.
    for (const [vars, field] of [
      [{ c: 'OTHER', r: null }, 'reason'],
      [{ c: 'OTHER' }, 'reason'],
      [{ c: null, r: null }, 'reasonCode'],
      [{ c: null, r: 'full tonight' }, 'reasonCode'],
    ] as const) {
      const refused = await h.gql(net.staff, DECLINE, { id: holdId, ...vars });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const bare = await h.gql(net.staff, 'mutation($id: ID!) { declineHold(holdId: $id) { id } }', { id: holdId });
    expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reasonCode' });
    expect((await holdOf(holdId)).handoverState).toBe('OFFERED');
    const declined = await h.ok<{ declineHold: any }>(net.staff, DECLINE, { id: holdId, c: 'NO_STAFF_TO_ADMIT', r: null });
    expect(declined.declineHold).toEqual({ handoverState: 'DECLINED', declineReason: 'NO_STAFF_TO_ADMIT' });
  });
});
