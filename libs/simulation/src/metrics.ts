/**
 * Metrics of one policy's run. Waits are from referral to the offer of the
 * bed the household moved into, in days; "placed" means the household arrived
 * within the span. Quantiles interpolate linearly between order statistics
 * (numpy's default): the median of [1, 2, 3, 4] is 2.5.
 */
import { HardRule, householdSize } from '@harbour/domain';
import { SimRun } from './engine';
import { networkBeds, SimNetwork } from './network';
import { SHARING_RULES } from './safety';

/** A room-sharing rule: the simulator's own (safety.ts) or the domain's HardRule.ROOM_SHARING (eligibility). */
const isSharingRule = (rule: string): boolean => rule === HardRule.ROOM_SHARING || (SHARING_RULES as readonly string[]).includes(rule);
import { Cohort, DAY, HOUR, Scenario, SimReferral, UnservableReferral } from './scenario';

/** Waits of one group of referrals (fairness tables). */
export interface GroupMetrics {
  dimension: 'gender' | 'household' | 'exploitation' | 'urgency';
  group: string;
  referrals: number;
  placed: number;
  /** Median / 90th percentile wait of the placed, days (null if none placed). */
  medianWaitDays: number | null;
  p90WaitDays: number | null;
  /** Median wait of all the group's referrals, the never placed counted as waiting until the end (days). */
  medianWaitAllDays: number | null;
}

/** Everything reported per policy. */
export interface PolicyMetrics {
  policy: string;
  label: string;
  /** In-scope referrals of the scenario. */
  referrals: number;
  placed: number;
  neverPlaced: number;
  /** Of the never placed: still waiting at the end, holding an offer at the end, withdrawn after a no-show. */
  waitingAtEnd: number;
  heldAtEnd: number;
  withdrawn: number;
  medianWaitDays: number | null;
  p90WaitDays: number | null;
  /** Median wait of ALL referrals, the never placed counted as waiting until the end of the span (a lower bound on their wait). */
  medianWaitAllDays: number | null;
  /** Share of placements in one of the referral's preferred regions (null if none placed). */
  preferredRegionShare: number | null;
  /** Offers refused by the engine's independent checkEligibility (must be 0). */
  violations: number;
  /** Occupied bed-time ÷ in-service bed-time over the span. */
  occupancy: number;
  /** Sum of placement values (valuation.ts). */
  value: number;
  offers: number;
  declines: number;
  noShows: number;
  rounds: number;
  wallMs: number;
  groups: GroupMetrics[];
  /** Time to a safe bed, overall and per group, for everyone and (with a surge) for the surge and the background apart. */
  timeToBed: TimeToBed[];
  /** Offers refused by the independent room-sharing check (safety.ts; must be 0). */
  sharingViolations: number;
  /** Offers refused for breaking another hard rule (checkEligibility) or malformed (must be 0). */
  hardRuleViolations: number;
  /** Refused offers by rule (an offer breaking two rules counts under both). */
  violationsByRule: Record<string, number>;
  /** Offered load ρ of the span: in-scope people × mean stay ÷ (beds × span); null without a network. */
  offeredLoad: number | null;
  /** The capacity limit of that load: at ρ > 1 at least 1 − 1/ρ of the demand cannot be served (0 at ρ ≤ 1). */
  capacityLimitShare: number | null;
}

/** The dimensions of the time-to-bed tables; `all` is the one overall row. */
export type TimeToBedDimension = 'all' | 'gender' | 'household' | 'urgency' | 'accessibility' | 'exploitation';

/** The dimensions in report order. */
export const TIME_TO_BED_DIMENSIONS: readonly TimeToBedDimension[] = ['all', 'gender', 'household', 'urgency', 'accessibility', 'exploitation'];

/**
 * A quantile of times (days) of which some may be cut off by the end of the
 * span; `censored` when one of the times it rests on was still running at the
 * end (the true quantile is then at least `days`).
 */
export interface CensoredQuantile {
  days: number;
  censored: boolean;
}

/**
 * Time to a safe bed of one group (or of everyone: dimension `all`, group `ALL`).
 *
 * Counted: referrals that arrived at least {@link observationSeconds} before the
 * end of the span (so "within 7 days" is known for every one of them),
 * including those no room of the network could ever take.
 * - never placed = noSuitableProvision + noShow + capacity (waiting, or holding
 *   an offer, at the end);
 * - inBed24h / inBed7d: share of the referrals that could be placed and did not
 *   withdraw (no-show) that arrived in their bed within 24 hours / 7 days of the referral;
 * - offerP50/P90: time from referral to the first bed offer, over the referrals
 *   that could be placed (no-shows included: they were offered); one never
 *   offered counts as waiting until the end (censored);
 * - arrivalP50/P90: time from referral to arrival in the bed, over the same
 *   referrals less the no-shows; one not arrived counts as waiting until the end.
 */
