/**
 * Capacity planning: how many extra beds of which kind in which region bring
 * a measure of waiting down to a target. Two measures:
 *
 * - `p90` (recommended, `harbour simulate --target-p90-days`): the WORST
 *   group's 90th-percentile time to a bed offer (groups of gender, household,
 *   urgency, accessibility need and exploitation type with at least
 *   `minGroupSize` referrals that could be placed; never offered = waiting until
 *   the end). Beds go where people wait longest: each step's candidate blocks
 *   are those that could take most of the worst group's referrals offered
 *   nothing within the target, and a block is kept for lowering the worst
 *   group's p90 (then the sum of every group's p90 above the target).
 * - `median` (`--target-median-wait`): the median wait of ALL in-scope
 *   referrals, those never placed counted as waiting until the end of the span;
 *   candidates are the blocks that could take most of the unplaced.
 *
 * The search is greedy, re-running the simulation on the same scenario (same
 * arrivals, stays and outages):
 *
 * 1. Candidates: one block of `stepBeds` beds of each kind in each region.
 *    Kinds: a women-only, men-only or mixed adult house (single rooms), a
 *    family house (mixed, families, rooms of 4 beds), a minors' house (mixed,
 *    takes minors, single rooms), and an accessible mixed house for adults or
 *    for minors (single step-free, wheelchair-accessible rooms). New houses speak English and
 *    have no specialism (the least favourable scores).
 * 2. Each step, the candidates that could take the most of the referrals
 *    the measure is about (above; static eligibility, checkEligibility) are
 *    simulated (at most `candidatesPerStep`), and the best is added.
 * 3. Stop when the target is met or after `maxSteps` blocks.
 *
 * Only the referrals the network is simulated with are served: a kind of bed
 * the network lacks altogether does not bring in referrals that were out of
 * scope.
 */
import { AccessibilityFeature, ExploitationType, GenderPolicy, ShelterStatus } from '@harbour/domain';
import { EngineOptions, SimRun, runSimulation } from './engine';
import { PolicyMetrics, TimeToBed, computeMetrics, observationSeconds } from './metrics';
import { SimNetwork, SimRoom, SimShelter, withExtraShelter } from './network';
import { SimPolicy } from './policy';
import { Scenario, staticEligibility } from './scenario';

/** A kind of bed block the planner can add. */
export interface BedKind {
  kind: 'WOMEN_ONLY' | 'MEN_ONLY' | 'MIXED' | 'FAMILY' | 'MINORS' | 'ACCESSIBLE' | 'ACCESSIBLE_MINORS';
  genderPolicy: GenderPolicy;
  acceptsFamilies: boolean;
  acceptsMinors: boolean;
  roomBeds: number;
  accessible: boolean;
}

/** The kinds of block tried (see the file header). */
export const BED_KINDS: readonly BedKind[] = [
  { kind: 'WOMEN_ONLY', genderPolicy: GenderPolicy.WOMEN_ONLY, acceptsFamilies: false, acceptsMinors: false, roomBeds: 1, accessible: false },
  { kind: 'MEN_ONLY', genderPolicy: GenderPolicy.MEN_ONLY, acceptsFamilies: false, acceptsMinors: false, roomBeds: 1, accessible: false },
  { kind: 'MIXED', genderPolicy: GenderPolicy.MIXED, acceptsFamilies: false, acceptsMinors: false, roomBeds: 1, accessible: false },
  { kind: 'FAMILY', genderPolicy: GenderPolicy.MIXED, acceptsFamilies: true, acceptsMinors: false, roomBeds: 4, accessible: false },
  { kind: 'MINORS', genderPolicy: GenderPolicy.MIXED, acceptsFamilies: false, acceptsMinors: true, roomBeds: 1, accessible: false },
  { kind: 'ACCESSIBLE', genderPolicy: GenderPolicy.MIXED, acceptsFamilies: false, acceptsMinors: false, roomBeds: 1, accessible: true },
  { kind: 'ACCESSIBLE_MINORS', genderPolicy: GenderPolicy.MIXED, acceptsFamilies: false, acceptsMinors: true, roomBeds: 1, accessible: true },
];

/** Options of {@link planCapacity}. */
export interface CapacityOptions {
  /** The measure planned for (default `median`; see the file header). */
  measure?: 'median' | 'p90';
  /** Target of the measure, days (for `p90` the worst group's p90 time to an offer; for `median` the median wait of all). */
  targetMedianWaitDays: number;
  /** With `p90`: groups with fewer referrals that could be placed are not planned for (default 1: every group, as the targets). */
  minGroupSize?: number;
  /** Beds per block (rounded up to whole rooms). */
  stepBeds: number;
  maxSteps: number;
  candidatesPerStep?: number;
  engine: EngineOptions;
  onStep?: (step: number, medianWaitDays: number) => void;
}

