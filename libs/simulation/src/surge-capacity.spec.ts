import { join } from 'node:path';
import { AgeBand, ExploitationType, Gender, GenderPolicy, ReferralProfile, ShelterStatus, Urgency } from '@harbour/domain';
import {
  DAY,
  HOUR,
  SimNetwork,
  SimReferral,
  SurgeSpecError,
  drawScenario,
  engineOptionsFor,
  firstComeGreedyPolicy,
  injectSurge,
  parseSurge,
  planCapacity,
  readReferralMix,
  staticEligibility,
} from '@harbour/simulation';
import { scenarioOf } from '@harbour/simulation/testing/builders';

const DATA = process.env.HARBOUR_DATA_DIR ?? join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const mix = readReferralMix(join(DATA, 'uk-nrm-referrals-by-year.csv'), 2024);

/** Region A: an adults' mixed house of `adultRooms` single rooms, a minors' house of `minorRooms`; region B: a women-only house. */
function network(adultRooms = 10, minorRooms = 1): SimNetwork {
  const shelter = (id: string, region: string, genderPolicy: GenderPolicy, acceptsMinors: boolean, acceptsFamilies: boolean) => ({
    id,
    profile: {
      status: ShelterStatus.OPEN,
      regionCode: region,
      genderPolicy,
      acceptsFamilies,
      acceptsMinors,
      adultMaxAge: null,
      languages: ['en'],
      specialisms: [],
    },
  });
  const rooms = (shelterId: string, n: number, beds = 1) =>
    Array.from({ length: n }, (_, i) => ({ id: `${shelterId}/R${i + 1}`, shelterId, beds, accessibilityFeatures: [] }));
  return {
    name: 'test',
    regions: ['A', 'B'],
    shelters: [
      shelter('ADULTS', 'A', GenderPolicy.MIXED, false, true),
      shelter('MINORS', 'A', GenderPolicy.MIXED, true, false),
      shelter('WOMEN', 'B', GenderPolicy.WOMEN_ONLY, false, false),
    ],
    rooms: [
      ...rooms('ADULTS', adultRooms),
      ...rooms('ADULTS', 2, 4).map((r, i) => ({ ...r, id: `ADULTS/F${i + 1}` })),
      ...rooms('MINORS', minorRooms),
      ...rooms('WOMEN', 2),
    ],
  };
}

const example = {
  name: 'Operation test',
  count: 30,
  startDay: 10,
  durationHours: 6,
  gender: { MALE: 1 },
  household: { SINGLE: 0.5, MINOR: 0.5 },
  exploitation: { LABOUR: 1 },
};

describe('parseSurge', () => {
  it('accepts the example scenario file with its defaults', () => {
    const spec = parseSurge(require('../scenarios/operation-example.json'));
    expect(spec).toMatchObject({ count: 40, startDay: 60, durationHours: 12 });
    expect(parseSurge(example).urgency).toEqual({ EMERGENCY: 1 });
  });

  it('names the bad field', () => {
    const bad = (v: unknown) => {
      try {
        parseSurge(v);
      } catch (e) {
        expect(e).toBeInstanceOf(SurgeSpecError);
        return [(e as SurgeSpecError).field, (e as Error).message];
      }
      throw new Error('accepted');
    };
    expect(bad({ ...example, count: 0 })[0]).toBe('count');
    expect(bad({ ...example, gender: { MALE: 1, MEN: 1 } })[0]).toBe('gender.MEN');
    expect(bad({ ...example, household: { SINGLE: 0 } })).toEqual(['household', 'household: needs at least one share above 0']);
    expect(bad({ ...example, durationHours: -1 })[0]).toBe('durationHours');
    expect(bad({ ...example, colour: 'red' })[0]).toBe('(surge)');
  });
});

