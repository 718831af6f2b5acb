/**
 * The offline hindsight bound: an upper bound on the total value ANY policy
 * could reach on a scenario, knowing every arrival, stay, outage and
 * decline in advance.
 *
 * Model (a relaxation of the real problem, so its optimum is a valid bound):
 * - time is cut into windows of W seconds (default 7 days);
 * - rooms are grouped into classes (same shelter, bed count and accessibility,
 *   or coarser groups on large instances: same region, gender policy, family,
 *   minors and accessibility); a class has the beds of all its rooms and a
 *   household may go to the class if at least one of its rooms takes it
 *   (checkEligibility on the empty room, as the scenario computed);
 * - referrals whose offers would all end in a no-show before any acceptance
 *   ({@link placeable}) are left out: no policy can place them;
 * - one variable x(r, k, t) per referral r, class k and window t at or after
 *   the referral's arrival window: r starts its stay in class k during window t;
 * - each referral at most once: sum_{k,t} x(r,k,t) <= 1;
 * - beds, checked at the instants jW (j = 1 … number of windows): a household
 *   of size s staying S seconds that arrives at p in window t (tW <= p < (t+1)W)
 *   is certainly present at jW for j = t+1 … t+ceil(S/W)−1 (p <= jW < tW + S <= p + S),
 *   so for every class k and instant j: sum over (r,t) present at jW of
 *   s_r x(r,k,t) <= beds(k) − residents still there at jW;
 * - objective: sum value(r,k) x(r,k,t), with value(r,k) the HIGHEST value the
 *   pair could earn: priority without the waiting part (waiting earns nothing
 *   in the result), times (1 + best score / max score), the best score being
 *   the pair's score with an empty shelter and a room that fits exactly;
 *
 * Why it is a bound: every real schedule maps to a feasible point (its
 * household is present at every instant the model counts, and a class has at
 * least the beds of any real room in it; outages, holds, declines and the
 * one-room rule only remove options) with a value at least as high.
 *
 * Exact or relaxed: with integrality (MIP) when the model is small enough
 * ({@link HindsightOptions.maxMipColumns}, default 20,000 variables; on a
 * one-year Poppy-sized run the LP relaxation of 75,000 variables took 3 s and the
 * MIP's dual bound after 60 s was only 0.004% lower), else its LP relaxation (a weaker
 * but still valid bound). A MIP that hits the time limit reports HiGHS's dual
 * bound, which is still valid. The result says which one was used.
 */
import { DEFAULT_PRIORITY_WEIGHTS, DEFAULT_SCORING_WEIGHTS, PriorityWeights, ScoringWeights, householdSize, scoreCandidate } from '@harbour/domain';
import { SimNetwork, emptyProfiles } from './network';
import { DAY, Scenario, SimReferral } from './scenario';
import { staticValue } from './valuation';

/** Options of {@link hindsightBound}. */
export interface HindsightOptions {
  windowSeconds?: number;
  /** 'auto' (default): MIP if at most maxMipColumns variables, else LP. */
  mode?: 'auto' | 'mip' | 'lp';
  maxMipColumns?: number;
  /** Above this many variables, rooms are grouped coarsely (region-level), then windows doubled until it fits. Default 300,000. */
  maxColumns?: number;
  /** Solver time limit, seconds (default 60 for a MIP, then its dual bound is used; 600 for an LP). */
  timeLimitSeconds?: number;
  priorityWeights?: PriorityWeights;
  scoringWeights?: ScoringWeights;
}

/** The bound and how it was obtained. */
export interface HindsightBound {
  /** Upper bound on total value. */
  value: number;
  /** 'MIP' (exact optimum of the model), 'MIP dual bound' (time limit), or 'LP relaxation'. */
  method: 'MIP' | 'MIP dual bound' | 'LP relaxation';
  /** Bed classes used: per room kind within a shelter ('fine') or per region and kind ('coarse'). */
  classes: 'fine' | 'coarse';
  windowDays: number;
  columns: number;
  rows: number;
  solverStatus: string;
  wallMs: number;
  /** Referrals the bound's solution places (fractional for an LP relaxation; null for a MIP dual bound, which has no solution of its own). */
  placed: number | null;
}