/** One block added by the plan. */
export interface CapacityStep {
  regionCode: string;
  kind: BedKind['kind'];
  beds: number;
  /** The measure (days) after adding this block: median wait of all, or the worst group's p90 time to an offer. */
  medianWaitDays: number;
  /** With `p90`: the group that was worst before this block, e.g. `household MINOR`. */
  forGroup?: string;
}

/** The plan. `…MedianWaitDays` fields hold the planned measure (see {@link CapacityPlan.measure}). */
export interface CapacityPlan {
  measure: 'median' | 'p90';
  targetMedianWaitDays: number;
  /** With `p90`: the worst group at the start and at the end, e.g. `household MINOR`. */
  worstGroupBefore?: string;
  worstGroupAfter?: string;
  baselineMedianWaitDays: number;
  finalMedianWaitDays: number;
  met: boolean;
  steps: CapacityStep[];
  /** Extra beds by region and kind, summed over the steps. */
  totals: Array<{ regionCode: string; kind: BedKind['kind']; beds: number }>;
  simulations: number;
}

function block(region: string, kind: BedKind, beds: number, n: number): { shelter: SimShelter; rooms: Omit<SimRoom, 'shelterId'>[] } {
  const id = `PLAN-${n}-${region}-${kind.kind}`;
  const roomCount = Math.ceil(beds / kind.roomBeds);
  return {
    shelter: {
      id,
      profile: {
        status: ShelterStatus.OPEN,
        regionCode: region,
        genderPolicy: kind.genderPolicy,
        acceptsFamilies: kind.acceptsFamilies,
        acceptsMinors: kind.acceptsMinors,
        adultMaxAge: null,
        languages: ['en'],
        specialisms: [] as ExploitationType[],
      },
    },
    rooms: Array.from({ length: roomCount }, (_, i) => ({
      id: `${id}/R${i + 1}`,
      beds: kind.roomBeds,
      accessibilityFeatures: kind.accessible ? [AccessibilityFeature.STEP_FREE, AccessibilityFeature.WHEELCHAIR] : [],
    })),
  };
}

/** The scenario with each referral's eligible rooms extended to the rooms of `extra` (same arrivals and draws). */
function extendScenario(scenario: Scenario, extra: SimNetwork): Scenario {
  const eligible = staticEligibility(extra);
  return { ...scenario, referrals: scenario.referrals.map((r) => ({ ...r, eligibleRoomIds: [...r.eligibleRoomIds, ...eligible(r.profile)] })) };
}

/** The groups the p90 measure looks at: cohort ALL, not the overall row, with a p90 and at least `min` referrals that could be placed. */
export function plannedGroups(m: PolicyMetrics, min: number): TimeToBed[] {
  return m.timeToBed.filter((g) => g.cohort === 'ALL' && g.dimension !== 'all' && g.offerP90 !== null && g.referrals - g.noSuitableProvision >= min);
}

/** The worst of {@link plannedGroups} by p90 time to an offer (days), or null when there is none. */
export function worstGroup(m: PolicyMetrics, min: number): TimeToBed | null {
  return plannedGroups(m, min).sort((a, b) => b.offerP90!.days - a.offerP90!.days || (a.dimension + a.group < b.dimension + b.group ? -1 : 1))[0] ?? null;
}

const groupName = (g: TimeToBed | null) => (g ? `${g.dimension} ${g.group}` : undefined);

const inGroup = (r: Scenario['referrals'][number], g: TimeToBed): boolean => {
  switch (g.dimension) {
    case 'urgency':
      return r.urgency === g.group;
    case 'accessibility':
      return (r.profile.accessibilityNeeds.length > 0 ? [...new Set(r.profile.accessibilityNeeds)].sort().join('+') : 'NONE') === g.group;
    case 'all':
      return true;
    default:
      return r.group[g.dimension] === g.group;
  }
};

