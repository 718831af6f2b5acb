import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { NrmStageService, Principal } from '@harbour/core';
import { Jurisdiction } from '@harbour/domain';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import {
  AddNrmPolicyVersionInput,
  RecordLeaveInput,
  RecordNrmReferralInput,
  RecordRecoveryNeedsAssessmentInput,
  UpdateNrmPolicyVersionInput,
} from '../inputs/nrm.input';
import '../enums';
import { LeaveGrant, NrmDecisionTimes, NrmPolicy, RecoveryNeedsAssessment, toLeaveGrant, toNrmPolicy, toRecoveryNeedsAssessment } from '../types/nrm.type';
import { Placement, toPlacement } from '../types/placement.type';

/** The NRM policy table and the facts that move a placement through its stages (docs/nrm-stages.md). */
@Resolver()
export class NrmResolver {
  constructor(private readonly nrm: NrmStageService) {}

  @Query(() => [NrmPolicy], {
    description: 'Every NRM policy version (of one jurisdiction when given), by jurisdiction and effective date, each value with its source.',
  })
  async nrmPolicies(
    @Args('jurisdiction', { type: () => Jurisdiction, nullable: true, description: 'Only this jurisdiction’s versions.' }) jurisdiction?: Jurisdiction | null,
  ): Promise<NrmPolicy[]> {
    return (await this.nrm.policies(undefined, jurisdiction ?? undefined)).map(toNrmPolicy);
  }

  @Query(() => [NrmDecisionTimes], {
    description: 'How long NRM decisions take, per jurisdiction (coordinators): working days to RG, the RG target met or overdue, days from RG to CG.',
  })
  async nrmDecisionTimes(@CurrentPrincipal() p: Principal): Promise<NrmDecisionTimes[]> {
    return this.nrm.decisionTimes(p);
  }

  @Mutation(() => NrmPolicy, {
    description:
      'Adds a policy version from a future date (coordinators). Stages already begun keep their rules; stages beginning on or after effectiveFrom follow it. BAD_USER_INPUT naming the field; CONFLICT for a second version on the same date.',
  })
  async addNrmPolicyVersion(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'The version; each field is described on AddNrmPolicyVersionInput.' }) input: AddNrmPolicyVersionInput,
  ): Promise<NrmPolicy> {
    return toNrmPolicy(await this.nrm.addPolicyVersion(p, input));
  }

  @Mutation(() => NrmPolicy, {
    description:
      'Changes a policy version not yet in force (coordinators): its values and effective date (after today). Changed values cite `source`; audited. NOT_FOUND for an unknown id; CONFLICT for a version in force (immutable) or a date taken; BAD_USER_INPUT naming the field.',
  })
  async updateNrmPolicyVersion(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'The version; each field is described on UpdateNrmPolicyVersionInput.' }) input: UpdateNrmPolicyVersionInput,
  ): Promise<NrmPolicy> {
    return toNrmPolicy(await this.nrm.updatePolicyVersion(p, input));
  }

  @Mutation(() => NrmPolicy, {
    description:
      'Deletes a policy version not yet in force (coordinators; no stage can have used it) and returns it; audited. NOT_FOUND for an unknown id; CONFLICT for a version in force (immutable).',
  })
  async deleteNrmPolicyVersion(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'The version (effectiveFrom after today).' }, UuidArgPipe) id: string,
  ): Promise<NrmPolicy> {
    return toNrmPolicy(await this.nrm.deletePolicyVersion(p, id));
  }

  @Mutation(() => Placement, {
    description: 'Records the NRM referral of a Place of Safety stay: the stage becomes awaiting RG, due by the RG target; reminders follow.',
  })
  async recordNrmReferral(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on RecordNrmReferralInput.' }) input: RecordNrmReferralInput,
  ): Promise<Placement> {
    return toPlacement(await this.nrm.recordNrmReferral(p, input));
  }

  @Mutation(() => RecoveryNeedsAssessment, {
    description:
      'Records a Recovery Needs Assessment extending move-on support (placement in MOVE_ON, policy allowing it); the move-on reminders follow the new end.',
  })
  async recordRecoveryNeedsAssessment(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on RecordRecoveryNeedsAssessmentInput.' }) input: RecordRecoveryNeedsAssessmentInput,
  ): Promise<RecoveryNeedsAssessment> {
    return toRecoveryNeedsAssessment(await this.nrm.recordRecoveryNeedsAssessment(p, input));
  }

  @Mutation(() => LeaveGrant, {
    description: 'Records leave to remain with its expiry (default 12 months); renewal reminders go out 60, 30 and 7 days before it.',
  })
  async recordLeave(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on RecordLeaveInput.' }) input: RecordLeaveInput,
  ): Promise<LeaveGrant> {
    return toLeaveGrant(await this.nrm.recordLeave(p, input));
  }
}
