/**
 * Metrics of one policy's run. Waits are from referral to the offer of the
 * bed the household moved into, in days; "placed" means the household arrived
 * within the span. Quantiles interpolate linearly between order statistics
 * (numpy's default): the median of [1, 2, 3, 4] is 2.5.
 */
import { SimRun } from './engine';
import { DAY, Scenario } from './scenario';

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

/** Computes {@link PolicyMetrics} of `run` on `scenario`. */
export function computeMetrics(run: SimRun, scenario: Scenario): PolicyMetrics {
  const byRef = new Map(run.placements.map((p) => [p.referralId, p]));
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
  };
}