/** Runs the greedy capacity search of the file header with `policy`. */
export async function planCapacity(network: SimNetwork, scenario: Scenario, policy: SimPolicy, o: CapacityOptions): Promise<CapacityPlan> {
  let simulations = 0;
  const measure = o.measure ?? 'median';
  const minGroup = o.minGroupSize ?? 1;
  const target = o.targetMedianWaitDays;
  const evaluate = async (net: SimNetwork, sc: Scenario) => {
    simulations++;
    const run = await runSimulation(net, sc, policy, { ...o.engine, onProgress: undefined });
    return { metrics: computeMetrics(run, sc, net), run };
  };
  /** [the measure, a tie-break: total p90 days above the target over the planned groups]. */
  const score = (m: PolicyMetrics): [number, number] =>
    measure === 'median'
      ? [m.medianWaitAllDays ?? 0, 0]
      : [worstGroup(m, minGroup)?.offerP90!.days ?? 0, plannedGroups(m, minGroup).reduce((s, g) => s + Math.max(0, g.offerP90!.days - target), 0)];
  /** The referrals a block should serve: the unplaced (median), or the worst group's referrals offered nothing within the target (p90). */
  const served = (run: SimRun, m: PolicyMetrics, sc: Scenario) => {
    if (measure === 'median') return sc.referrals.filter((r) => run.outcomes.get(r.id) !== 'PLACED');
    const g = worstGroup(m, minGroup);
    if (!g) return [];
    const cutoff = sc.spanSeconds - observationSeconds(sc.spanSeconds);
    return sc.referrals.filter((r) => {
      if (r.arrivalAt > cutoff || !inGroup(r, g)) return false;
      const at = run.firstOfferAt.get(r.id);
      return at === undefined || at - r.arrivalAt > target * 86_400;
    });
  };
  let net = network;
  let sc = scenario;
  let current = await evaluate(net, sc);
  const worstBefore = measure === 'p90' ? groupName(worstGroup(current.metrics, minGroup)) : undefined;
  let [wait] = score(current.metrics);
  const baseline = wait;
  const steps: CapacityStep[] = [];
  const perStep = o.candidatesPerStep ?? 4;
  for (let step = 1; step <= o.maxSteps && wait > target; step++) {
    const unplaced = served(current.run, current.metrics, sc);
    const forGroup = measure === 'p90' ? groupName(worstGroup(current.metrics, minGroup)) : undefined;
    const candidates = network.regions
      .flatMap((region) =>
        BED_KINDS.map((kind) => {
          const b = block(region, kind, o.stepBeds, step);
          const probe: SimNetwork = { name: 'probe', regions: [region], shelters: [b.shelter], rooms: b.rooms.map((r) => ({ ...r, shelterId: b.shelter.id })) };
          const elig = staticEligibility(probe);
          return { region, kind, b, takes: unplaced.filter((r) => elig(r.profile).length > 0).length };
        }),
      )
      .filter((c) => c.takes > 0)
      .sort((a, b) => b.takes - a.takes)
      .slice(0, perStep);
    if (candidates.length === 0) break;
    let best: {
      c: (typeof candidates)[number];
      net: SimNetwork;
      sc: Scenario;
      res: Awaited<ReturnType<typeof evaluate>>;
      wait: number;
      excess: number;
    } | null = null;
    for (const c of candidates) {
      const nextNet = withExtraShelter(net, c.b.shelter, c.b.rooms);
      const extra: SimNetwork = {
        name: 'extra',
        regions: [c.region],
        shelters: [c.b.shelter],
        rooms: c.b.rooms.map((r) => ({ ...r, shelterId: c.b.shelter.id })),
      };
      const nextSc = extendScenario(sc, extra);
      const res = await evaluate(nextNet, nextSc);
      const [w, x] = score(res.metrics);
      if (!best || w < best.wait - 1e-9 || (Math.abs(w - best.wait) <= 1e-9 && x < best.excess))
        best = { c, net: nextNet, sc: nextSc, res, wait: w, excess: x };
    }
    net = best!.net;
    sc = best!.sc;
    current = best!.res;
    wait = best!.wait;
    const beds = best!.c.b.rooms.reduce((n, r) => n + r.beds, 0);
    steps.push({ regionCode: best!.c.region, kind: best!.c.kind.kind, beds, medianWaitDays: wait, forGroup });
    o.onStep?.(step, wait);
  }
  const totals = new Map<string, { regionCode: string; kind: BedKind['kind']; beds: number }>();
  for (const s of steps) {
    const key = `${s.regionCode}|${s.kind}`;
    const t = totals.get(key) ?? { regionCode: s.regionCode, kind: s.kind, beds: 0 };
    t.beds += s.beds;
    totals.set(key, t);
  }
  return {
    measure,
    targetMedianWaitDays: target,
    worstGroupBefore: worstBefore,
    worstGroupAfter: measure === 'p90' ? groupName(worstGroup(current.metrics, minGroup)) : undefined,
    baselineMedianWaitDays: baseline,
    finalMedianWaitDays: wait,
    met: wait <= target,
    steps,
    totals: [...totals.values()],
    simulations,
  };
}
