/**
 * What a placement is worth in the simulator's result: Harbour's own batch
 * objective (libs/domain assignment.ts `matchValue`: priority × (1 + score / max
 * score)), with the priority taken WITHOUT its waiting part. The policies still
 * use the waiting part to decide; the result does not reward making people wait.
 */
import { DEFAULT_PRIORITY_WEIGHTS, DEFAULT_SCORING_WEIGHTS, PriorityWeights, ScoringWeights, matchValue, maxScore, priorityOf } from '@harbour/domain';
import { simDate } from './policy';
import type { SimReferral } from './scenario';

/**
 * Value of placing `referral` with match `score`: `matchValue(priority, score, maxScore)`
 * where `priority` is {@link priorityOf} with `waitPerDay` 0 (BASE + URGENCY + MINOR + CHILDREN).
 */
export function staticValue(
  referral: Pick<SimReferral, 'profile' | 'urgency'>,
  score: number,
  priorityWeights: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS,
  scoringWeights: ScoringWeights = DEFAULT_SCORING_WEIGHTS,
): number {
  const at = simDate(0);
  const priority = priorityOf({ ...referral, waitingSince: at }, at, { ...priorityWeights, waitPerDay: 0 }).priority;
  return matchValue(priority, score, maxScore(scoringWeights));
}
