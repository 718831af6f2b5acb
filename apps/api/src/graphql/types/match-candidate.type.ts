import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { RankedRoom } from '@harbour/core';
import { ScoreReason, toScoreReasons } from './score-reason.type';

@ObjectType({
  description:
    'A room that can take the referral’s household now (every hard rule holds: gender policy, household fits one room, accessibility, exclusion areas, shelter open, beds AVAILABLE, age), ranked by score.',
})
export class MatchCandidate {
  @Field(() => ID, { description: 'Shelter id.' })
  shelterId: string;

  @Field({ description: 'Shelter code name (never its address).' })
  codeName: string;

  @Field({ description: 'Region of the shelter.' })
  regionCode: string;

  @Field(() => ID, { description: 'Room id.' })
  roomId: string;

  @Field(() => Int, { description: 'AVAILABLE bed spaces in the room now.' })
  availableBeds: number;

  @Field(() => Float, { description: 'Score, the sum of `reasons` points (out of 100 with the default weights); higher is better.' })
  score: number;

  @Field(() => [ScoreReason], { description: 'One reason per soft criterion, in a fixed order.' })
  reasons: ScoreReason[];
}

export function toMatchCandidate(c: RankedRoom): MatchCandidate {
  return {
    shelterId: c.shelterId,
    codeName: c.codeName,
    regionCode: c.regionCode,
    roomId: c.roomId,
    availableBeds: c.room.availableBeds,
    score: c.score,
    reasons: toScoreReasons(c.reasons),
  };
}
