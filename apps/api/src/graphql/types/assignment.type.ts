import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { StoredAssignmentRun, StoredPriorityReason } from '@harbour/core';

@ObjectType({
  description:
    'Points earned on one part of a waiting referral’s priority (libs/domain assignment.ts priorityOf; weights PRIORITY_WEIGHT_*); the priority is the sum of its reasons.',
})
export class PriorityReason {
  @Field({
    description:
      'The part: BASE, URGENCY (per level above ROUTINE), WAIT (per day waited), MINOR (referred person under 18) or CHILDREN (per dependant under 18).',
  })
  part: string;

  @Field(() => Float, { description: 'Points earned, 2 decimals.' })
  points: number;

  @Field({ description: 'Why, in words (no personal data).' })
  detail: string;
}

@ObjectType({
  description:
    'The batch assignment run that offered a waitlist hold: every waiting referral and free room of the affected regions were assigned together to maximise total priority x (1 + score / maxScore), within every hard rule (docs/rules.md, "Matching policy").',
})
export class AssignmentRun {
  @Field(() => ID, { description: 'Run id, shared by every hold the run offered.' })
  runId: string;

  @Field(() => GraphQLISODateTime, { description: 'The instant the run used as now (time waited is measured up to it).' })
  ranAt: Date;

  @Field({ description: 'BATCH_OPTIMAL (HiGHS integer program).' })
  policy: string;

  @Field({ description: 'Solver status: Optimal, or the reason it stopped early (then the best of its answer and the greedy rules was used).' })
  solverStatus: string;

  @Field(() => [String], { description: 'Regions whose freed beds triggered the run; empty = every region.' })
  regionCodes: string[];

  @Field(() => Int, { description: 'Waiting referrals the run considered.' })
  waitingReferrals: number;

  @Field(() => Int, { description: 'Rooms with free beds the run considered.' })
  freeRooms: number;

  @Field(() => Int, { description: 'Offers the run made.' })
  offers: number;

  @Field(() => Float, { description: 'Total value of the run’s offers (the maximised objective), 2 decimals.' })
  objective: number;

  @Field(() => Float, { description: 'This offer’s value: priority x (1 + score / maxScore), 2 decimals.' })
  value: number;

  @Field(() => Float, { description: 'Highest match score possible with the scoring weights (100 by default).' })
  maxScore: number;

  @Field({ description: 'The reasons in one sentence, for the officer and the shelter.' })
  explanation: string;
}

export function toPriorityReasons(reasons: StoredPriorityReason[]): PriorityReason[] {
  return reasons.map((r) => ({ part: r.part, points: r.points, detail: r.detail }));
}

/** The run as GraphQL shows it, with a plain-words explanation built from the stored facts. */
export function toAssignmentRun(run: StoredAssignmentRun, priority: number | null, score: number): AssignmentRun {
  const where = run.regionCodes.length ? `region(s) ${run.regionCodes.join(', ')}` : 'every region';
  const explanation =
    `Offered by batch assignment over ${run.waitingReferrals} waiting referral(s) and ${run.freeRooms} room(s) with free beds in ${where}: ` +
    `priority ${priority ?? 0} x (1 + score ${score} / ${run.maxScore}) = value ${run.value}; ` +
    `the run's ${run.offers} offer(s) total ${run.objective}, the highest total any set of offers keeping every hard rule could reach (solver: ${run.solverStatus}).`;
  return { ...run, ranAt: new Date(run.ranAt), explanation };
}
