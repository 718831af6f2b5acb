/**
 * Policy changes and current stays (docs/rules.md): an updateShelter change
 * to a field the hard rules read (gender policy, families, minors, adult
 * ages, region), or an addBeds change of a room's features, that a live hold or
 * placement would break is CONFLICT with `extensions.conflicts` naming each
 * affected hold or placement and each rule; nothing is written. A change no
 * current household breaks goes through. A hold being claimed while a policy
 * change commits is checked against the new policy (lockBeds reads it under
 * the shelter's lock).
 */
import { randomBytes } from 'node:crypto';
import { QueryRunner } from 'typeorm';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, waitFor } from './support/fixtures';

const UPDATE =
  'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id genderPolicy acceptsFamilies acceptsMinors adultMaxAge } }';
const ADD_BEDS = 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }';

describe('shelter policy changes against current holds and placements', () => {
  let h: Harbour;
  let coordinator: string;
  let officer: string;

  beforeAll(async () => {
    h = await Harbour.start('shelter-updates');
    coordinator = await h.token({ role: Role.COORDINATOR, sub: 'coordinator-su' });
    const agency = await h.ok<{ createAgency: { id: string } }>(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
      i: { name: `Agency ${randomBytes(3).toString('hex')}`, kind: 'POLICE' },
    });
    officer = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-su', agencyId: agency.createAgency.id });
  });
  afterAll(async () => h?.close());

  /** A fresh region with one shelter (MIXED, families, by default) and rooms of two beds with the given features. */
  async function shelterWith(fields: Record<string, unknown>, rooms: string[][]): Promise<{ region: string; shelterId: string; staff: string }> {
    const region = `SU-${randomBytes(3).toString('hex').toUpperCase()}`;
    await h.ok(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: region });
    const s = await h.ok<{ createShelter: { id: string } }>(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: { codeName: `SU-${randomBytes(3).toString('hex')}`, regionCode: region, genderPolicy: 'MIXED', acceptsFamilies: true, languages: ['en'], ...fields },
    });
    for (const [i, features] of rooms.entries()) {
      await h.ok(coordinator, ADD_BEDS, { i: { shelterId: s.createShelter.id, roomLabel: `R${i + 1}`, count: 2, accessibilityFeatures: features } });
    }
    await h.settle();
    const staff = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-su', shelterIds: [s.createShelter.id] });
    return { region, shelterId: s.createShelter.id, staff };
  }

  /** Requests a placement for a new referral confined to `region`; returns its hold id. */
  async function hold(region: string, household: Record<string, unknown>): Promise<string> {
    const id = await createReferral(h, officer, { acceptableRegions: [region], ...household });
    const r = await h.ok<{ requestPlacement: { __typename: string; hold: { id: string } } }>(officer, REQUEST_PLACEMENT, { id });
    expect(r.requestPlacement.__typename).toBe('HoldOffered');
    return r.requestPlacement.hold.id;
  }

  const place = async (staff: string, holdId: string): Promise<string> =>
    (await h.ok<{ confirmArrival: { id: string } }>(staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', { i: { holdId } }))
      .confirmArrival.id;

  /** What updateShelter may change, and how many UPDATE_SHELTER events the shelter has. */
  const stored = async (id: string) =>
    (
      await h.db.query(
        `SELECT gender_policy, accepts_families, accepts_minors, adult_max_age, region_code, contact_line,
                (SELECT count(*)::int FROM audit_event a WHERE a.entity_id = s.id::text AND a.action = 'UPDATE_SHELTER') AS updates
           FROM shelter s WHERE id = $1`,
        [id],
      )
    )[0];

  it('gender policy and families: CONFLICT listing each hold and placement with each rule it breaks, nothing written', async () => {
    const s = await shelterWith({}, [[], []]);
    const woman = await hold(s.region, { gender: 'FEMALE' });
    const fatherHold = await hold(s.region, { gender: 'MALE', dependants: [{ ageBand: 'UNDER_18', gender: 'FEMALE' }] });
    const father = await place(s.staff, fatherHold);
    const before = await stored(s.shelterId);

    const womenOnly = await h.gql(coordinator, UPDATE, { id: s.shelterId, i: { genderPolicy: 'WOMEN_ONLY', acceptsFamilies: false, contactLine: 'new line' } });
    expect(womenOnly.data).toBeNull();
    expect(womenOnly.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(womenOnly.errors?.[0].message).toMatch(/would break a current hold or placement \(GENDER_POLICY, FAMILY_NOT_ACCEPTED\); nothing was changed/);
    expect(womenOnly.errors?.[0].extensions?.conflicts).toEqual([
      { kind: 'PLACEMENT', id: father, rule: 'GENDER_POLICY', message: 'WOMEN_ONLY shelter does not take: referred person (MALE)' },
      { kind: 'PLACEMENT', id: father, rule: 'FAMILY_NOT_ACCEPTED', message: 'household of 2 but the shelter does not take families' },
    ]);
    // Shelter staff get the same answer.
    const menOnly = await h.gql(s.staff, UPDATE, { id: s.shelterId, i: { genderPolicy: 'MEN_ONLY' } });
    expect(menOnly.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      conflicts: [{ kind: 'HOLD', id: woman, rule: 'GENDER_POLICY', message: 'MEN_ONLY shelter does not take: referred person (FEMALE)' }],
    });
    expect(await stored(s.shelterId)).toEqual(before);

    // A change no current household breaks still succeeds (a policy field given, checked, and nobody affected).
    await h.ok(coordinator, UPDATE, { id: s.shelterId, i: { contactLine: 'new line', genderPolicy: 'MIXED', acceptsFamilies: true } });
    expect(await stored(s.shelterId)).toEqual({ ...before, contact_line: 'new line', updates: before.updates + 1 });
    // Once the father's placement has ended, only the woman's hold is left: WOMEN_ONLY without families goes through.
    await h.ok(s.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', { i: { placementId: father, exitReason: 'MOVED_ON' } });
    expect(
      (await h.ok<{ updateShelter: any }>(coordinator, UPDATE, { id: s.shelterId, i: { genderPolicy: 'WOMEN_ONLY', acceptsFamilies: false } })).updateShelter,
    ).toMatchObject({
      genderPolicy: 'WOMEN_ONLY',
      acceptsFamilies: false,
    });
  });

  it('minors and adult ages: taking away what a young adult or a minor is there under is CONFLICT', async () => {
    const s = await shelterWith({ acceptsMinors: true, adultMaxAge: 24, acceptsFamilies: false }, [[], []]);
    const young = await hold(s.region, { ageBand: 'AGE_18_24' });
    const minor = await place(s.staff, await hold(s.region, { ageBand: 'UNDER_18' }));
    const before = await stored(s.shelterId);
    const noAdults = await h.gql(coordinator, UPDATE, { id: s.shelterId, i: { adultMaxAge: null } });
    expect(noAdults.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      conflicts: [{ kind: 'HOLD', id: young, rule: 'ADULT_NOT_ACCEPTED', message: 'shelter for minors takes no adults (household has adults aged AGE_18_24)' }],
    });
    // Turning minors off clears the adult limit too: it would break nobody's adult rule, but the minor's placement.
    const noMinors = await h.gql(coordinator, UPDATE, { id: s.shelterId, i: { acceptsMinors: false } });
    expect(noMinors.errors?.[0].extensions?.conflicts).toEqual([
      { kind: 'PLACEMENT', id: minor, rule: 'MINOR_NOT_ACCEPTED', message: 'referred person is under 18 and the shelter does not take minors' },
    ]);
    expect(await stored(s.shelterId)).toEqual(before);
    // Raising the limit breaks nobody.
    expect((await h.ok<{ updateShelter: any }>(coordinator, UPDATE, { id: s.shelterId, i: { adultMaxAge: 30 } })).updateShelter.adultMaxAge).toBe(30);
  });

  it('region: moving a shelter into a region a held household must stay out of is CONFLICT', async () => {
    const s = await shelterWith({}, [[]]);
    const elsewhere = `SU-${randomBytes(3).toString('hex').toUpperCase()}`;
    await h.ok(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: elsewhere });
    const held = await hold(s.region, { exclusionRegions: [elsewhere] });
    const moved = await h.gql(coordinator, UPDATE, { id: s.shelterId, i: { regionCode: elsewhere } });
    expect(moved.errors?.[0].extensions?.conflicts).toEqual([
      { kind: 'HOLD', id: held, rule: 'EXCLUSION_AREA', message: `region ${elsewhere} is an exclusion area for this referral` },
      { kind: 'HOLD', id: held, rule: 'OUTSIDE_ACCEPTABLE_REGIONS', message: `region ${elsewhere} is not one of the referral's acceptable regions` },
    ]);
    expect((await stored(s.shelterId)).region_code).toBe(s.region);
  });

  it('addBeds: dropping a room feature a held household needs is CONFLICT, no bed added; another room may change', async () => {
    const s = await shelterWith({}, [['WHEELCHAIR'], ['WHEELCHAIR']]);
    const held = await hold(s.region, { accessibilityNeeds: ['WHEELCHAIR'] });
    const [{ label }] = await h.db.query(`SELECT r.label FROM hold h JOIN room r ON r.id = h.room_id WHERE h.id = $1`, [held]);
    const other = label === 'R1' ? 'R2' : 'R1';
    const beds = async () => Number((await h.db.query(`SELECT count(*)::int AS n FROM bed WHERE shelter_id = $1`, [s.shelterId]))[0].n);
    const r = await h.gql(coordinator, ADD_BEDS, { i: { shelterId: s.shelterId, roomLabel: label, count: 1, accessibilityFeatures: ['STEP_FREE'] } });
    expect(r.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      conflicts: [{ kind: 'HOLD', id: held, rule: 'ACCESSIBILITY', message: 'room lacks: WHEELCHAIR' }],
    });
    expect(await beds()).toBe(4);
    const [{ features }] = await h.db.query(`SELECT accessibility_features AS features FROM room WHERE shelter_id = $1 AND label = $2`, [s.shelterId, label]);
    expect(features).toEqual(['WHEELCHAIR']);
    // Adding a feature, or changing the empty room, is fine.
    await h.ok(coordinator, ADD_BEDS, { i: { shelterId: s.shelterId, roomLabel: label, count: 1, accessibilityFeatures: ['WHEELCHAIR', 'STEP_FREE'] } });
    await h.ok(coordinator, ADD_BEDS, { i: { shelterId: s.shelterId, roomLabel: other, count: 1, accessibilityFeatures: [] } });
    expect(await beds()).toBe(6);
  });

  it('a hold being claimed while a policy change commits is checked against the new policy', async () => {
    const s = await shelterWith({}, [[]]);
    const woman = await createReferral(h, officer, { acceptableRegions: [s.region], gender: 'FEMALE' });
    const waiting = async (): Promise<number> =>
      Number(
        (await h.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0`))[0]
          .n,
      );
    // The change holds the shelter's row while the request finds its candidate and queues for the lock.
    const change: QueryRunner = h.db.createQueryRunner();
    await change.connect();
    await change.startTransaction();
    await change.query(`UPDATE shelter SET gender_policy = 'MEN_ONLY' WHERE id = $1`, [s.shelterId]);
    let request: Promise<any> | undefined;
    try {
      request = h.gql(officer, REQUEST_PLACEMENT, { id: woman });
      await waitFor(async () => (await waiting()) === 1, 60_000);
    } finally {
      await change.commitTransaction();
      await change.release();
    }
    const r = await request;
    expect(r.errors).toBeUndefined();
    // Re-checked after the claim failed: the region's only shelter no longer takes her.
    expect(r.data.requestPlacement.__typename).toBe('NoSuitableProvision');
    expect(await h.db.query(`SELECT id FROM hold WHERE shelter_id = $1`, [s.shelterId])).toEqual([]);
  });
});
