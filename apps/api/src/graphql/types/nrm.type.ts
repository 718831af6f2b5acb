import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { DeadlineKind, Jurisdiction, NRM_POLICY_FIELDS, NrmStage, PlacementStageState, RecoveryPeriodStart, StageDeadline } from '@harbour/domain';
import { LeaveGrantEntity, LeaveKind, NrmPolicyVersionEntity, RecoveryNeedsAssessmentEntity } from '@harbour/core';
import '../enums';

@ObjectType({ description: 'The public source of one value of a policy version.' })
export class NrmPolicySource {
  @Field({ description: 'The NrmPolicy field, e.g. `recoveryPeriodDays`.' })
  field: string;

  @Field({ description: 'Where the value comes from (statute, statutory guidance, or the dataset row).' })
  source: string;
}

@ObjectType({
  description: 'One effective-dated version of a jurisdiction’s NRM rules (docs/nrm-stages.md). A stage keeps the version in force on the day it began.',
})
export class NrmPolicy {
  @Field(() => ID, { description: 'Version id (UUID).' })
  id: string;

  @Field(() => Jurisdiction, { description: 'Whose rules these are.' })
  jurisdiction: Jurisdiction;

  @Field({ description: 'First day the version applies, YYYY-MM-DD (inclusive), until the next version.' })
  effectiveFrom: string;

  @Field(() => RecoveryPeriodStart, { description: 'When the recovery period begins.' })
  recoveryPeriodStart: RecoveryPeriodStart;

  @Field(() => Int, { description: 'Length of the recovery period, calendar days (day 1 = its start).' })
  recoveryPeriodDays: number;

  @Field({ description: 'Support goes on after the recovery period until the conclusive grounds decision.' })
  supportContinuesUntilCg: boolean;

  @Field(() => Int, { nullable: true, description: 'RG decision target, working days after the NRM referral; null: none.' })
  rgTargetWorkingDays: number | null;

  @Field(() => Int, { nullable: true, description: 'A CG decision may come no earlier than this many calendar days after the RG decision; null: no minimum.' })
  cgMinimumGapDays: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Move-on period after a positive CG, calendar days from the CG date; null: none set (Harbour announces no end).',
  })
  moveOnDays: number | null;

  @Field({ description: 'A Recovery Needs Assessment may extend the move-on period.' })
  moveOnExtendable: boolean;

  @Field(() => Int, { nullable: true, description: 'Support after a negative decision, working days after it (0: ends that day); null: none set.' })
  negativeDecisionSupportWorkingDays: number | null;

  @Field(() => Int, { nullable: true, description: 'Longest Place of Safety stay, working days after arrival; null: not offered.' })
  placeOfSafetyMaxWorkingDays: number | null;

  @Field(() => [NrmPolicySource], { description: 'The public source of every value.' })
  sources: NrmPolicySource[];

  @Field(() => GraphQLISODateTime, { description: 'When the version was stored.' })
  createdAt: Date;
}

export function toNrmPolicy(e: NrmPolicyVersionEntity): NrmPolicy {
  const p = new NrmPolicy();
  Object.assign(p, {
    id: e.id,
    jurisdiction: e.jurisdiction,
    effectiveFrom: e.effectiveFrom,
    ...Object.fromEntries(NRM_POLICY_FIELDS.map((f) => [f, e[f]])),
    sources: NRM_POLICY_FIELDS.map((f) => ({ field: f, source: e.sources[f] ?? '' })),
    createdAt: e.createdAt,
  });
  return p;
}

@ObjectType('StageDeadline', { description: 'A dated deadline of a placement’s current stage.' })
export class StageDeadlineType {
  @Field(() => DeadlineKind, { description: 'Which deadline.' })
  kind: DeadlineKind;

  @Field({
    description: 'Its date, YYYY-MM-DD (the inclusive last day; for RG_TARGET the day the decision is due; for CG_EARLIEST the first day a CG may carry).',
  })
  date: string;

  @Field({ description: 'RECOVERY_PERIOD_END: support continues after it until the conclusive grounds decision (the stay does not end).' })
  supportContinues: boolean;

  @Field({ description: 'effectiveFrom of the policy version that set it.' })
  policyEffectiveFrom: string;
}

@ObjectType({ description: 'The recovery period of a placement once a positive RG is recorded.' })
export class NrmRecoveryPeriod {
  @Field({ description: 'Day 1, YYYY-MM-DD: the positive RG date, or arrival when the RG came earlier.' })
  startDate: string;

  @Field({ description: 'Last day, YYYY-MM-DD (inclusive), of the recovery period (and of any stored extensions).' })
  endDate: string;

