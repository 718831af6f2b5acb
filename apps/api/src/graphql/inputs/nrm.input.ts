import { Field, ID, InputType, Int, OmitType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Jurisdiction, RecoveryPeriodStart } from '@harbour/domain';
import { LeaveKind } from '@harbour/core';
import '../enums';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE, LIMITS } from './limits';

@InputType({ description: 'The person in a Place of Safety consented to the NRM and was referred: the stage becomes awaiting RG.' })
export class RecordNrmReferralInput {
  @Field(() => ID, { description: 'The ACTIVE placement.' })
  @IsUUID()
  placementId: string;

  @Field(() => String, { nullable: true, description: 'Date of the NRM referral, YYYY-MM-DD; default today; not before arrival, not in the future.' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  referredOn?: string | null;
}

@InputType({ description: 'A Recovery Needs Assessment that extends move-on support after a positive CG (staff of the shelter, coordinators).' })
export class RecordRecoveryNeedsAssessmentInput {
  @Field(() => ID, { description: 'The ACTIVE placement, in MOVE_ON.' })
  @IsUUID()
  placementId: string;

  @Field(() => Int, { description: 'Calendar days added to the move-on period, 1..365.' })
  @IsInt()
  @Min(1)
  @Max(365)
  extensionDays: number;

  @Field({ description: `Why support is extended (required, at most ${LIMITS.reason} characters).` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;

  @Field(() => String, { nullable: true, description: 'Date of the assessment, YYYY-MM-DD; default today; not in the future.' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  assessedOn?: string | null;
}

@InputType({ description: 'Leave to remain granted to the person (temporary permission to stay, or a residence permit elsewhere).' })
export class RecordLeaveInput {
  @Field(() => ID, { description: 'The ACTIVE placement.' })
  @IsUUID()
  placementId: string;

  @Field(() => LeaveKind, { description: 'What was granted.' })
  @IsEnum(LeaveKind)
  kind: LeaveKind;

  @Field({ description: 'Grant date, YYYY-MM-DD; not in the future.' })
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  grantedOn: string;

  @Field(() => String, {
    nullable: true,
    description: 'Last day of the leave, YYYY-MM-DD; default 12 months after grantedOn (the day before the same date a year on); at most 5 years.',
  })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  expiresOn?: string | null;
}

@InputType({ description: 'A new version of a jurisdiction’s NRM rules from a future date (coordinators). Bounds are those of docs/nrm-stages.md.' })
export class AddNrmPolicyVersionInput {
  @Field(() => Jurisdiction, { description: 'Whose rules.' })
  @IsEnum(Jurisdiction)
  jurisdiction: Jurisdiction;

  @Field({ description: 'First day it applies, YYYY-MM-DD, after today.' })
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  effectiveFrom: string;

  @Field(() => RecoveryPeriodStart, { description: 'When the recovery period begins.' })
  @IsEnum(RecoveryPeriodStart)
  recoveryPeriodStart: RecoveryPeriodStart;

  @Field(() => Int, { description: 'Recovery period, calendar days, 30..365 (never below the ECAT art. 13 minimum).' })
  @IsInt()
  recoveryPeriodDays: number;

  @Field({ description: 'Support continues after the recovery period until the CG decision.' })
  @IsBoolean()
  supportContinuesUntilCg: boolean;

  @Field(() => Int, { nullable: true, description: 'RG target, working days, 1..60; null: none.' })
  @IsOptional()
  @IsInt()
  rgTargetWorkingDays: number | null;

  @Field(() => Int, { nullable: true, description: 'Minimum days from RG to CG, 0..365; null: none.' })
  @IsOptional()
  @IsInt()
  cgMinimumGapDays: number | null;

  @Field(() => Int, { nullable: true, description: 'Move-on after a positive CG, calendar days, 1..365; null: none set.' })
  @IsOptional()
  @IsInt()
  moveOnDays: number | null;

  @Field({ description: 'A Recovery Needs Assessment may extend move-on.' })
  @IsBoolean()
  moveOnExtendable: boolean;

  @Field(() => Int, { nullable: true, description: 'Support after a negative decision, working days, 0..60; null: none set.' })
  @IsOptional()
  @IsInt()
  negativeDecisionSupportWorkingDays: number | null;

  @Field(() => Int, { nullable: true, description: 'Longest Place of Safety stay, working days, 1..10; null: not offered.' })
  @IsOptional()
  @IsInt()
  placeOfSafetyMaxWorkingDays: number | null;

  @Field({ description: 'The public source of the values that differ from the version before (at most 1000 characters).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  source: string;
}

@InputType({
  description: 'Every value of a policy version not yet in force, again (coordinators); the jurisdiction stays. Versions in force are immutable (CONFLICT).',
})
export class UpdateNrmPolicyVersionInput extends OmitType(AddNrmPolicyVersionInput, ['jurisdiction'] as const, InputType) {
  @Field(() => ID, { description: 'The version to change (effectiveFrom after today).' })
  @IsUUID()
  id: string;
}
