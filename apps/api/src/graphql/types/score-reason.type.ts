import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Points earned on one soft matching criterion (libs/domain scoring.ts); a score is the sum of its reasons.' })
export class ScoreReason {
  @Field({ description: 'The criterion: PREFERRED_REGION, LANGUAGE, SPECIALISM, OCCUPANCY or ROOM_FIT.' })
  criterion: string;

  @Field(() => Float, { description: 'Points earned, 0..the criterion’s weight, 2 decimals (default weights total 100).' })
  points: number;

  @Field({ description: 'Why, in words (no personal data).' })
  detail: string;
}

export function toScoreReasons(reasons: { criterion: string; points: number; detail: string }[]): ScoreReason[] {
  return reasons.map((r) => ({ criterion: r.criterion, points: r.points, detail: r.detail }));
}