export interface TimeToBed {
  cohort: 'ALL' | Cohort;
  dimension: TimeToBedDimension;
  group: string;
  referrals: number;
  placed: number;
  noSuitableProvision: number;
  noShow: number;
  capacity: number;
  inBed24h: number | null;
  inBed7d: number | null;
  offerP50: CensoredQuantile | null;
  offerP90: CensoredQuantile | null;
  arrivalP50: CensoredQuantile | null;
  arrivalP90: CensoredQuantile | null;
}

/** Referrals that arrived in the last `observationSeconds(span)` of the span are not counted in {@link TimeToBed}: 7 days, or half the span if shorter. */
export function observationSeconds(spanSeconds: number): number {
  return Math.min(7 * DAY, Math.floor(spanSeconds / 2));
}

/**
 * Linear-interpolation quantile (as {@link quantile}) of times that may be
 * censored (still running at the end): null for an empty list; `censored` when
 * a censored time sorts at or before the upper order statistic used (the true
 * quantile could then be higher).
 */
export function censoredQuantile(xs: ReadonlyArray<{ days: number; censored: boolean }>, q: number): CensoredQuantile | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a.days - b.days || Number(a.censored) - Number(b.censored));
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const days = s[lo].days + (s[hi].days - s[lo].days) * (pos - lo);
  return { days, censored: s.slice(0, hi + 1).some((x) => x.censored) };
}

type AnyReferral = (SimReferral | UnservableReferral) & { unservable?: boolean };

const groupKey = (r: AnyReferral, d: TimeToBedDimension): string => {
  switch (d) {
    case 'all':
      return 'ALL';
    case 'urgency':
      return r.urgency;
    case 'accessibility':
      return r.profile.accessibilityNeeds.length > 0 ? [...new Set(r.profile.accessibilityNeeds)].sort().join('+') : 'NONE';
    default:
      return r.group[d];
  }
};

/**
 * The {@link TimeToBed} rows of one run: overall and per group, for everyone
 * (cohort ALL) and, when the scenario has surge referrals, for the SURGE and
 * the BACKGROUND apart.
 */
export function timeToBed(run: Pick<SimRun, 'placements' | 'outcomes' | 'firstOfferAt'>, scenario: Scenario): TimeToBed[] {
  const span = scenario.spanSeconds;
  const cutoff = span - observationSeconds(span);
  const placedBy = new Map(run.placements.map((p) => [p.referralId, p]));
  const all: AnyReferral[] = [...scenario.referrals, ...(scenario.unservable ?? []).map((u) => ({ ...u, unservable: true }))].filter(
    (r) => r.arrivalAt <= cutoff,
  );
  const cohorts: Array<'ALL' | Cohort> = all.some((r) => r.cohort === 'SURGE') ? ['ALL', 'SURGE', 'BACKGROUND'] : ['ALL'];
  const rows: TimeToBed[] = [];
  for (const cohort of cohorts) {
    const inCohort = cohort === 'ALL' ? all : all.filter((r) => (r.cohort ?? 'BACKGROUND') === cohort);
    for (const dimension of TIME_TO_BED_DIMENSIONS) {
      const names = [...new Set(inCohort.map((r) => groupKey(r, dimension)))].sort();
      for (const group of names) {
        const members = inCohort.filter((r) => groupKey(r, dimension) === group);
        const servable = members.filter((r) => !r.unservable);
        const noShow = servable.filter((r) => run.outcomes.get(r.id) === 'WITHDRAWN');
        const stayed = servable.filter((r) => run.outcomes.get(r.id) !== 'WITHDRAWN');
        const arrived = (r: AnyReferral, within: number) => {
          const p = placedBy.get(r.id);
          return p !== undefined && p.arrivedAt - r.arrivalAt <= within;
        };
        const share = (within: number) => (stayed.length === 0 ? null : stayed.filter((r) => arrived(r, within)).length / stayed.length);
        const offers = servable.map((r) => {
          const at = run.firstOfferAt.get(r.id);
          return at === undefined ? { days: (span - r.arrivalAt) / DAY, censored: true } : { days: (at - r.arrivalAt) / DAY, censored: false };
        });
        const arrivals = stayed.map((r) => {
          const p = placedBy.get(r.id);
          return p === undefined ? { days: (span - r.arrivalAt) / DAY, censored: true } : { days: (p.arrivedAt - r.arrivalAt) / DAY, censored: false };
        });
        const placed = servable.filter((r) => placedBy.has(r.id)).length;
        rows.push({
          cohort,
          dimension,
          group,
          referrals: members.length,
          placed,
          noSuitableProvision: members.length - servable.length,
          noShow: noShow.length,
          capacity: stayed.length - placed,
          inBed24h: share(24 * HOUR),
          inBed7d: share(7 * DAY),
          offerP50: censoredQuantile(offers, 0.5),
          offerP90: censoredQuantile(offers, 0.9),
          arrivalP50: censoredQuantile(arrivals, 0.5),
          arrivalP90: censoredQuantile(arrivals, 0.9),
        });
      }
    }
  }
  return rows;
}