interface HighsLike {
  createModel(data: unknown): {
    options: { set(o: Record<string, unknown>): void };
    run(): void;
    getModelStatus(): number;
    getObjectiveValue(): number;
    getSolution(): { colValue: ArrayLike<number> };
    info: { get(name: string): unknown };
    dispose(): void;
  };
  constants: { objectiveSense: { maximize: unknown }; modelStatus: Record<string, number>; variableType: { integer: number; continuous: number } };
  infinity: number;
}

let highsPromise: Promise<HighsLike> | null = null;
function loadHighs(): Promise<HighsLike> {
  if (!highsPromise) {
    const load = require('highs') as () => Promise<HighsLike>;
    highsPromise = load();
  }
  return highsPromise;
}

/**
 * Whether any policy could place `r` at all: each offer uses the next outcome of
 * its list, a decline only moves to the next one, and a no-show withdraws the
 * referral, so a referral whose first outcome other than DECLINE is NO_SHOW can
 * never be placed, whatever the policy.
 */
export function placeable(r: Pick<SimReferral, 'offerOutcomes'>): boolean {
  return r.offerOutcomes.find((o) => o !== 'DECLINE') !== 'NO_SHOW';
}

/** Computes the hindsight bound of `scenario` on `network` (see the file header). */
export async function hindsightBound(network: SimNetwork, scenario: Scenario, options: HindsightOptions = {}): Promise<HindsightBound> {
  const started = Date.now();
  let W = options.windowSeconds ?? 7 * DAY;
  const mode = options.mode ?? 'auto';
  const maxMip = options.maxMipColumns ?? 20_000;
  const maxCols = options.maxColumns ?? 300_000;
  const pw = options.priorityWeights ?? DEFAULT_PRIORITY_WEIGHTS;
  const sw = options.scoringWeights ?? DEFAULT_SCORING_WEIGHTS;
  let nW = Math.max(1, Math.ceil(scenario.spanSeconds / W));
  const empty = emptyProfiles(network);
  const refs = scenario.referrals;

  const build = (coarse: boolean) => {
    const classOf = new Map<string, number>();
    const capacity: number[] = [];
    const members: string[][] = [];
    for (const room of network.rooms) {
      const p = empty.get(room.id)!;
      const features = [...room.accessibilityFeatures].sort().join(',');
      const key = coarse
        ? `${p.shelter.regionCode}|${p.shelter.genderPolicy}|${p.shelter.acceptsFamilies}|${p.shelter.acceptsMinors}|${features}`
        : `${room.shelterId}|${room.beds}|${features}`;
      let k = classOf.get(key);
      if (k === undefined) {
        k = capacity.length;
        classOf.set(key, k);
        capacity.push(0);
        members.push([]);
      }
      capacity[k] += room.beds;
      members[k].push(room.id);
      classOf.set(`room:${room.id}`, k);
    }
    // Per referral: eligible classes with the best value over the class's eligible rooms.
    const pairs: Array<Array<{ k: number; value: number }>> = refs.map((r) => {
      if (!placeable(r)) return [];
      const size = householdSize(r.profile);
      const best = new Map<number, number>();
      const seenShelter = new Map<string, number>();
      for (const roomId of r.eligibleRoomIds) {
        const k = classOf.get(`room:${roomId}`)!;
        const p = empty.get(roomId)!;
        const cacheKey = `${p.shelterId}|${p.room.accessibilityFeatures.join(',')}`;
        let v = seenShelter.get(cacheKey);
        if (v === undefined) {
          const score = scoreCandidate(r.profile, { ...p.shelter, usedBeds: 0 }, { ...p.room, availableBeds: size }, sw).score;
          v = staticValue(r, score, pw, sw);
          seenShelter.set(cacheKey, v);
        }
        if (v > (best.get(k) ?? -Infinity)) best.set(k, v);
      }
      return [...best.entries()].map(([k, value]) => ({ k, value }));
    });
    let columns = 0;
    refs.forEach((r, i) => {
      const t0 = Math.min(nW - 1, Math.floor(r.arrivalAt / W));
      columns += pairs[i].length * (nW - t0);
    });
    return { capacity, pairs, columns, classOf };
  };

  // Too large: group rooms coarsely, then lengthen the windows (both loosen the bound, never invalidate it).
  let coarse = false;
  let model = build(false);
  if (model.columns > maxCols) {
    coarse = true;
    model = build(true);
  }
  while (model.columns > maxCols && W < scenario.spanSeconds) {
    W *= 2;
    nW = Math.max(1, Math.ceil(scenario.spanSeconds / W));
    model = build(true);
  }
  const { capacity, pairs } = model;
  const K = capacity.length;
  // Rows: 0..R-1 one per referral; then R + k*nW + (j-1) for class k, instant jW (j = 1..nW).
  const R = refs.length;
  const numRows = R + K * nW;
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const cost: number[] = [];
  refs.forEach((r, i) => {
    const size = householdSize(r.profile);
    const t0 = Math.min(nW - 1, Math.floor(r.arrivalAt / W));
    // Present at instant jW for j = t+1 … t+ceil(S/W)−1 (see the file header).
    const reach = Math.ceil(r.staySeconds / W) - 1;
    for (const { k, value } of pairs[i]) {
      for (let t = t0; t < nW; t++) {
        indices.push(i);
        values.push(1);
        for (let j = t + 1; j <= Math.min(nW, t + reach); j++) {
          indices.push(R + k * nW + (j - 1));
          values.push(size);
        }
        starts.push(indices.length);
        cost.push(value);
      }
    }
  });
  const numCols = cost.length;
  const useMip = mode === 'mip' || (mode === 'auto' && numCols <= maxMip);
  // Residents present at t = 0 hold their bed at every instant jW before they leave.
  const residentBeds: number[] = new Array(K * nW).fill(0);
  for (const res of scenario.residents) {
    const k = model.classOf.get(`room:${res.roomId}`)!;
    for (let j = 1; j <= nW && j * W < res.leaveAt; j++) residentBeds[k * nW + (j - 1)]++;
  }
  const rowUpper: number[] = [...refs.map(() => 1)];
  for (let k = 0; k < K; k++) for (let w = 0; w < nW; w++) rowUpper.push(Math.max(0, capacity[k] - residentBeds[k * nW + w]));

  if (numCols === 0) {
    return {
      value: 0,
      method: useMip ? 'MIP' : 'LP relaxation',
      classes: coarse ? 'coarse' : 'fine',
      windowDays: W / DAY,
      columns: 0,
      rows: numRows,
      solverStatus: 'EMPTY',
      wallMs: Date.now() - started,
      placed: 0,
    };
  }
  const highs = await loadHighs();
  const m = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: cost,
    colLower: cost.map(() => 0),
    colUpper: cost.map(() => 1),
    rowLower: rowUpper.map(() => -highs.infinity),
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices, values },
    ...(useMip ? { integrality: cost.map(() => highs.constants.variableType.integer) } : {}),
  });
  try {
    m.options.set({ output_flag: false, time_limit: options.timeLimitSeconds ?? (useMip ? 60 : 600), random_seed: 0, mip_rel_gap: 1e-6 });
    m.run();
    const status = m.getModelStatus();
    const optimal = status === highs.constants.modelStatus.optimal;
    const statusName = Object.entries(highs.constants.modelStatus).find(([, v]) => v === status)?.[0] ?? String(status);
    let value: number;
    let method: HindsightBound['method'];
    if (useMip) {
      if (optimal) {
        // The MIP gap tolerance may stop a hair below the optimum: report the dual bound to stay an upper bound.
        value = Number(m.info.get('mip_dual_bound'));
        method = 'MIP';
      } else {
        value = Number(m.info.get('mip_dual_bound'));
        method = 'MIP dual bound';
      }
    } else {
      if (!optimal) throw new Error(`hindsight LP did not solve to optimality (status ${statusName})`);
      value = m.getObjectiveValue();
      method = 'LP relaxation';
    }
    if (!Number.isFinite(value)) throw new Error(`hindsight bound: solver gave no finite bound (status ${statusName})`);
    let placed = 0;
    const x = m.getSolution().colValue;
    for (let j = 0; j < x.length; j++) placed += x[j];
    return {
      value,
      method,
      classes: coarse ? 'coarse' : 'fine',
      windowDays: W / DAY,
      columns: numCols,
      rows: numRows,
      solverStatus: statusName,
      wallMs: Date.now() - started,
      placed: method === 'MIP dual bound' ? null : placed,
    };
  } finally {
    m.dispose();
  }
}
