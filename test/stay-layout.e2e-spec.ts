/**
 * Which room and beds to prepare: Hold and Placement carry `room { id label }`
 * and `beds { id label }` for coordinators and the shelter's own staff, never
 * for referral officers (null with FORBIDDEN at that field, as the access
 * matrix says); the HOLD_OFFERED notification to the shelter names the room
 * and bed labels, the agency's does not.
 */
import { randomUUID } from 'node:crypto';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

const LAYOUT = 'room { id label } beds { id label }';
const HOLD = `query($id: ID!) { referral(id: $id) { activeHold { id ${LAYOUT} } } }`;
const PLACEMENT = `query($id: ID!) { placement(id: $id) { id ${LAYOUT} hold { id ${LAYOUT} } } }`;

describe('rooms and beds of holds and placements', () => {
  let h: Harbour;
  let net: Network;
  let holdId: string;
  let referralId: string;
  /** The room the hold is in, and its two beds, as the shelter's layout lists them. */
  let expected: { room: { id: string; label: string }; beds: { id: string; label: string }[] };

  beforeAll(async () => {
    h = await Harbour.start('stay-layout');
    net = await smallNetwork(h, { beds: 0 });
    // Room A has one bed, room B two: a household of two can only go to B.
    for (const [roomLabel, count] of [
      ['A', 1],
      ['B', 2],
    ] as const) {
      await h.ok(net.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', { i: { shelterId: net.shelterId, roomLabel, count } });
    }
    const layout = await h.ok<{ shelter: { rooms: { id: string; label: string; beds: { id: string; label: string }[] }[] } }>(
      net.staff,
      'query($id: ID!) { shelter(id: $id) { rooms { id label beds { id label } } } }',
      { id: net.shelterId },
    );
    const b = layout.shelter.rooms.find((r) => r.label === 'B')!;
    expected = { room: { id: b.id, label: 'B' }, beds: b.beds };
    referralId = await createReferral(h, net.officer, { dependants: [{ ageBand: 'UNDER_18' }] });
    const r = await h.ok<{ requestPlacement: { __typename: string; hold: { id: string } } }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(r.requestPlacement.__typename).toBe('HoldOffered');
    holdId = r.requestPlacement.hold.id;
  });
  afterAll(async () => h?.close());

  it('the shelter’s staff and coordinators see the held room and beds', async () => {
    expect(expected.beds.map((b) => b.label)).toEqual(['B-1', 'B-2']);
    for (const token of [net.staff, net.coordinator]) {
      const r = await h.ok<{ referral: { activeHold: any } }>(token, HOLD, { id: referralId });
      expect(r.referral.activeHold).toEqual({ id: holdId, ...expected });
    }
    const page = await h.ok<{ holds: { edges: { node: any }[] } }>(net.staff, `{ holds(first: 5) { edges { node { id ${LAYOUT} } } } }`);
    expect(page.holds.edges.map((e) => e.node)).toEqual([{ id: holdId, ...expected }]);
  });

  it('a referral officer gets the hold but not its room or beds (FORBIDDEN at exactly those fields)', async () => {
    const r = await h.gql<{ referral: { activeHold: any } }>(net.officer, HOLD, { id: referralId });
    expect(r.data?.referral.activeHold).toEqual({ id: holdId, room: null, beds: null });
    expect(r.errors?.map((e) => [e.path?.join('.'), e.extensions?.code]).sort()).toEqual([
      ['referral.activeHold.beds', 'FORBIDDEN'],
      ['referral.activeHold.room', 'FORBIDDEN'],
    ]);
    // Staff of another shelter do not reach the hold at all.
    const other = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-other', shelterIds: [randomUUID()] });
    const page = await h.ok<{ holds: { edges: unknown[] } }>(other, `{ holds(first: 5) { edges { node { id ${LAYOUT} } } } }`);
    expect(page.holds.edges).toEqual([]);
  });

  it('HOLD_OFFERED to the shelter names the room and bed labels; the agency’s notice does not', async () => {
    const rows: { audience_type: string; payload: Record<string, unknown> }[] = await h.db.query(
      `SELECT audience_type, payload FROM notification WHERE kind = 'HOLD_OFFERED' AND payload->>'holdId' = $1 ORDER BY audience_type`,
      [holdId],
    );
    expect(rows.map((r) => r.audience_type)).toEqual(['AGENCY', 'SHELTER']);
    const [agency, shelter] = rows.map((r) => r.payload);
    expect(shelter).toMatchObject({ holdId, roomLabel: 'B', bedLabels: ['B-1', 'B-2'] });
    expect(agency).not.toHaveProperty('roomLabel');
    expect(agency).not.toHaveProperty('bedLabels');
  });

  it('the placement keeps the room and beds: staff and coordinators see them, officers do not', async () => {
    const placed = await h.ok<{ confirmArrival: { id: string } }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId },
    });
    const id = placed.confirmArrival.id;
    for (const token of [net.staff, net.coordinator]) {
      const r = await h.ok<{ placement: any }>(token, PLACEMENT, { id });
      expect(r.placement).toEqual({ id, ...expected, hold: { id: holdId, ...expected } });
    }
    const officer = await h.gql<{ placement: any }>(net.officer, PLACEMENT, { id });
    expect(officer.data?.placement).toEqual({ id, room: null, beds: null, hold: { id: holdId, room: null, beds: null } });
    expect(officer.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(officer.errors).toHaveLength(4);
  });
});
