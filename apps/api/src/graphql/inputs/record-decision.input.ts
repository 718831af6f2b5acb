import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DecisionOutcome, DecisionType } from '@harbour/domain';
import '../enums';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE, LIMITS } from './limits';

@InputType({
  description:
    'An NRM decision on a referral. Recording the same again is a no-op; a different one is CONFLICT: correct it with correctDecision, giving a reason.',
})
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

@InputType({
  description:
    'A correction of a recorded NRM decision, with a reason (audited). A corrected RG recomputes the recovery period; the deadlines and reminders are rescheduled once. The same correction again is a no-op.',
})
export class CorrectDecisionInput {
  @Field(() => ID, { description: 'Referral id.' })
  @IsUUID()
  referralId: string;

  @Field(() => DecisionType, { description: 'Which recorded decision to correct.' })
  @IsEnum(DecisionType)
  type: DecisionType;

  @Field({ description: 'The right decision date, YYYY-MM-DD, not in the future; RG + the minimum gap ≤ CG must still hold.' })
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  decidedOn: string;

  @Field(() => DecisionOutcome, { nullable: true, description: 'The right outcome; omitted: unchanged.' })
  @IsOptional()
  @IsEnum(DecisionOutcome)
  outcome?: DecisionOutcome | null;

  @Field({ description: `Why the record was wrong (required, at most ${LIMITS.reason} characters); kept in the audit trail.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}
