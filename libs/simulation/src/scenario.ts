/**
 * The random part of a simulation, drawn ONCE per run and shared by every
 * policy (common random numbers): referral arrivals with their households,
 * needs, lengths of stay and the outcome of each offer they will get, and the
 * bed outages. Every policy therefore faces exactly the same people, at the
 * same instants, who would accept, decline or not show up to the same offers.
 *
 * Time is in seconds from the start of the run (t = 0). Every assumption is
 * listed in {@link DEFAULT_SCENARIO_OPTIONS} with its source, and repeated in
 * the report (see report.ts) and docs/simulator/time-to-bed.md ("Assumptions").
 */
import { AccessibilityFeature, AgeBand, Dependant, ExploitationType, Gender, ReferralProfile, Urgency, checkEligibility, householdSize } from '@harbour/domain';
import { ReferralMix } from './nrm-mix';
import { SeededRandom } from './random';
import { SimNetwork, emptyProfiles, networkBeds } from './network';

/** Seconds in a day / an hour. */
export const DAY = 86_400;
export const HOUR = 3_600;

/** Household kinds of the group tables: single adult, adult with dependants, unaccompanied minor. */
export type HouseholdKind = 'SINGLE' | 'FAMILY' | 'MINOR';

/** Where a referral came from: the ordinary arrivals or a coordinated operation's intake. */
export type Cohort = 'BACKGROUND' | 'SURGE';

/**
 * A referral no room of the network could ever take, even with every bed free
 * (no suitable provision). Kept for the group tables; never simulated.
 */
export interface UnservableReferral {
  id: string;
  arrivalAt: number;
  profile: ReferralProfile;
  urgency: Urgency;
  group: SimReferral['group'];
  cohort?: Cohort;
}

/** What happens to the k-th bed offer (hold) a referral gets. */
export type OfferOutcome = 'ACCEPT' | 'DECLINE' | 'NO_SHOW';

/** One referral of the stream, with everything about it decided in advance. */
export interface SimReferral {
  /** `R000001`, … in arrival order. */
  id: string;
  /** Seconds from the start of the run. */
  arrivalAt: number;
  profile: ReferralProfile;
  urgency: Urgency;
  /** Length of the stay once arrived, in seconds (includes extensions). */
  staySeconds: number;
  /** Recovery periods extended beyond the first: ceil(stay / period) − 1. */
  extensions: number;
  /** Outcome of the 1st, 2nd, … offer; offers beyond the list are accepted. */
  offerOutcomes: OfferOutcome[];
  /** Time from an accepted offer to arrival at the shelter (seconds, within the hold). */
  arrivalDelaySeconds: number;
  /** Time from an offer to a decline (seconds, within the hold). */
  declineDelaySeconds: number;
  /** Groups for the fairness tables. */
  group: { gender: Gender; household: HouseholdKind; exploitation: ExploitationType };
  /** SURGE: injected by a coordinated operation's intake (surge.ts); BACKGROUND (or absent): the ordinary arrivals. */
  cohort?: Cohort;
  /** Ids of the rooms whose shelter and room take this household when empty (static eligibility, checkEligibility). */
  eligibleRoomIds: string[];
}

/** One bed out of service in a room, from `startAt` to `endAt` (seconds). */
export interface SimOutage {
  roomId: string;
  startAt: number;
  endAt: number;
}

/**
 * A person already in a bed at t = 0 (the network does not start empty), leaving at `leaveAt`.
 * `profile`: who they are, for the room-sharing rule (residents of one room are
 * drawn compatible); without it the resident shares with nobody.
 */
export interface SimResident {
  roomId: string;
  leaveAt: number;
  profile?: Pick<ReferralProfile, 'gender' | 'ageBand' | 'dependants'>;
}

/** Everything random about one run. */
export interface Scenario {
  spanSeconds: number;
  referrals: SimReferral[];
  outages: SimOutage[];
  /** One-bed residents at t = 0, the same for every policy (not counted in the metrics). */
  residents: SimResident[];
  /** Referrals drawn from the NRM mix that no room of the network could ever take (excluded from the comparison). */
  outOfScope: number;
  /** Those referrals (no suitable provision), for the group tables; absent in hand-made scenarios. */
  unservable?: UnservableReferral[];
  /** The surge injected (surge.ts), if any: its description and how many of its referrals a room could take. */
  surge?: { spec: import('./surge').SurgeSpec; referrals: number; unservable: number; people: number };
  /** Arrival rate of in-scope referrals used, per day. */
  inScopeRatePerDay: number;
  /** Mean household size of in-scope referrals (estimated from a pilot sample). */
  meanHouseholdSize: number;
  options: ScenarioOptions;
}

