/**
 * SQL statements per GraphQL operation (issue 13): every statement the API
 * sends to PostgreSQL for one HTTP request is counted on the real connection
 * (a hook on node-postgres' Client#query, which TypeORM's pool uses), so an
 * N+1 query or an extra round trip changes a number here and fails CI.
 *
 * The API runs with the real clock (CLOCK_MODE=system, as in production: the
 * adjustable clock would add a read of its offset per `now()`), without a
 * worker (its relay polls the outbox), and the test's own connection is the
 * owner role's, which tells its statements apart from the API's (the runtime role).
 *
 * A transaction's BEGIN, its row-level-security set_config and its COMMIT are
 * statements like any other: they are round trips. `SQL_TRACE=1` prints each
 * counted statement (first 160 characters), to see where a number comes from.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, inTransaction, withCaller } from '@harbour/core';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

/** Statements sent by API connections (as the runtime role, DATABASE_URL's user) since the last reset. */
const seen: string[] = [];
/** The parameters of each statement in `seen` (same index). */
const seenValues: unknown[][] = [];
let counting = false;
const originalQuery = Client.prototype.query;

function installHook(database: string, user: string): void {
  (Client.prototype as unknown as { query: unknown }).query = function (
    this: Client & { connectionParameters: { database: string; user?: string } },
    ...args: unknown[]
  ) {
    const cp = this.connectionParameters;
    if (counting && cp.database === database && cp.user === user) {
      if (process.env.SQL_TRACE) console.log((typeof args[0] === 'string' ? args[0] : ((args[0] as any)?.text ?? '')).slice(0, 160).replace(/\s+/g, ' '));
      const q = args[0] as string | { text?: string; values?: unknown[] };
      seen.push(typeof q === 'string' ? q : (q?.text ?? String(q)));
      seenValues.push((typeof q === 'string' ? (args[1] as unknown[]) : q?.values) ?? []);
    }
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as never;
}

describe('SQL statements per GraphQL operation', () => {
  let h: Harbour;
  let net: Network;

  /** Runs one operation over HTTP and returns the API's statements for it (and the data, which must have no errors). */
  async function statements(
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ n: number; sql: string[]; values: unknown[][]; data: any }> {
    seen.length = 0;
    seenValues.length = 0;
    counting = true;
    const r = await h.gql(token, query, variables);
    // Anything the request started after answering (none today) would be counted too.
    await new Promise((resolve) => setImmediate(resolve));
    counting = false;
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return { n: seen.length, sql: [...seen], values: [...seenValues], data: r.data };
  }

  beforeAll(async () => {
    // A long revocation-cache bound: every count below is for a subject whose row is cached (the usual case).
    h = await Harbour.start('sqlcount', { worker: false, env: { CLOCK_MODE: 'system', TOKEN_REVOCATION_CACHE_SECONDS: '300' } });
    installHook(new URL(h.config.DATABASE_URL).pathname.slice(1), new URL(h.config.DATABASE_URL).username);
    net = await smallNetwork(h, { beds: 4 });
    for (const t of [net.coordinator, net.officer, net.staff]) await h.ok(t, '{ me { sub } }');
  });
  afterAll(async () => {
    (Client.prototype as unknown as { query: unknown }).query = originalQuery;
    await h?.close();
  });

  it('transactions are READ COMMITTED from the connection start (no SET TRANSACTION each), even where the database default is SERIALIZABLE', async () => {
    const name = new URL(h.config.DATABASE_URL).pathname.slice(1);
    await h.db.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = 'serializable'`);
    const ds = new DataSource(dataSourceOptions(h.config, 'NONE'));
    await ds.initialize();
    try {
      const [service] = await inTransaction(ds, (em) => em.query('SHOW transaction_isolation'));
      const [caller] = await withCaller(ds, null, (em) => em.query('SHOW transaction_isolation'));
      expect([service.transaction_isolation, caller.transaction_isolation]).toEqual(['read committed', 'read committed']);
    } finally {
      await ds.destroy();
      await h.db.query(`ALTER DATABASE "${name}" RESET default_transaction_isolation`);
    }
  });

  it('the token revocation row is read once per subject, and again after any revocation (the Redis epoch changed)', async () => {
    const fresh = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-fresh', agencyId: net.agencyId });
    const REVOCATION = 'SELECT min_version FROM token_revocation WHERE subject = $1';
    expect((await statements(fresh, '{ me { sub } }')).sql.filter((q) => q === REVOCATION)).toHaveLength(1);
    expect((await statements(fresh, '{ me { sub } }')).sql.filter((q) => q === REVOCATION)).toHaveLength(0);
    await h.ok(net.coordinator, 'mutation($s: String!) { revokeTokens(subject: $s) { minVersion } }', { s: 'someone-else' });
    expect((await statements(fresh, '{ me { sub } }')).sql.filter((q) => q === REVOCATION)).toHaveLength(1);
    expect((await statements(fresh, '{ me { sub } }')).sql.filter((q) => q === REVOCATION)).toHaveLength(0);
    // The coordinator's own row was dropped by the same revocation: read it again before the counts below.
    await h.ok(net.coordinator, '{ me { sub } }');
    await h.ok(net.officer, '{ me { sub } }');
    await h.ok(net.staff, '{ me { sub } }');
  });

  it('availability: the token check and one read of the per-region counts, national or for named regions', async () => {
    const national = await statements(net.coordinator, '{ availability { regionCode all womenOnly totalBeds oldestUpdateAt } }');
    expect(national.n).toBe(AVAILABILITY);
    expect(national.data.availability.find((a: any) => a.regionCode === net.regionCode)).toMatchObject({ all: 4, womenOnly: 4 });
    const regional = await statements(net.officer, `{ availability(regionCodes: [${JSON.stringify(net.regionCode)}]) { regionCode all } }`);
    expect(regional.data.availability).toEqual([{ regionCode: net.regionCode, all: 4 }]);
    expect(regional.n).toBe(AVAILABILITY);
  });

  it('shelters page: as many statements for 6 shelters as for 1 (no N+1); each audited address read adds its audit event', async () => {
    const PAGE = '{ shelters(first: 20) { edges { node { id codeName regionCode freeBeds heldBeds totalBeds rooms { label beds { id status } } } } } }';
    const WITH_ADDRESS = '{ shelters(first: 20) { edges { node { id codeName address postcode } } } }';
    const one = await statements(net.coordinator, PAGE);
    const oneAddress = await statements(net.coordinator, WITH_ADDRESS);
    expect(one.data.shelters.edges).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      const s = await h.ok<{ createShelter: { id: string } }>(net.coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
        i: {
          codeName: `PAGE-${i}-${net.regionCode}`,
          regionCode: net.regionCode,
          genderPolicy: 'MIXED',
          acceptsFamilies: false,
          acceptsMinors: false,
          languages: ['en'],
          specialisms: [],
          address: `${i} Page Road`,
          postcode: 'AB1 2CD',
          contactLine: '0800 000 001',
        },
      });
      await h.ok(net.coordinator, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
        i: { shelterId: s.createShelter.id, roomLabel: 'A', count: 2 },
      });
    }
    const six = await statements(net.coordinator, PAGE);
    expect(six.data.shelters.edges).toHaveLength(6);
    expect(six.n).toBe(one.n);
    expect(six.n).toBe(SHELTERS_PAGE);
    // Location reads stay audited one event per shelter read (a sequence value and an INSERT each).
    const sixAddress = await statements(net.coordinator, WITH_ADDRESS);
    expect(sixAddress.data.shelters.edges.every((e: any) => e.node.address)).toBe(true);
    expect(sixAddress.n - oneAddress.n).toBe(5 * 2);
    expect(sixAddress.sql.filter((q) => q.startsWith('INSERT INTO audit_event'))).toHaveLength(6);
  });

  describe('the referral lifecycle', () => {
    let referralId: string;
    let holdId: string;
    let twoHoldsWithLayout: number;
    const HOLDS_PAGE = '{ holds(first: 20) { edges { node { id room { id label } beds { id label } } } } }';

    it('createReferral', async () => {
      const r = await statements(net.officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status } }', {
        i: {
          agencyReference: 'SQL-COUNT-1',
          initials: 'AB',
          ageBand: 'AGE_25_34',
          gender: 'FEMALE',
          languages: ['en'],
          exploitationTypes: ['SEXUAL'],
          urgency: 'URGENT',
          consentGiven: true,
        },
      });
      referralId = r.data.createReferral.id;
      expect(r.data.createReferral.status).toBe('OPEN');
      expect(r.n).toBe(CREATE_REFERRAL);
    });

    it('matchCandidates', async () => {
      const r = await statements(net.officer, 'query($id: ID!) { matchCandidates(referralId: $id) { roomId shelterId score availableBeds } }', {
        id: referralId,
      });
      expect(r.data.matchCandidates.length).toBeGreaterThan(1);
      expect(r.n).toBe(MATCH_CANDIDATES);
    });

    it('a region-restricted candidate search can use the index on upper(region_code)', async () => {
      const restricted = await createReferral(h, net.officer, { acceptableRegions: [net.regionCode] });
      const r = await statements(net.officer, 'query($id: ID!) { matchCandidates(referralId: $id) { roomId regionCode } }', { id: restricted });
      expect(r.data.matchCandidates.length).toBeGreaterThan(0);
      expect(r.n).toBe(MATCH_CANDIDATES);
      const i = r.sql.findIndex((q) => q.includes('upper(s.region_code) = ANY'));
      expect(i).toBeGreaterThan(-1);
      expect(r.values[i]).toContainEqual([net.regionCode]);
      // The search's condition is the indexed expression; on a network this small the planner prefers other
      // paths, so the index is shown to serve that condition with the alternatives off (the full network: docs/performance.md).
      const plan = await h.db.transaction(async (em) => {
        await em.query('SET LOCAL enable_seqscan = off');
        await em.query('SET LOCAL enable_bitmapscan = off');
        const rows = await em.query(`EXPLAIN SELECT s.id FROM shelter s WHERE upper(s.region_code) = ANY($1::text[])`, [[net.regionCode]]);
        return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/Index (Only )?Scan using shelter_region_upper_idx on shelter s[^\n]*\n\s+Index Cond: \(upper\(\(region_code\)::text\) = ANY/);
    });

    it('requestPlacement → HoldOffered', async () => {
      const r = await statements(net.officer, REQUEST_PLACEMENT, { id: referralId });
      expect(r.data.requestPlacement.__typename).toBe('HoldOffered');
      holdId = r.data.requestPlacement.hold.id;
      expect(r.n).toBe(REQUEST_PLACEMENT_STATEMENTS);
      expect(r.sql.filter((q) => q.startsWith('SET TRANSACTION'))).toEqual([]);
      // The mutation alone (its answer asks for no shelter): the figure issue 13 wants at most 12.
      const bare = await statements(net.officer, 'mutation($id: ID!) { requestPlacement(referralId: $id) { __typename } }', {
        id: await createReferral(h, net.officer),
      });
      expect(bare.data.requestPlacement.__typename).toBe('HoldOffered');
      expect(bare.n).toBe(REQUEST_PLACEMENT_BARE);
    });

    it('holds with their room and beds (shelter staff), two holds', async () => {
      const staff = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-1', shelterIds: [net.shelterId] });
      await h.ok(staff, '{ me { sub } }'); // its revocation row read and cached, as for the tokens above
      const two = await statements(staff, HOLDS_PAGE);
      expect(two.data.holds.edges).toHaveLength(2);
      expect(two.data.holds.edges.every((e: any) => /^Room \d$/.test(e.node.room.label) && e.node.beds[0].label === `${e.node.room.label}-1`)).toBe(true);
      twoHoldsWithLayout = two.n;
    });

    it('referral and referrals (with their hold): no N+1 over the page', async () => {
      const one = await statements(net.officer, 'query($id: ID!) { referral(id: $id) { id status activeHold { id expiresAt shelter { codeName } } } }', {
        id: referralId,
      });
      expect(one.data.referral.activeHold.id).toBe(holdId);
      expect(one.n).toBe(REFERRAL);
      const LIST = '{ referrals(first: 20) { edges { node { id status activeHold { id shelter { codeName } } } } } }';
      const before = await statements(net.officer, LIST);
      for (let i = 0; i < 3; i++) {
        const id = await createReferral(h, net.officer);
        await h.ok(net.officer, REQUEST_PLACEMENT, { id });
      }
      const after = await statements(net.officer, LIST);
      expect(after.data.referrals.edges.length).toBe(before.data.referrals.edges.length + 3);
      expect(after.n).toBe(before.n);
      expect(after.n).toBe(REFERRALS);
    });

    it('holds with their room and beds (shelter staff): as many statements for 4 holds as for 2 (no N+1)', async () => {
      const four = await statements(await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-1', shelterIds: [net.shelterId] }), HOLDS_PAGE);
      expect(four.data.holds.edges).toHaveLength(4); // every bed of the shelter
      expect(four.data.holds.edges.every((e: any) => e.node.room.label && e.node.beds.length === 1)).toBe(true);
      expect(four.n).toBe(twoHoldsWithLayout);
      expect(four.n).toBe(HOLDS_WITH_LAYOUT);
    });

    it('confirmArrival and endPlacement', async () => {
      const staff = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-1', shelterIds: [net.shelterId] });
      const arrival = await statements(staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id status } }', { i: { holdId } });
      expect(arrival.data.confirmArrival.status).toBe('ACTIVE');
      expect(arrival.n).toBe(CONFIRM_ARRIVAL);
      const end = await statements(staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id status } }', {
        i: { placementId: arrival.data.confirmArrival.id, exitReason: 'MOVED_ON' },
      });
      expect(end.data.endPlacement.status).toBe('ENDED');
      expect(end.n).toBe(END_PLACEMENT);
    });
  });
});

// Statements per operation, each including the bearer token's revocation check
// and the transactions of the fields the operation's answer asks for.
// requestPlacement misses issue 13's target of at most 12: the gap and where
// the statements go are in docs/performance.md.
const AVAILABILITY = 1;
const SHELTERS_PAGE = 16;
const CREATE_REFERRAL = 10;
const MATCH_CANDIDATES = 8;
const REQUEST_PLACEMENT_STATEMENTS = 29; // 28 before the lock order (shelter row locked first, docs/guarantees.md)
const REQUEST_PLACEMENT_BARE = 25; // 24 before the lock order (shelter row locked first)
const REFERRAL = 12;
const REFERRALS = 12;
const HOLDS_WITH_LAYOUT = 12; // the page, its rooms (Loaders.room) and its beds (Loaders.bedsByHold): one batch each
const CONFIRM_ARRIVAL = 25;
const END_PLACEMENT = 17;
