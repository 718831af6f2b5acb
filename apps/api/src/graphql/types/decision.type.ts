import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { DecisionOutcome, DecisionType } from '@harbour/domain';
import { DecisionEntity } from '@harbour/core';
import '../enums';

@ObjectType({ description: 'A National Referral Mechanism decision (reasonable or conclusive grounds) recorded on a referral.' })
export class Decision {
  @Field(() => ID, { description: 'Decision id (UUID).' })
  id: string;

  @Field(() => DecisionType, { description: 'Reasonable grounds (RG) or conclusive grounds (CG).' })
  type: DecisionType;

  @Field(() => DecisionOutcome, { description: 'Positive or negative.' })
  outcome: DecisionOutcome;

  @Field({ description: 'Calendar date of the decision, YYYY-MM-DD.' })
  decidedOn: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded (or last corrected) in Harbour.' })
  recordedAt: Date;
}

export function toDecision(e: DecisionEntity): Decision {
  return { id: e.id, type: e.type, outcome: e.outcome, decidedOn: e.decidedOn, recordedAt: e.recordedAt };
}
