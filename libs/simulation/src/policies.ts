/**
 * The three policies compared, as thin adapters over the SAME domain functions
 * the live service uses (libs/domain assignment.ts): no rule or score of the
 * simulator's own.
 *
 * - first-come greedy: `greedyFirstCome` (waitlist order: urgency, then waiting
 *   since, then id; each takes its best-ranked eligible room);
 * - best-score greedy: `greedyBestScore` (pairs by match score, best first);
 * - Harbour's batch assignment: `assignBatch` (HiGHS integer program maximising
 *   total priority-weighted match quality).
 */
import { Assignment, AssignmentInput, PriorityWeights, ScoringWeights, assignBatch, greedyBestScore, greedyFirstCome } from '@harbour/domain';
import { RoundInput, SimOffer, SimPolicy, simDate } from './policy';

/** Weights the policies decide with (default: the domain defaults, as the live service's configuration defaults). */
export interface PolicyWeights {
  priorityWeights?: PriorityWeights;
  scoringWeights?: ScoringWeights;
  /** Solver time limit per batch, seconds (assignBatch's option). */
  timeLimitSeconds?: number;
}

/** The domain's input for one round (dates from {@link simDate}). */
export function toAssignmentInput(round: RoundInput, w: PolicyWeights = {}): AssignmentInput {
  return {
    referrals: round.referrals.map((r) => ({ id: r.id, profile: r.profile, urgency: r.urgency, waitingSince: simDate(r.arrivalAt) })),
    rooms: round.rooms,
    now: simDate(round.now),
    priorityWeights: w.priorityWeights,
    scoringWeights: w.scoringWeights,
  };
}

const offersOf = (a: Assignment): SimOffer[] => a.offers.map((o) => ({ referralId: o.referralId, roomId: o.roomId }));

/** Stable policy keys, in report order. */
export const POLICY_NAMES = ['first_come_greedy', 'best_score_greedy', 'harbour_batch'] as const;

/** First-come greedy over the domain's `greedyFirstCome`. */
export function firstComeGreedyPolicy(w: PolicyWeights = {}): SimPolicy {
  return { name: 'first_come_greedy', label: 'First-come greedy', assign: (round) => offersOf(greedyFirstCome(toAssignmentInput(round, w))) };
}

/** Best-score greedy over the domain's `greedyBestScore`. */
export function bestScoreGreedyPolicy(w: PolicyWeights = {}): SimPolicy {
  return { name: 'best_score_greedy', label: 'Best-score greedy', assign: (round) => offersOf(greedyBestScore(toAssignmentInput(round, w))) };
}

/** Harbour's batch assignment over the domain's `assignBatch`. */
export function harbourBatchPolicy(w: PolicyWeights = {}): SimPolicy {
  return {
    name: 'harbour_batch',
    label: "Harbour's batch assignment",
    assign: async (round) => offersOf(await assignBatch(toAssignmentInput(round, w), { timeLimitSeconds: w.timeLimitSeconds })),
  };
}

/** The three policies, in report order. */
export function standardPolicies(w: PolicyWeights = {}): SimPolicy[] {
  return [firstComeGreedyPolicy(w), bestScoreGreedyPolicy(w), harbourBatchPolicy(w)];
}
