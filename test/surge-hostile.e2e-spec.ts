/**
 * Surge intake under hostile input (issue 5): references repeated in another
 * case (the database's unique index ignores case), references already taken,
 * and two officers' concurrent bulk calls competing for the same few beds.
 * Every answer is a success or a typed error; nothing is partly written; no bed
 * is held twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '@harbour/domain';
import { surgeReferrals } from '../apps/cli/src/bench/surge';
import { Harbour } from './support/harbour-harness';

const BULK = `mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) {
  holdsOffered stillWaiting referrals { id agencyReference status }
} }`;

describe('surge intake: hostile input and concurrency', () => {
  let h: Harbour;
  let coordinator: string;
  let officerA: string;
  let officerB: string;
  let region: string;
  let agencyA: string;
  beforeAll(async () => {
    h = await Harbour.start('surge-hostile');
    coordinator = await h.token({ role: Role.COORDINATOR, sub: 'coordinator-1' });
    const tag = randomBytes(2).toString('hex').toUpperCase();
    region = `SH-${tag}`;
    await h.ok(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: region });
    const agency = async (name: string) =>
      (
        await h.ok<{ createAgency: { id: string } }>(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
          i: { name: `${name} ${tag}`, kind: 'POLICE' },
        })
      ).createAgency.id;
    agencyA = await agency('Agency A');
    officerA = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-a', agencyId: agencyA });
    officerB = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-b', agencyId: await agency('Agency B') });
    const s = await h.ok<{ createShelter: { id: string } }>(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: {
        codeName: `HOSTILE-${tag}`,
        regionCode: region,
        genderPolicy: 'MIXED',
        acceptsFamilies: true,
        acceptsMinors: true,
        adultMaxAge: 120,
        languages: ['en'],
        specialisms: [],
      },
    });
    // Three single-bed rooms: far fewer beds than referrals.
    for (const roomLabel of ['A', 'B', 'C']) {
      await h.ok(coordinator, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
        i: { shelterId: s.createShelter.id, roomLabel, count: 1, accessibilityFeatures: [] },
      });
    }
    await h.settle();
  });
  afterAll(async () => h?.close());

  const count = async (table: string) => Number((await h.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const adults = (n: number, tag: string) =>
    surgeReferrals(n, [region], tag).map((r) => ({ ...r, ageBand: 'AGE_25_34', dependants: [], consentGiven: true, accessibilityNeeds: [] }));

  it('refuses a reference repeated in another case within the batch as CONFLICT naming the item, writing nothing', async () => {
    const items = adults(4, 'CASE');
    items[2].agencyReference = items[0].agencyReference.toLowerCase();
    const res = await h.gql(officerA, BULK, { i: items });
    const ext = res.errors?.[0]?.extensions as any;
    expect(ext?.code).toBe('BAD_USER_INPUT');
    expect(ext.problems.map((p: any) => [p.index, p.field, p.code])).toEqual([[2, 'input.2.agencyReference', 'CONFLICT']]);
    expect(await count('referral')).toBe(0);
  });

  it('refuses a reference the agency already used in another case, writing nothing', async () => {
    const [first] = adults(1, 'TAKEN');
    await h.ok(officerA, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', { i: first });
    const items = adults(3, 'TAKEN2');
    items[1].agencyReference = first.agencyReference.toLowerCase();
    const res = await h.gql(officerA, BULK, { i: items });
    const ext = res.errors?.[0]?.extensions as any;
    expect(ext?.code).toBe('BAD_USER_INPUT');
    expect(ext.problems.map((p: any) => [p.index, p.field, p.code])).toEqual([[1, 'input.1.agencyReference', 'CONFLICT']]);
    expect(await count('referral')).toBe(1);
    expect(await count('waitlist_entry')).toBe(0);
  });

  it('reports the problems of every phase at once (input check, agency, taken reference), never stumbling on the bad values', async () => {
    const before = await count('referral');
    const [first] = adults(1, 'MIXED');
    await h.ok(officerA, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', { i: first });
    const items: any[] = adults(5, 'MIXED2');
    items[0].agencyId = randomUUID(); // no such agency: only the database can tell
    items[1].agencyId = 'not-a-uuid'; // refused by the input check; the database is never asked about it
    // A NUL in a region code (the input check) and a reference the agency already used (the database).
    Object.assign(items[2], { agencyId: agencyA, agencyReference: first.agencyReference, preferredRegions: [`${region}\u0000`] });
    items[3].agencyId = null; // a coordinator must name the agency
    items[4].agencyId = agencyA; // fine
    const res = await h.gql(coordinator, BULK, { i: items });
    expect(res.status).toBeLessThan(500);
    const ext = res.errors?.[0]?.extensions as any;
    expect(ext?.code).toBe('BAD_USER_INPUT');
    expect(ext.problems.map((p: any) => [p.index, p.field, p.code])).toEqual([
      [0, 'input.0.agencyId', 'BAD_USER_INPUT'],
      [1, 'input.1.agencyId', 'BAD_USER_INPUT'],
      [2, 'input.2.preferredRegions.0', 'BAD_USER_INPUT'],
      [2, 'input.2.agencyReference', 'CONFLICT'],
      [3, 'input.3.agencyId', 'BAD_USER_INPUT'],
    ]);
    expect(ext.problems[0].message).toBe(`Unknown agency ${items[0].agencyId}`);
    expect(ext.problems[4].message).toBe('agencyId is required');
    expect(await count('referral')).toBe(before + 1);
    expect(await count('waitlist_entry')).toBe(0);
  });

  it('two officers surging at once for the same three beds: every referral created once, no bed held twice', async () => {
    const before = await count('referral');
    const [a, b] = await Promise.all([h.gql(officerA, BULK, { i: adults(20, 'CA') }), h.gql(officerB, BULK, { i: adults(20, 'CB') })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(await count('referral')).toBe(before + 40);
    const offered = (a.data as any).bulkCreateReferrals.holdsOffered + (b.data as any).bulkCreateReferrals.holdsOffered;
    expect(offered).toBeLessThanOrEqual(3);
    await h.settle();
    const [{ live, beds }] = await h.db.query(`SELECT count(*)::int AS live, count(DISTINCT bed_id)::int AS beds FROM bed_claim WHERE released_at IS NULL`);
    expect(live).toBe(beds);
    expect(live).toBe(3);
  });

  it('the same agency sending the same references twice at once: one call wins, the other is a typed CONFLICT, nothing doubled', async () => {
    const before = await count('referral');
    const items = adults(15, 'TWICE');
    const results = await Promise.all([h.gql(officerA, BULK, { i: items }), h.gql(officerA, BULK, { i: items })]);
    const failed = results.filter((r) => r.errors);
    expect(failed).toHaveLength(1);
    const ext = failed[0].errors![0].extensions as any;
    expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(ext.code);
    expect(String(ext.field)).toMatch(/^input(\.\d+\.agencyReference)?$/);
    expect(await count('referral')).toBe(before + 15);
  });
});
