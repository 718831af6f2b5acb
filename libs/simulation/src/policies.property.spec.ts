/**
 * Property: on small generated instances (every referral waiting at t = 0, so
 * the policies face one real batch), Harbour's batch assignment is at least as
 * good as both greedy rules and never above the hindsight bound, and no policy
 * breaks a hard rule (checked independently by the engine).
 */
import fc from 'fast-check';
import { AgeBand, Dependant, ExploitationType, Gender, GenderPolicy, ShelterStatus, Urgency, AccessibilityFeature } from '@harbour/domain';
import { DAY, HOUR, Scenario, SimNetwork, SimReferral, comparePolicies, standardPolicies, staticEligibility } from '@harbour/simulation';
import { scenarioOf } from '@harbour/simulation/testing/builders';

const REGIONS = ['A', 'B'];

const shelterArb = fc.record({
  genderPolicy: fc.constantFrom(GenderPolicy.WOMEN_ONLY, GenderPolicy.MEN_ONLY, GenderPolicy.MIXED),
  acceptsFamilies: fc.boolean(),
  acceptsMinors: fc.boolean(),
  adultMaxAge: fc.option(fc.constantFrom(24, 120), { nil: null }),
  regionCode: fc.constantFrom(...REGIONS),
  language: fc.constantFrom('en', 'sq', 'vi'),
  specialism: fc.constantFrom(ExploitationType.SEXUAL, ExploitationType.LABOUR),
  rooms: fc.array(fc.record({ beds: fc.integer({ min: 1, max: 3 }), accessible: fc.boolean() }), { minLength: 1, maxLength: 3 }),
});

const referralArb = fc.record({
  gender: fc.constantFrom(Gender.FEMALE, Gender.MALE),
  minor: fc.boolean(),
  children: fc.integer({ min: 0, max: 2 }),
  language: fc.constantFrom('en', 'sq', 'vi'),
  exploitation: fc.constantFrom(ExploitationType.SEXUAL, ExploitationType.LABOUR, ExploitationType.CRIMINAL),
  preferred: fc.constantFrom('A', 'B'),
  excludeOther: fc.boolean(),
  wheelchair: fc.boolean(),
  urgency: fc.constantFrom(Urgency.EMERGENCY, Urgency.URGENT, Urgency.ROUTINE),
  // Longer than the 2-day span: nobody leaves, so the policies face exactly one batch.
  stayDays: fc.integer({ min: 3, max: 10 }),
});

type ShelterGen = typeof shelterArb extends fc.Arbitrary<infer T> ? T : never;
type ReferralGen = typeof referralArb extends fc.Arbitrary<infer T> ? T : never;

function build(shelters: ShelterGen[], refs: ReferralGen[]): { network: SimNetwork; scenario: Scenario } {
  const network: SimNetwork = {
    name: 'generated',
    regions: REGIONS,
    shelters: shelters.map((s, i) => ({
      id: `S${i}`,
      profile: {
        status: ShelterStatus.OPEN,
        regionCode: s.regionCode,
        genderPolicy: s.genderPolicy,
        acceptsFamilies: s.acceptsFamilies,
        acceptsMinors: s.acceptsMinors,
        adultMaxAge: s.adultMaxAge,
        languages: [s.language],
        specialisms: [s.specialism],
      },
    })),
    rooms: shelters.flatMap((s, i) =>
      s.rooms.map((r, j) => ({
        id: `S${i}/R${j}`,
        shelterId: `S${i}`,
        beds: r.beds,
        accessibilityFeatures: r.accessible ? [AccessibilityFeature.WHEELCHAIR] : [],
      })),
    ),
  };
  const eligible = staticEligibility(network);
  const referrals: SimReferral[] = refs.map((r, i) => {
    const dependants: Dependant[] = r.minor ? [] : Array.from({ length: r.children }, () => ({ ageBand: AgeBand.UNDER_18, gender: null }));
    const profile = {
      gender: r.gender,
      ageBand: r.minor ? AgeBand.UNDER_18 : AgeBand.AGE_25_34,
      dependants,
      languages: [r.language],
      exploitationTypes: [r.exploitation],
      accessibilityNeeds: r.wheelchair ? [AccessibilityFeature.WHEELCHAIR] : [],
      exclusionRegions: r.excludeOther ? REGIONS.filter((x) => x !== r.preferred) : [],
      preferredRegions: [r.preferred],
    };
    return {
      id: `R${i}`,
      arrivalAt: 0,
      profile,
      urgency: r.urgency,
      staySeconds: r.stayDays * DAY,
      extensions: 0,
      offerOutcomes: [],
      arrivalDelaySeconds: HOUR,
      declineDelaySeconds: HOUR,
      group: { gender: r.gender, household: r.minor ? 'MINOR' : dependants.length ? 'FAMILY' : 'SINGLE', exploitation: r.exploitation },
      eligibleRoomIds: eligible(profile),
    };
  });
  return {
    network,
    scenario: scenarioOf(
      referrals.filter((r) => r.eligibleRoomIds.length > 0),
      2,
    ),
  };
}

describe('batch assignment against the baselines and the hindsight bound (property)', () => {
  it('first-come greedy <= batch, best-score greedy <= batch, batch <= hindsight bound, no violations', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(shelterArb, { minLength: 1, maxLength: 3 }), fc.array(referralArb, { minLength: 3, maxLength: 10 }), async (shelters, refs) => {
        const { network, scenario } = build(shelters, refs);
        const { metrics, bound } = await comparePolicies(network, scenario, standardPolicies(), {
          hindsight: { mode: 'mip', windowSeconds: DAY / 2 },
        });
        const [first, best, batch] = metrics;
        // No hard rule broken, room sharing included (the simulator's independent check).
        expect(metrics.map((m) => m.hardRuleViolations)).toEqual([0, 0, 0]);
        expect(metrics.map((m) => m.sharingViolations)).toEqual([0, 0, 0]);
        expect(bound!.method).toBe('MIP');
        expect(batch.value).toBeLessThanOrEqual(bound!.value + 1e-6);
        compared++;
        expect(batch.value).toBeGreaterThanOrEqual(first.value - 1e-6);
        expect(batch.value).toBeGreaterThanOrEqual(best.value - 1e-6);
      }),
      { numRuns: 60, seed: 20261129 },
    );
    // Every instance is compared. The batch mostly ties the better greedy rule here: its strict
    // wins on these small networks came from putting several (incompatible) households in one room.
    expect(compared).toBe(60);
  });
});