/**
 * Offered load ρ of a scenario on a network: the bed-days its in-scope
 * referrals would need (household size × the scenario's mean stay) ÷ the
 * bed-days of the span. Null for a network without beds.
 */
export function offeredLoad(scenario: Scenario, network: SimNetwork): number | null {
  const beds = networkBeds(network);
  if (beds === 0 || scenario.spanSeconds <= 0) return null;
  const people = scenario.referrals.reduce((n, r) => n + householdSize(r.profile), 0);
  return (people * scenario.options.meanStayDays) / (beds * (scenario.spanSeconds / DAY));
}

/** Linear-interpolation quantile (0 ≤ q ≤ 1) of `xs`; null for an empty list. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Computes {@link PolicyMetrics} of `run` on `scenario` (`network`: for the offered load). */
export function computeMetrics(run: SimRun, scenario: Scenario, network?: SimNetwork): PolicyMetrics {
  const byRef = new Map(run.placements.map((p) => [p.referralId, p]));
  const load = network ? offeredLoad(scenario, network) : null;
  const waits = run.placements.map((p) => p.waitSeconds / DAY);
  const allWaits = scenario.referrals.map((r) => {
    const p = byRef.get(r.id);
    return (p ? p.waitSeconds : scenario.spanSeconds - r.arrivalAt) / DAY;
  });
  const count = (o: string) => scenario.referrals.filter((r) => run.outcomes.get(r.id) === o).length;
  const groups: GroupMetrics[] = [];
  const keyOf = (r: Scenario['referrals'][number], d: GroupMetrics['dimension']): string => (d === 'urgency' ? r.urgency : r.group[d]);
  for (const dimension of ['gender', 'household', 'exploitation', 'urgency'] as const) {
    const names = [...new Set(scenario.referrals.map((r) => keyOf(r, dimension)))].sort();
    for (const group of names) {
      const members = scenario.referrals.filter((r) => keyOf(r, dimension) === group);
      const w = members.flatMap((r) => (byRef.has(r.id) ? [byRef.get(r.id)!.waitSeconds / DAY] : []));
      const all = members.map((r) => (byRef.has(r.id) ? byRef.get(r.id)!.waitSeconds : scenario.spanSeconds - r.arrivalAt) / DAY);
      groups.push({
        dimension,
        group,
        referrals: members.length,
        placed: w.length,
        medianWaitDays: quantile(w, 0.5),
        p90WaitDays: quantile(w, 0.9),
        medianWaitAllDays: quantile(all, 0.5),
      });
    }
  }
  return {
    policy: run.policy,
    label: run.label,
    referrals: scenario.referrals.length,
    placed: run.placements.length,
    neverPlaced: scenario.referrals.length - run.placements.length,
    waitingAtEnd: count('WAITING'),
    heldAtEnd: count('HELD'),
    withdrawn: count('WITHDRAWN'),
    medianWaitDays: quantile(waits, 0.5),
    p90WaitDays: quantile(waits, 0.9),
    medianWaitAllDays: quantile(allWaits, 0.5),
    preferredRegionShare: run.placements.length === 0 ? null : run.placements.filter((p) => p.inPreferredRegion).length / run.placements.length,
    violations: run.violations.length,
    occupancy: run.inServiceBedSeconds > 0 ? run.occupiedBedSeconds / run.inServiceBedSeconds : 0,
    value: run.placements.reduce((s, p) => s + p.value, 0),
    offers: run.offers,
    declines: run.declines,
    noShows: run.noShows,
    rounds: run.rounds,
    wallMs: run.wallMs,
    groups,
    timeToBed: timeToBed(run, scenario),
    sharingViolations: run.violations.filter((v) => v.rules.some(isSharingRule)).length,
    hardRuleViolations: run.violations.filter((v) => v.rules.some((x) => !isSharingRule(x))).length,
    violationsByRule: run.violations.reduce<Record<string, number>>((acc, v) => {
      for (const x of new Set(v.rules)) acc[x] = (acc[x] ?? 0) + 1;
      return acc;
    }, {}),
    offeredLoad: load,
    capacityLimitShare: load === null ? null : Math.max(0, 1 - 1 / load),
  };
}