  @Field(() => Int, { description: 'Length in calendar days.' })
  lengthDays: number;
}

@ObjectType({ description: 'Where a placement is in the NRM process, computed from its recorded facts (docs/nrm-stages.md).' })
export class PlacementNrm {
  @Field(() => NrmStage, { description: 'The current stage (today, jurisdiction time zone).' })
  stage: NrmStage;

  @Field({ description: 'The day the stage began, YYYY-MM-DD.' })
  since: string;

  @Field(() => [StageDeadlineType], { description: 'Deadlines of the current stage, by date; reminders go out for these.' })
  deadlines: StageDeadlineType[];

  @Field(() => StageDeadlineType, { nullable: true, description: 'The first deadline on or after today; null when none is ahead.' })
  nextDeadline: StageDeadlineType | null;

  @Field(() => NrmPolicy, { description: 'The policy version in force on the day the stage began: the rules of this stage.' })
  policy: NrmPolicy;

  @Field(() => NrmRecoveryPeriod, { nullable: true, description: 'The recovery period; null before a positive RG.' })
  recoveryPeriod: NrmRecoveryPeriod | null;
}

export function toPlacementNrm(s: PlacementStageState<NrmPolicyVersionEntity>, today: string): PlacementNrm {
  const d = (x: StageDeadline): StageDeadlineType => ({ ...x });
  return {
    stage: s.stage,
    since: s.since,
    deadlines: s.deadlines.map(d),
    nextDeadline: s.deadlines.find((x) => x.date >= today) ?? null,
    policy: toNrmPolicy(s.policy),
    recoveryPeriod: s.recoveryPeriod
      ? { startDate: s.recoveryPeriod.startDate, endDate: s.recoveryPeriod.endDate, lengthDays: s.recoveryPeriod.lengthDays }
      : null,
  };
}

@ObjectType({ description: 'A Recovery Needs Assessment that extended move-on support.' })
export class RecoveryNeedsAssessment {
  @Field(() => ID, { description: 'Id (UUID).' })
  id: string;

  @Field({ description: 'Date of the assessment, YYYY-MM-DD.' })
  assessedOn: string;

  @Field(() => Int, { description: 'Calendar days added to the move-on period.' })
  extensionDays: number;

  @Field({ description: 'Why support is extended.' })
  reason: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded.' })
  recordedAt: Date;
}

export function toRecoveryNeedsAssessment(e: RecoveryNeedsAssessmentEntity): RecoveryNeedsAssessment {
  return { id: e.id, assessedOn: e.assessedOn, extensionDays: e.extensionDays, reason: e.reason, recordedAt: e.recordedAt };
}

@ObjectType({ description: 'Leave to remain recorded on a placement; renewal reminders go out 60, 30 and 7 days before it expires.' })
export class LeaveGrant {
  @Field(() => ID, { description: 'Id (UUID).' })
  id: string;

  @Field(() => LeaveKind, { description: 'Temporary permission to stay (UK) or a residence permit.' })
  kind: LeaveKind;

  @Field({ description: 'Grant date, YYYY-MM-DD.' })
  grantedOn: string;

  @Field({ description: 'Last day of the leave, YYYY-MM-DD.' })
  expiresOn: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded.' })
  recordedAt: Date;
}

export function toLeaveGrant(e: LeaveGrantEntity): LeaveGrant {
  return { id: e.id, kind: e.kind, grantedOn: e.grantedOn, expiresOn: e.expiresOn, recordedAt: e.recordedAt };
}

@ObjectType({ description: 'How long NRM decisions take in one jurisdiction (placements by the jurisdiction they arrived under).' })
export class NrmDecisionTimes {
  @Field(() => Jurisdiction, { description: 'The jurisdiction.' })
  jurisdiction: Jurisdiction;

  @Field(() => Int, { description: 'Placements referred into the NRM.' })
  referred: number;

  @Field(() => Int, { description: 'Of those, with a reasonable grounds decision.' })
  rgDecided: number;

  @Field(() => Float, { nullable: true, description: 'Median working days (the nation’s holidays skipped) from NRM referral to RG; null with none decided.' })
  rgMedianWorkingDays: number | null;

  @Field(() => Int, { description: 'RG decisions made by the target of the policy in force on the referral date.' })
  rgWithinTarget: number;

  @Field(() => Int, { description: 'Referred, no RG decision yet, and past the target today.' })
  rgOverdue: number;

  @Field(() => Int, { description: 'Placements with both an RG and a CG decision.' })
  cgDecided: number;

  @Field(() => Float, { nullable: true, description: 'Median calendar days from RG to CG; null with none decided.' })
  cgMedianDays: number | null;
}