/** Knobs of the scenario; defaults and sources in {@link DEFAULT_SCENARIO_OPTIONS}. */
export interface ScenarioOptions {
  seed: number;
  spanDays: number;
  /** In-scope demand relative to bed turnover (beds / (mean stay × mean household size) per day). */
  load: number;
  /**
   * Referrals a day, every one (in scope or not), e.g. as Harbour's history
   * observed them (`harbour simulate --mix observed`). When set, `load` is not
   * used for the rate.
   */
  referralsPerDay?: number;
  meanStayDays: number;
  recoveryPeriodDays: number;
  declineShare: number;
  noShowShare: number;
  holdHours: number;
  /** Share of adult women / men referred with dependants. */
  familyShareFemale: number;
  familyShareMale: number;
  /** Mean household size of a family (referred person + dependants). */
  meanFamilySize: number;
  /** Share of families with one adult dependant (same gender as the referred person). */
  adultDependantShare: number;
  nonBinaryShare: number;
  wheelchairShare: number;
  /** Share of referrals whose home region is an exclusion area (they prefer another region). */
  excludeHomeRegionShare: number;
  urgency: Record<Urgency, number>;
  /** Outages per bed per year, and their length range in days. */
  outagesPerBedYear: number;
  outageDays: [number, number];
  /** Share of beds occupied at t = 0 (default: min(0.95, load)), so the run starts near steady state rather than empty. */
  initialOccupancy?: number;
}

/**
 * Default assumptions. Sources:
 * - meanStayDays 81: average safe-house stay, Salvation Army victim care contract 2014 (`uk-safe-house-facts.csv`).
 * - recoveryPeriodDays 45: England and Wales recovery period (same file); stays longer than a period are extensions.
 * - declineShare / noShowShare 10% / 10%: the same assumption as `harbour replay` (no published figure).
 * - holdHours 24: Harbour's default hold (HOLD_HOURS).
 * - meanFamilySize 3.12: HIC 2023 national beds for households with children ÷ family units (200,714 / 64,259).
 * - familyShareFemale 15%, familyShareMale 3%, adultDependantShare 10%, nonBinaryShare 0.5%,
 *   wheelchairShare 2%, excludeHomeRegionShare 25%, urgency 30/40/30, outages 0.5 per bed-year
 *   of 1–14 days: assumptions (no figure in the data files).
 * - initialOccupancy: min(0.95, load) of the beds are taken at t = 0 by residents whose
 *   remaining stay is that of a stay in progress (length-biased Gamma(2) stay × uniform share left).
 */
export const DEFAULT_SCENARIO_OPTIONS: Readonly<Omit<ScenarioOptions, 'seed'>> = Object.freeze({
  spanDays: 365,
  load: 1.1,
  meanStayDays: 81,
  recoveryPeriodDays: 45,
  declineShare: 0.1,
  noShowShare: 0.1,
  holdHours: 24,
  familyShareFemale: 0.15,
  familyShareMale: 0.03,
  meanFamilySize: 3.12,
  adultDependantShare: 0.1,
  nonBinaryShare: 0.005,
  wheelchairShare: 0.02,
  excludeHomeRegionShare: 0.25,
  urgency: { [Urgency.EMERGENCY]: 0.3, [Urgency.URGENT]: 0.4, [Urgency.ROUTINE]: 0.3 },
  outagesPerBedYear: 0.5,
  outageDays: [1, 14] as [number, number],
});

/** Adult age bands (assumption: no age split beyond children in the data). */
const ADULT_AGES: Record<Exclude<AgeBand, AgeBand.UNDER_18>, number> = {
  [AgeBand.AGE_18_24]: 0.25,
  [AgeBand.AGE_25_34]: 0.35,
  [AgeBand.AGE_35_44]: 0.22,
  [AgeBand.AGE_45_54]: 0.12,
  [AgeBand.AGE_55_PLUS]: 0.06,
};

/** Languages besides English (assumption: the NRM file has no nationality column). 30% English only. */
const LANGUAGES = ['sq', 'vi', 'ti', 'ar', 'ro', 'pl', 'zh', 'es'];

