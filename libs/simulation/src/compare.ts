/**
 * One comparison: every policy run on the same network and the same scenario
 * (same arrivals, stays, offer outcomes, outages and residents), plus the
 * hindsight bound of that scenario.
 */
import { DEFAULT_PRIORITY_WEIGHTS, DEFAULT_SCORING_WEIGHTS } from '@harbour/domain';
import { EngineOptions, runSimulation } from './engine';
import { HindsightBound, HindsightOptions, hindsightBound } from './hindsight';
import { PolicyMetrics, computeMetrics } from './metrics';
import { SimNetwork } from './network';
import { PolicyWeights } from './policies';
import { SimPolicy } from './policy';
import { Scenario } from './scenario';
import { staticValue } from './valuation';

/** Options of {@link comparePolicies}. */
export interface CompareOptions {
  weights?: PolicyWeights;
  decisionIntervalSeconds?: number;
  /** false: skip the bound. */
  hindsight?: HindsightOptions | false;
  /** Progress of policy `index` of `count` (fraction 0..1 of the span); index = count is the bound. */
  onProgress?: (index: number, count: number, fraction: number) => void;
}

/** The result of one comparison. */
export interface Comparison {
  metrics: PolicyMetrics[];
  bound: HindsightBound | null;
}

/** The engine options every policy of a comparison runs with (same valuation, weights and decision rounds). */
export function engineOptionsFor(o: Pick<CompareOptions, 'weights' | 'decisionIntervalSeconds'>): EngineOptions {
  const pw = o.weights?.priorityWeights ?? DEFAULT_PRIORITY_WEIGHTS;
  const sw = o.weights?.scoringWeights ?? DEFAULT_SCORING_WEIGHTS;
  return {
    decisionIntervalSeconds: o.decisionIntervalSeconds ?? 0,
    scoringWeights: sw,
    value: (r, score) => staticValue(r, score, pw, sw),
  };
}

/** Runs every policy on the scenario, then the hindsight bound. */
export async function comparePolicies(
  network: SimNetwork,
  scenario: Scenario,
  policies: readonly SimPolicy[],
  options: CompareOptions = {},
): Promise<Comparison> {
  const base = engineOptionsFor(options);
  const metrics: PolicyMetrics[] = [];
  for (const [i, policy] of policies.entries()) {
    const run = await runSimulation(network, scenario, policy, {
      ...base,
      onProgress: (f) => options.onProgress?.(i, policies.length, f),
    });
    metrics.push(computeMetrics(run, scenario, network));
  }
  let bound: HindsightBound | null = null;
  if (options.hindsight !== false) {
    options.onProgress?.(policies.length, policies.length, 0);
    bound = await hindsightBound(network, scenario, {
      priorityWeights: options.weights?.priorityWeights,
      scoringWeights: options.weights?.scoringWeights,
      ...(options.hindsight ?? {}),
    });
    options.onProgress?.(policies.length, policies.length, 1);
  }
  return { metrics, bound };
}
