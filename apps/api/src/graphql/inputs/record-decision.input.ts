import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsUUID, Matches } from 'class-validator';
import { DecisionOutcome, DecisionType } from '@harbour/domain';
import '../enums';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE } from './limits';

@InputType({ description: 'An NRM decision on a referral. Recording the same again is a no-op; a different one corrects it (audited).' })
export class RecordDecisionInput {
  @Field(() => ID, { description: 'Referral id.' })
  @IsUUID()
  referralId: string;

  @Field(() => DecisionType, { description: 'RG or CG (CG needs an RG first, not after it).' })
  @IsEnum(DecisionType)
  type: DecisionType;

  @Field(() => DecisionOutcome, { description: 'Positive or negative.' })
  @IsEnum(DecisionOutcome)
  outcome: DecisionOutcome;

  @Field({ description: 'Decision date YYYY-MM-DD, not in the future.' })
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  decidedOn: string;
}
