/**
 * Capacity planning: how many extra beds of which kind in which region bring
 * the median wait down to a target.
 *
 * The measure is the median wait of ALL in-scope referrals, those never placed
 * counted as waiting until the end of the span (so leaving people unplaced
 * never looks like a short wait). The search is greedy, re-running the
 * simulation on the same scenario (same arrivals, stays and outages):
 *
 * 1. Candidates: one block of `stepBeds` beds of each kind in each region.
 *    Kinds: a women-only, men-only or mixed adult house (single rooms), a
 *    family house (mixed, families, rooms of 4 beds), a minors' house (mixed,
 *    takes minors, single rooms), and an accessible mixed house (single
 *    step-free, wheelchair-accessible rooms). New houses speak English and
 *    have no specialism (the least favourable scores).
 * 2. Each step, the candidates that could take the most referrals left
 *    unplaced (static eligibility, checkEligibility) are simulated (at most
 *    `candidatesPerStep`), and the one with the lowest median wait is added.
 * 3. Stop when the target is met or after `maxSteps` blocks.
 *
 * Only the referrals the network is simulated with are served: a kind of bed
 * the network lacks altogether does not bring in referrals that were out of
 * scope.
 */
import { AccessibilityFeature, ExploitationType, GenderPolicy, ShelterStatus } from '@harbour/domain';
import { EngineOptions, runSimulation } from './engine';
import { computeMetrics } from './metrics';
import { SimNetwork, SimRoom, SimShelter, withExtraShelter } from './network';
import { SimPolicy } from './policy';
import { Scenario, staticEligibility } from './scenario';

/** A kind of bed block the planner can add. */
export interface BedKind {
  kind: 'WOMEN_ONLY' | 'MEN_ONLY' | 'MIXED' | 'FAMILY' | 'MINORS' | 'ACCESSIBLE';
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
];

/** Options of {@link planCapacity}. */
export interface CapacityOptions {
  targetMedianWaitDays: number;
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
  /** Median wait (all referrals, days) after adding this block. */
  medianWaitDays: number;
}

/** The plan. */
export interface CapacityPlan {
  targetMedianWaitDays: number;
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

/** Runs the greedy capacity search of the file header with `policy`. */
export async function planCapacity(network: SimNetwork, scenario: Scenario, policy: SimPolicy, o: CapacityOptions): Promise<CapacityPlan> {
  let simulations = 0;
  const evaluate = async (net: SimNetwork, sc: Scenario) => {
    simulations++;
    const run = await runSimulation(net, sc, policy, { ...o.engine, onProgress: undefined });
    return { metrics: computeMetrics(run, sc, net), run };
  };
  let net = network;
  let sc = scenario;
  let current = await evaluate(net, sc);
  const baseline = current.metrics.medianWaitAllDays ?? 0;
  let wait = baseline;
  const steps: CapacityStep[] = [];
  const perStep = o.candidatesPerStep ?? 4;
  for (let step = 1; step <= o.maxSteps && wait > o.targetMedianWaitDays; step++) {
    const unplaced = sc.referrals.filter((r) => current.run.outcomes.get(r.id) !== 'PLACED');
    const candidates = network.regions.flatMap((region) =>
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
    let best: { c: (typeof candidates)[number]; net: SimNetwork; sc: Scenario; res: Awaited<ReturnType<typeof evaluate>>; wait: number } | null = null;
    for (const c of candidates) {
      const nextNet = withExtraShelter(net, c.b.shelter, c.b.rooms);
      const extra: SimNetwork = { name: 'extra', regions: [c.region], shelters: [c.b.shelter], rooms: c.b.rooms.map((r) => ({ ...r, shelterId: c.b.shelter.id })) };
      const nextSc = extendScenario(sc, extra);
      const res = await evaluate(nextNet, nextSc);
      const w = res.metrics.medianWaitAllDays ?? 0;
      if (!best || w < best.wait) best = { c, net: nextNet, sc: nextSc, res, wait: w };
    }
    net = best!.net;
    sc = best!.sc;
    current = best!.res;
    wait = best!.wait;
    const beds = best!.c.b.rooms.reduce((n, r) => n + r.beds, 0);
    steps.push({ regionCode: best!.c.region, kind: best!.c.kind.kind, beds, medianWaitDays: wait });
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
    targetMedianWaitDays: o.targetMedianWaitDays,
    baselineMedianWaitDays: baseline,
    finalMedianWaitDays: wait,
    met: wait <= o.targetMedianWaitDays,
    steps,
    totals: [...totals.values()],
    simulations,
  };
}