describe('injectSurge', () => {
  const net = network();
  const background = drawScenario(net, mix, { seed: 3, spanDays: 40, load: 0.5 });
  const withSurge = injectSurge(background, net, mix, parseSurge(example));
  const surge = withSurge.referrals.filter((r) => r.cohort === 'SURGE');

  it('adds the operation on top of the background arrivals, which stay exactly as they were', () => {
    expect(withSurge.referrals.filter((r) => r.cohort !== 'SURGE')).toEqual(background.referrals);
    expect(surge.length + (withSurge.unservable ?? []).filter((u) => u.cohort === 'SURGE').length).toBe(30);
    // Evenly over 6 hours from day 10: one every 12 minutes.
    expect(surge.map((r) => r.arrivalAt).sort((a, b) => a - b)[0]).toBe(10 * DAY);
    expect(Math.max(...surge.map((r) => r.arrivalAt))).toBe(10 * DAY + 29 * 12 * 60);
    expect(withSurge.referrals.map((r) => r.arrivalAt)).toEqual([...withSurge.referrals.map((r) => r.arrivalAt)].sort((a, b) => a - b));
  });

  it('follows the mix: all male, labour, EMERGENCY, half unaccompanied minors', () => {
    expect(
      surge.every((r) => r.profile.gender === Gender.MALE && r.profile.exploitationTypes[0] === ExploitationType.LABOUR && r.urgency === Urgency.EMERGENCY),
    ).toBe(true);
    const minors = surge.filter((r) => r.group.household === 'MINOR');
    expect(minors.every((r) => r.profile.ageBand === AgeBand.UNDER_18 && r.profile.dependants.length === 0)).toBe(true);
    expect(surge.filter((r) => r.group.household === 'SINGLE').every((r) => r.profile.ageBand !== AgeBand.UNDER_18 && r.profile.dependants.length === 0)).toBe(
      true,
    );
    expect(minors.length).toBeGreaterThan(5);
    expect(minors.length).toBeLessThan(25);
    expect(withSurge.surge).toMatchObject({ referrals: surge.length });
  });

  it('counts the surge referrals no room could take as no suitable provision, and checks region and start day', () => {
    // Families fit only the adults' family rooms (4 beds, region A): a household larger than 4,
    // or one whose exclusion area is A, has no suitable provision.
    const women = injectSurge(background, net, mix, parseSurge({ ...example, gender: { FEMALE: 1 }, household: { FAMILY: 1 } }));
    const fam = women.referrals.filter((r) => r.cohort === 'SURGE');
    const none = (women.unservable ?? []).filter((u) => u.cohort === 'SURGE');
    expect(fam.length + none.length).toBe(30);
    expect(none.length).toBeGreaterThan(0);
    expect(fam.every((r) => r.profile.dependants.length + 1 <= 4 && r.profile.dependants.length >= 1 && !r.profile.exclusionRegions.includes('A'))).toBe(true);
    expect(none.every((u) => u.profile.dependants.length + 1 > 4 || u.profile.exclusionRegions.includes('A'))).toBe(true);
    expect(women.outOfScope).toBe(background.outOfScope + none.length);
    expect(() => injectSurge(background, net, mix, parseSurge({ ...example, region: 'Z' }))).toThrow(/region: Z is not a region of test/);
    expect(() => injectSurge(background, net, mix, parseSurge({ ...example, startDay: 40 }))).toThrow(SurgeSpecError);
    const inB = injectSurge(background, net, mix, parseSurge({ ...example, region: 'b' }));
    expect(inB.referrals.filter((r) => r.cohort === 'SURGE').every((r) => r.profile.preferredRegions[0] === 'B' || r.profile.exclusionRegions[0] === 'B')).toBe(
      true,
    );
  });
});

const profile = (minor: boolean): ReferralProfile => ({
  gender: Gender.FEMALE,
  ageBand: minor ? AgeBand.UNDER_18 : AgeBand.AGE_25_34,
  dependants: [],
  languages: ['en'],
  exploitationTypes: [ExploitationType.SEXUAL],
  accessibilityNeeds: [],
  exclusionRegions: ['B'],
  preferredRegions: ['A'],
});

describe('planCapacity with the per-group p90 target', () => {
  // 12 adults (one a day, 5-day stays) are placed at once; 4 minors (one a day from day 0,
  // 20-day stays) share the one minors' bed: the minors' p90 time to an offer is weeks,
  // while the median wait of everyone is 0.
  const net = network(10, 1);
  const el = staticEligibility(net);
  const ref = (id: string, at: number, minor: boolean, stayDays: number): SimReferral => {
    const p = profile(minor);
    return {
      id,
      arrivalAt: at,
      profile: p,
      urgency: Urgency.URGENT,
      staySeconds: stayDays * DAY,
      extensions: 0,
      offerOutcomes: [],
      arrivalDelaySeconds: 2 * HOUR,
      declineDelaySeconds: HOUR,
      group: { gender: p.gender, household: minor ? 'MINOR' : 'SINGLE', exploitation: ExploitationType.SEXUAL },
      eligibleRoomIds: el(p),
    };
  };
  const sc = scenarioOf(
    [
      ...Array.from({ length: 4 }, (_, i) => ref(`M${i}`, i * DAY, true, 20)),
      ...Array.from({ length: 12 }, (_, i) => ref(`A${String(i).padStart(2, '0')}`, i * DAY + 12 * HOUR, false, 5)),
    ].sort((a, b) => a.arrivalAt - b.arrivalAt),
    60,
  );
  const options = { targetMedianWaitDays: 7, stepBeds: 2, maxSteps: 3, minGroupSize: 4, engine: engineOptionsFor({}) };

  it('adds minors beds until the minors p90 is within 7 days, where the median of all would add none', async () => {
    const p90 = await planCapacity(net, sc, firstComeGreedyPolicy(), { ...options, measure: 'p90' });
    expect(p90.worstGroupBefore).toBe('household MINOR');
    expect(p90.baselineMedianWaitDays).toBeGreaterThan(30);
    expect(p90.steps.map((s) => [s.regionCode, s.kind, s.beds, s.forGroup])).toEqual([
      ['A', 'MINORS', 2, 'household MINOR'],
      ['A', 'MINORS', 2, 'household MINOR'],
    ]);
    expect(p90.met).toBe(true);
    expect(p90.finalMedianWaitDays).toBeLessThanOrEqual(7);
    expect(p90.steps[0].medianWaitDays).toBeGreaterThan(7);

    const median = await planCapacity(net, sc, firstComeGreedyPolicy(), { ...options, measure: 'median' });
    expect(median.baselineMedianWaitDays).toBe(0);
    expect(median.met).toBe(true);
    expect(median.steps).toEqual([]);
  });
});
