/**
 * SQL statements per GraphQL operation (issue 13): every statement the API
 * sends to PostgreSQL for one HTTP request is counted on the real connection
 * (a hook on node-postgres' Client#query, which TypeORM's pool uses), so an
 * N+1 query or an extra round trip changes a number here and fails CI.
 *
 * The API runs with the real clock (CLOCK_MODE=system, as in production: the
 * adjustable clock would add a read of its offset per `now()`), without a
 * worker (its relay polls the outbox), and the test's own connection acts as
 * SERVICE, which tells its statements apart from the API's.
 *
 * A transaction's BEGIN, its row-level-security set_config and its COMMIT are
 * statements like any other: they are round trips. `SQL_TRACE=1` prints each
 * counted statement (first 160 characters), to see where a number comes from.
 */
import { Client } from 'pg';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

/** Statements sent by API connections (no `-c harbour.role=SERVICE` startup option) since the last reset. */
const seen: string[] = [];
let counting = false;
const originalQuery = Client.prototype.query;

function installHook(database: string): void {
  (Client.prototype as unknown as { query: unknown }).query = function (
    this: Client & { connectionParameters: { database: string; options?: string } },
    ...args: unknown[]
  ) {
    const cp = this.connectionParameters;
    if (counting && cp.database === database && !cp.options) {
      if (process.env.SQL_TRACE) console.log((typeof args[0] === 'string' ? args[0] : ((args[0] as any)?.text ?? '')).slice(0, 160).replace(/\s+/g, ' '));
      const q = args[0] as string | { text?: string };
      seen.push(typeof q === 'string' ? q : (q?.text ?? String(q)));
    }
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as never;
}

describe('SQL statements per GraphQL operation', () => {
  let h: Harbour;
  let net: Network;

  /** Runs one operation over HTTP and returns the API's statements for it (and the data, which must have no errors). */
  async function statements(token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ n: number; sql: string[]; data: any }> {
    seen.length = 0;
    counting = true;
    const r = await h.gql(token, query, variables);
    // Anything the request started after answering (none today) would be counted too.
    await new Promise((resolve) => setImmediate(resolve));
    counting = false;
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return { n: seen.length, sql: [...seen], data: r.data };
  }

  beforeAll(async () => {
    h = await Harbour.start('sqlcount', { worker: false, env: { CLOCK_MODE: 'system' } });
    installHook(new URL(h.config.DATABASE_URL).pathname.slice(1));
    net = await smallNetwork(h, { beds: 4 });
  });
  afterAll(async () => {
    (Client.prototype as unknown as { query: unknown }).query = originalQuery;
    await h?.close();
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

    it('requestPlacement → HoldOffered', async () => {
      const r = await statements(net.officer, REQUEST_PLACEMENT, { id: referralId });
      expect(r.data.requestPlacement.__typename).toBe('HoldOffered');
      holdId = r.data.requestPlacement.hold.id;
      expect(r.n).toBe(REQUEST_PLACEMENT_STATEMENTS);
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
const AVAILABILITY = 2;
const SHELTERS_PAGE = 21;
const CREATE_REFERRAL = 12;
const MATCH_CANDIDATES = 11;
const REQUEST_PLACEMENT_STATEMENTS = 35;
const REFERRAL = 16;
const REFERRALS = 16;
const CONFIRM_ARRIVAL = 27;
const END_PLACEMENT = 19;
