import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { NrmStageService, PlacementService, Principal, QueryService } from '@harbour/core';
import { localDate, PlacementStatus } from '@harbour/domain';
import { HARBOUR_CONFIG, HarbourConfig, NotFoundError } from '@harbour/platform';
import { CurrentPrincipal, requirePrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { ConfirmArrivalInput } from '../inputs/confirm-arrival.input';
import { EndPlacementInput } from '../inputs/end-placement.input';
import { ExtendRecoveryPeriodInput } from '../inputs/extend-recovery-period.input';
import { toConnection } from '../types/connection';
import { Hold, toHold } from '../types/hold.type';
import { LeaveGrant, PlacementNrm, RecoveryNeedsAssessment, toLeaveGrant, toPlacementNrm, toRecoveryNeedsAssessment } from '../types/nrm.type';
import { Placement, PlacementConnection, toPlacement } from '../types/placement.type';
import { RecoveryPeriod, toRecoveryPeriod } from '../types/recovery-period.type';
import { Referral, toReferral } from '../types/referral.type';
import { Reminder, toReminder } from '../types/reminder.type';
import { Bed } from '../types/bed.type';
import { Room } from '../types/room.type';
import { Shelter, toShelter } from '../types/shelter.type';
import { stayBeds, stayRoom } from './stay-layout';
import { canSeePlacement, visibleReferral } from './visibility';

/** Placements: arrival, recovery periods, extensions and exit. */
@Resolver(() => Placement)
export class PlacementResolver {
  constructor(
    private readonly placementService: PlacementService,
    private readonly query: QueryService,
    private readonly nrmStages: NrmStageService,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  @Query(() => PlacementConnection, { description: 'Placements, newest first: coordinators all, staff their shelters’, officers their agency’s.' })
  async placements(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('active', { type: () => Boolean, nullable: true, description: 'true: only ACTIVE; false: only ENDED; omit for both.' }) active?: boolean | null,
    @Args('shelterId', { type: () => ID, nullable: true, description: 'Only placements at this shelter.' }, UuidArgPipe) shelterId?: string | null,
  ): Promise<PlacementConnection> {
    return toConnection(await this.query.placements(p, { first, after, active, shelterId }), toPlacement);
  }

  @Query(() => Placement, {
    description: 'One placement you may see (coordinators; staff of its shelter; officers of the referring agency). NOT_FOUND otherwise.',
  })
  async placement(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'Placement id.' }, UuidArgPipe) id: string,
    @Context() ctx: GraphQLContext,
  ): Promise<Placement> {
    const placement = await ctx.loaders.placement.load(id);
    if (!placement || !(await canSeePlacement(p, placement, ctx.loaders))) throw new NotFoundError('Placement', id);
    return toPlacement(placement);
  }

  @Mutation(() => Placement, {
    description:
      'Shelter staff confirm the household arrived: the placement starts in the NRM stage its decisions give (Place of Safety, awaiting RG, or the recovery period from arrival when a positive RG came earlier), and the stage’s reminders are scheduled. Idempotent.',
  })
  async confirmArrival(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on ConfirmArrivalInput.' }) input: ConfirmArrivalInput,
  ): Promise<Placement> {
    return toPlacement(await this.placementService.confirmArrival(p, input));
  }

  @Mutation(() => RecoveryPeriod, {
    description: 'Adds a further recovery period after the last one (reason required); reminders follow the new end date. Retry-safe with clientMutationId.',
  })
  async extendRecoveryPeriod(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on ExtendRecoveryPeriodInput.' }) input: ExtendRecoveryPeriodInput,
  ): Promise<RecoveryPeriod> {
    return toRecoveryPeriod(await this.placementService.extendRecoveryPeriod(p, input));
  }

  @Mutation(() => Placement, {
    description: 'Ends a placement: the beds free up for the waitlist, unsent reminders are cancelled, the referral is EXITED. Idempotent.',
  })
  async endPlacement(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on EndPlacementInput.' }) input: EndPlacementInput,
  ): Promise<Placement> {
    return toPlacement(await this.placementService.endPlacement(p, input));
  }

  @ResolveField(() => Referral, { nullable: true })
  async referral(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<Referral | null> {
    const referral = await visibleReferral(requirePrincipal(ctx), pl.referralId, ctx.loaders);
    return referral ? toReferral(referral) : null;
  }

  @ResolveField(() => Shelter)
  async shelter(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<Shelter> {
    return toShelter((await ctx.loaders.shelter.load(pl.shelterId))!);
  }

  @ResolveField(() => Room, { nullable: true })
  async room(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<Room | null> {
    return stayRoom(requirePrincipal(ctx), pl, ctx.loaders);
  }

  @ResolveField(() => [Bed], { nullable: true })
  async beds(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<Bed[] | null> {
    return stayBeds(requirePrincipal(ctx), pl, ctx.loaders);
  }

  @ResolveField(() => Hold, { nullable: true })
  async hold(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<Hold | null> {
    const hold = await ctx.loaders.hold.load(pl.holdId);
    return hold ? toHold(hold) : null;
  }

  @ResolveField(() => [RecoveryPeriod])
  async recoveryPeriods(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<RecoveryPeriod[]> {
    return (await ctx.loaders.recoveryPeriodsByPlacement.load(pl.id)).map(toRecoveryPeriod);
  }

  @ResolveField(() => RecoveryPeriod, { nullable: true })
  async currentRecoveryPeriod(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<RecoveryPeriod | null> {
    if (pl.status !== PlacementStatus.ACTIVE) return null;
    const periods = await ctx.loaders.recoveryPeriodsByPlacement.load(pl.id);
    if (!periods.length) return null;
    const today = localDate(await ctx.loaders.now(), this.config.TIME_ZONE);
    const current = periods.find((rp) => rp.startDate <= today && today <= rp.endDate);
    const last = periods[periods.length - 1];
    return toRecoveryPeriod(current ?? (today > last.endDate ? last : periods[0]));
  }

  @ResolveField(() => PlacementNrm)
  async nrm(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<PlacementNrm> {
    const entity = await ctx.loaders.placement.load(pl.id);
    if (!entity) throw new NotFoundError('Placement', pl.id);
    const state = await this.nrmStages.stateForCaller(requirePrincipal(ctx), entity);
    return toPlacementNrm(state, localDate(await ctx.loaders.now(), this.config.TIME_ZONE));
  }

  @ResolveField(() => [RecoveryNeedsAssessment])
  async recoveryNeedsAssessments(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<RecoveryNeedsAssessment[]> {
    return (await ctx.loaders.recoveryNeedsAssessmentsByPlacement.load(pl.id)).map(toRecoveryNeedsAssessment);
  }

  @ResolveField(() => [LeaveGrant])
  async leaveGrants(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<LeaveGrant[]> {
    return (await ctx.loaders.leaveGrantsByPlacement.load(pl.id)).map(toLeaveGrant);
  }

  @ResolveField(() => [Reminder])
  async reminders(@Root() pl: Placement, @Context() ctx: GraphQLContext): Promise<Reminder[]> {
    return (await ctx.loaders.remindersByPlacement.load(pl.id)).map(toReminder);
  }
}
