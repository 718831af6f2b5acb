/**
 * Random and hostile input at the mutations (fast-check): every answer is
 * either a success or a typed error (never INTERNAL_SERVER_ERROR, never HTTP
 * 5xx), and a refused mutation writes nothing.
 */
import fc from 'fast-check';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';
import { hostileInt, hostileString } from './support/schema-fuzz';

// Each test is a fixed amount of work (a fixed seed, 250 runs per property, three
// round trips per run), not a race: on a CI machine shared with other jobs one test
// took over jest's default 60 s (seen at load 17 on 2 cores), so the limit here is
// set to what the work needs on a slow machine, not to how fast it usually runs.
jest.setTimeout(300_000);

const TYPED = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED']);

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const enumOrJunk = (...values: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: hostileString, weight: 1 });
/** Mostly well-formed values, sometimes hostile ones, so both outcomes are exercised. */
const usuallyValid = (valid: fc.Arbitrary<string>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileString, weight: 1 });
const uuidOrJunk = (real: () => string) =>
  fc.oneof(
    fc.uuid(),
    fc.constant('not-a-uuid'),
    fc.constant(null as unknown as string).map(() => real()),
  );

describe('mutations under random and hostile input', () => {
  let h: Harbour;
  let net: Network;
  let holdId = '';
  let placementId = '';

  beforeAll(async () => {
    h = await Harbour.start('property', { worker: false, env: { RATE_LIMIT_PER_USER_PER_MINUTE: '0', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0' } });
    net = await smallNetwork(h, { beds: 3 });
    const r1 = await createReferral(h, net.officer);
    const held = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: r1 });
    holdId = held.requestPlacement.hold.id;
    const r2 = await createReferral(h, net.officer);
    // Placed after a positive RG: the recovery period exists, so extensions can succeed.
    await recordPositiveRg(h, net.officer, r2);
    const h2 = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: r2 });
    placementId = (
      await h.ok<{ confirmArrival: any }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
        i: { holdId: h2.requestPlacement.hold.id },
      })
    ).confirmArrival.id;
  });
  afterAll(async () => h?.close());

  const snapshot = async () =>
    (
      await h.db.query(`SELECT (SELECT count(*) FROM referral)::int r, (SELECT count(*) FROM bed)::int b, (SELECT count(*) FROM room)::int rm,
        (SELECT count(*) FROM shelter)::int s, (SELECT count(*) FROM alert_rule)::int ar, (SELECT count(*) FROM recovery_period)::int rp,
        (SELECT count(*) FROM outbox_event)::int o, (SELECT count(*) FROM agency)::int a,
        (SELECT string_agg(status, ',' ORDER BY id) FROM bed) bs, (SELECT string_agg(status, ',' ORDER BY id) FROM placement) ps`)
    )[0];

  /** Answers seen since the last reset: the properties must see both outcomes to mean anything. */
  let tally = { ok: 0, refused: 0 };
  const expectBothOutcomes = () => {
    expect(tally.ok).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
    tally = { ok: 0, refused: 0 };
  };

  /** Sends one mutation; checks the answer is typed and that a refusal changed nothing. */
  async function check(token: string, query: string, variables: Record<string, unknown>): Promise<void> {
    const before = await snapshot();
    const r = await h.gql(token, query, variables);
    expect(r.status).toBeLessThan(500);
    if (r.errors?.length) tally.refused++;
    else tally.ok++;
    if (r.errors?.length) {
      for (const e of r.errors) {
        if (!TYPED.has(e.extensions?.code)) throw new Error(`untyped error ${JSON.stringify(e)} for ${JSON.stringify(variables).slice(0, 300)}`);
      }
      expect(await snapshot()).toEqual(before);
    }
  }

  // Reproducible in CI (FC_SEED to explore other inputs); a failure prints its seed and path.
  const runs = { numRuns: 250, seed: Number(process.env.FC_SEED ?? 20261129) };

  it('createReferral', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          agencyReference: usuallyValid(fc.stringMatching(/^[A-Z0-9]{4,12}$/)),
          initials: usuallyValid(fc.stringMatching(/^[A-Z]{1,4}$/)),
          ageBand: enumOrJunk('UNDER_18', 'AGE_18_24', 'AGE_25_34', 'AGE_55_PLUS'),
          gender: enumOrJunk('FEMALE', 'MALE', 'NON_BINARY'),
          consentGiven: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: maybe(fc.boolean()), weight: 1 }),
          languages: maybe(fc.array(usuallyValid(fc.constantFrom('en', 'ro', 'pt-BR')), { maxLength: 15 })),
          exploitationTypes: maybe(fc.array(enumOrJunk('SEXUAL', 'LABOUR', 'CRIMINAL'), { maxLength: 8 })),
          dependants: maybe(fc.array(fc.record({ ageBand: enumOrJunk('UNDER_18', 'AGE_25_34') }), { maxLength: 15 })),
          preferredRegions: maybe(fc.array(fc.oneof(hostileString, fc.constant(net.regionCode)), { maxLength: 4 })),
          exclusionRegions: maybe(fc.array(hostileString, { maxLength: 4 })),
          notes: maybe(usuallyValid(fc.string({ maxLength: 100 }))),
          urgency: maybe(enumOrJunk('EMERGENCY', 'URGENT', 'ROUTINE')),
        }),
        (input) => check(net.officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', { i: input }),
      ),
      runs,
    );
    expectBothOutcomes();
  });

  it('addBeds and setBedStatus', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ shelterId: uuidOrJunk(() => net.shelterId), roomLabel: hostileString, count: hostileInt }), (input) =>
        check(net.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', { i: input }),
      ),
      runs,
    );
    expectBothOutcomes();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          bedId: uuidOrJunk(() => net.bedIds[2]),
          status: enumOrJunk('AVAILABLE', 'OUT_OF_SERVICE', 'HELD', 'OCCUPIED'),
          reason: maybe(hostileString),
          expectedReturn: maybe(fc.oneof(hostileString, fc.constantFrom('2099-12-31', '2026-02-30', '2001-01-01'))),
        }),
        (input) => check(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', { i: input }),
      ),
      runs,
    );
    expectBothOutcomes();
  });

  it('createShelter and createAlertRule', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          codeName: usuallyValid(fc.stringMatching(/^[A-Z]{3,8}-[0-9]{1,4}$/)),
          regionCode: usuallyValid(fc.constant(net.regionCode)),
          genderPolicy: enumOrJunk('WOMEN_ONLY', 'MEN_ONLY', 'MIXED'),
          languages: maybe(fc.array(usuallyValid(fc.constantFrom('en', 'ar')), { maxLength: 3 })),
          latitude: maybe(fc.oneof({ arbitrary: fc.double({ min: -90, max: 90, noNaN: true }), weight: 4 }, { arbitrary: fc.double(), weight: 1 })),
          webhookUrl: maybe(fc.oneof(hostileString, fc.webUrl(), fc.constantFrom('http://169.254.169.254/', 'http://[::ffff:a9fe:a9fe]/'))),
        }),
        (input) => check(net.coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', { i: input }),
      ),
      runs,
    );
    expectBothOutcomes();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          regionCode: maybe(usuallyValid(fc.constant(net.regionCode))),
          category: enumOrJunk('ALL', 'WOMEN_ONLY', 'FAMILY'),
          threshold: hostileInt,
          resolveAt: maybe(hostileInt),
        }),
        (input) => check(net.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', { i: input }),
      ),
      runs,
    );
    expectBothOutcomes();
  });

  it('placement lifecycle mutations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          placementId: uuidOrJunk(() => placementId),
          reason: hostileString,
          lengthDays: maybe(hostileInt),
          clientMutationId: maybe(hostileString),
        }),
        (input) => check(net.staff, 'mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { sequence } }', { i: input }),
      ),
      runs,
    );
    expectBothOutcomes();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          holdId: uuidOrJunk(() => holdId),
          arrivedOn: maybe(fc.oneof(hostileString, fc.constantFrom('2999-01-01', '1900-01-01', '2026-13-01'))),
        }),
        async (input) => {
          // A valid confirmation would end the supply of holds to test with; only send broken dates.
          if (input.holdId === holdId && input.arrivedOn === undefined) return;
          await check(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', { i: input });
        },
      ),
      runs,
    );
  });
});