/** Draws one referral's household and needs from the NRM mix (no timing, no eligibility yet). */
export function drawProfile(
  rng: SeededRandom,
  mix: ReferralMix,
  o: Omit<ScenarioOptions, 'seed'>,
  regions: readonly string[],
  regionWeights: Record<string, number>,
): { profile: ReferralProfile; urgency: Urgency; group: SimReferral['group'] } {
  const minor = rng.chance(mix.childShare);
  const gender = rng.chance(o.nonBinaryShare) ? Gender.NON_BINARY : rng.chance(mix.maleShare) ? Gender.MALE : Gender.FEMALE;
  const ageBand = minor ? AgeBand.UNDER_18 : rng.weighted(ADULT_AGES);
  const dependants: Dependant[] = [];
  const familyShare = gender === Gender.MALE ? o.familyShareMale : o.familyShareFemale;
  if (!minor && rng.chance(familyShare)) {
    const count = Math.min(6, 1 + rng.poisson(Math.max(0, o.meanFamilySize - 2)));
    for (let i = 0; i < count; i++) dependants.push({ ageBand: AgeBand.UNDER_18, gender: null });
    if (rng.chance(o.adultDependantShare)) dependants[0] = { ageBand: AgeBand.AGE_25_34, gender };
  }
  const exploitation = rng.weighted(mix.exploitation) as ExploitationType;
  const home = rng.weighted(regionWeights);
  let preferred = [home];
  const exclusion: string[] = [];
  if (rng.chance(o.excludeHomeRegionShare)) {
    exclusion.push(home);
    const others = regions.filter((r) => r !== home);
    preferred = others.length > 0 ? [rng.weighted(Object.fromEntries(others.map((r) => [r, regionWeights[r]])))] : [];
  }
  const languages = rng.chance(0.3) ? ['en'] : [rng.pick(LANGUAGES)];
  const profile: ReferralProfile = {
    gender,
    ageBand,
    dependants,
    languages,
    exploitationTypes: [exploitation],
    accessibilityNeeds: rng.chance(o.wheelchairShare) ? [AccessibilityFeature.WHEELCHAIR] : [],
    exclusionRegions: exclusion,
    preferredRegions: preferred,
  };
  return {
    profile,
    urgency: rng.weighted(o.urgency),
    group: { gender, household: minor ? 'MINOR' : dependants.length > 0 ? 'FAMILY' : 'SINGLE', exploitation },
  };
}

/**
 * Static eligibility of a household against every room of the empty network,
 * with rooms that share a shelter, bed count and features checked once.
 * Uses the domain's {@link checkEligibility}: the simulator has no rules of its own.
 */
export function staticEligibility(network: SimNetwork): (profile: ReferralProfile) => string[] {
  const empty = emptyProfiles(network);
  const classes = new Map<string, { probe: { shelter: any; room: any }; roomIds: string[] }>();
  for (const r of network.rooms) {
    const key = `${r.shelterId}|${r.beds}|${[...r.accessibilityFeatures].sort().join(',')}`;
    const c = classes.get(key);
    if (c) c.roomIds.push(r.id);
    else classes.set(key, { probe: empty.get(r.id)!, roomIds: [r.id] });
  }
  const list = [...classes.values()];
  return (profile) => list.filter((c) => checkEligibility(profile, c.probe.shelter, c.probe.room).eligible).flatMap((c) => c.roomIds);
}

/**
 * Draws a scenario for `network`: in-scope referrals arrive as a Poisson
 * process whose rate is `load × beds / (meanStayDays × mean household size)` per
 * day (the bed turnover), each referral drawn from the NRM `mix`; referrals no
 * room could ever take are counted in `outOfScope` and left out. The mean
 * household size and the in-scope share are estimated first from a pilot
 * sample of 4,000 referrals drawn with a separate stream of the same seed.
 *
 * @throws Error if the network has no beds or no referral of the mix fits any room.
 */
export function drawScenario(network: SimNetwork, mix: ReferralMix, options: Partial<ScenarioOptions> & { seed: number }): Scenario {
  const o: ScenarioOptions = { ...DEFAULT_SCENARIO_OPTIONS, ...options };
  const beds = networkBeds(network);
  if (beds === 0) throw new Error(`network ${network.name} has no beds`);
  const eligible = staticEligibility(network);
  const regionBeds: Record<string, number> = Object.fromEntries(network.regions.map((r) => [r, 0]));
  const shelterRegion = new Map(network.shelters.map((s) => [s.id, s.profile.regionCode]));
  for (const r of network.rooms) regionBeds[shelterRegion.get(r.shelterId)!] += r.beds;

  // Pilot: in-scope share and household size.
  const pilot = new SeededRandom(o.seed ^ 0x5eed);
  let inScope = 0;
  let people = 0;
  for (let i = 0; i < 4000; i++) {
    const d = drawProfile(pilot, mix, o, network.regions, regionBeds);
    if (eligible(d.profile).length > 0) {
      inScope++;
      people += householdSize(d.profile);
    }
  }
  if (inScope === 0) throw new Error(`no referral of the NRM mix fits any room of ${network.name}`);
  const meanHouseholdSize = people / inScope;
  const inScopeRatePerDay = o.referralsPerDay !== undefined ? o.referralsPerDay * (inScope / 4000) : (o.load * beds) / (o.meanStayDays * meanHouseholdSize);
  // An observed rate implies a load (the share of bed turnover it asks for): the start occupancy and the report use it.
  if (o.referralsPerDay !== undefined) o.load = (inScopeRatePerDay * o.meanStayDays * meanHouseholdSize) / beds;
  const totalRatePerSecond = inScopeRatePerDay / (inScope / 4000) / DAY;

  const rng = new SeededRandom(o.seed);
  const spanSeconds = Math.round(o.spanDays * DAY);
  const referrals: SimReferral[] = [];
  const unservable: UnservableReferral[] = [];
  let outOfScope = 0;
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng.next()) / totalRatePerSecond;
    if (t >= spanSeconds) break;
    const d = drawProfile(rng, mix, o, network.regions, regionBeds);
    // Drawn for every referral (in scope or not) so the stream does not depend on the network's rooms.
    const stayDays = Math.max(1, rng.gamma2(o.meanStayDays));
    const outcomes: OfferOutcome[] = Array.from({ length: 6 }, () => {
      const u = rng.next();
      return u < o.declineShare ? 'DECLINE' : u < o.declineShare + o.noShowShare ? 'NO_SHOW' : 'ACCEPT';
    });
    const arrivalDelay = (2 + rng.next() * 18) * HOUR;
    const declineDelay = (1 + rng.next() * 11) * HOUR;
    const rooms = eligible(d.profile);
    if (rooms.length === 0) {
      outOfScope++;
      unservable.push({ id: `X${String(outOfScope).padStart(6, '0')}`, arrivalAt: Math.floor(t), profile: d.profile, urgency: d.urgency, group: d.group });
      continue;
    }
    referrals.push({
      id: `R${String(referrals.length + 1).padStart(6, '0')}`,
      arrivalAt: Math.floor(t),
      profile: d.profile,
      urgency: d.urgency,
      staySeconds: Math.round(stayDays * DAY),
      extensions: Math.max(0, Math.ceil(stayDays / o.recoveryPeriodDays) - 1),
      offerOutcomes: outcomes,
      arrivalDelaySeconds: Math.round(Math.min(arrivalDelay, o.holdHours * HOUR)),
      declineDelaySeconds: Math.round(Math.min(declineDelay, o.holdHours * HOUR)),
      group: d.group,
      eligibleRoomIds: rooms,
    });
  }

  const outages: SimOutage[] = [];
  const orng = new SeededRandom(o.seed ^ 0x0ff1);
  for (const room of network.rooms) {
    const ratePerSecond = (o.outagesPerBedYear * room.beds) / (365 * DAY);
    let s = 0;
    for (;;) {
      s += -Math.log(1 - orng.next()) / ratePerSecond;
      if (s >= spanSeconds) break;
      const days = o.outageDays[0] + orng.next() * (o.outageDays[1] - o.outageDays[0]);
      outages.push({ roomId: room.id, startAt: Math.floor(s), endAt: Math.floor(s + days * DAY) });
    }
  }
  outages.sort((a, b) => a.startAt - b.startAt || (a.roomId < b.roomId ? -1 : 1));

  const residents: SimResident[] = [];
  const share = o.initialOccupancy ?? Math.min(0.95, o.load);
  const rrng = new SeededRandom(o.seed ^ 0x1e5d);
  const prng = new SeededRandom(o.seed ^ 0x9e0b);
  const theta = o.meanStayDays / 2;
  const empty = emptyProfiles(network);
  for (const room of network.rooms) {
    // Residents of one room are one kind of person (same gender, all adults or all minors,
    // no children), drawn from the mix among those the room takes: they may share.
    let who: SimResident['profile'] | undefined;
    const probe = empty.get(room.id)!;
    for (let tries = 0; tries < 30 && !who; tries++) {
      const p = drawProfile(prng, mix, o, network.regions, regionBeds).profile;
      const single = { ...p, dependants: [], accessibilityNeeds: [], exclusionRegions: [], acceptableRegions: [] };
      if (checkEligibility(single, probe.shelter, probe.room).eligible) who = { gender: p.gender, ageBand: p.ageBand, dependants: [] };
    }
    for (let b = 0; b < room.beds; b++) {
      if (!rrng.chance(share)) continue;
      // Length-biased Gamma(2, θ) is Gamma(3, θ); the share of it still to come is uniform.
      const stay = -theta * (Math.log(1 - rrng.next()) + Math.log(1 - rrng.next()) + Math.log(1 - rrng.next()));
      if (who) residents.push({ roomId: room.id, leaveAt: Math.max(1, Math.floor(stay * rrng.next() * DAY)), profile: who });
    }
  }
  return { spanSeconds, referrals, outages, residents, outOfScope, unservable, inScopeRatePerDay, meanHouseholdSize, options: o };
}
