import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { PlacementService, Principal, QueryService } from '@harbour/core';
import { HoldDeclineReason, HoldStatus } from '@harbour/domain';
import '../enums';
import { CurrentPrincipal, requirePrincipal } from '../../auth/current-principal.decorator';
import { checkLength, UuidArgPipe } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { LIMITS } from '../inputs/limits';
import { toConnection } from '../types/connection';
import { Hold, HoldConnection, toHold } from '../types/hold.type';
import { Referral, toReferral } from '../types/referral.type';
import { Bed } from '../types/bed.type';
import { Room } from '../types/room.type';
import { Shelter, toShelter } from '../types/shelter.type';
import { stayBeds, stayRoom } from './stay-layout';
import { visibleReferral } from './visibility';

/** Holds: beds reserved for a referral until arrival, decline or expiry. */
@Resolver(() => Hold)
export class HoldResolver {
  constructor(
    private readonly placementService: PlacementService,
    private readonly query: QueryService,
  ) {}

  @Query(() => HoldConnection, { description: 'Holds, newest first: coordinators all, staff their shelters’, officers their agency’s.' })
  async holds(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('status', { type: () => HoldStatus, nullable: true, description: 'Only holds in this status.' }) status?: HoldStatus | null,
    @Args('shelterId', { type: () => ID, nullable: true, description: 'Only holds at this shelter.' }, UuidArgPipe) shelterId?: string | null,
  ): Promise<HoldConnection> {
    return toConnection(await this.query.holds(p, { first, after, status, shelterId }), toHold);
  }

  @Mutation(() => Hold, {
    description:
      'Declines an ACTIVE hold (shelter staff, the referring officer, coordinators): the beds go back to the waitlist; the referral is held another eligible bed at once (never at a shelter that declined it or let an offer lapse), else waitlisted from when it first started waiting; the agency is told (HOLD_DECLINED with the reason code and what happened next). Idempotent. BAD_USER_INPUT naming reasonCode when it is missing, or reason when it is blank with OTHER.',
  })
  async declineHold(
    @CurrentPrincipal() p: Principal,
    @Args('holdId', { type: () => ID, description: 'Hold id.' }, UuidArgPipe) holdId: string,
    @Args('reason', { type: () => String, nullable: true, description: `Why, in words, at most ${LIMITS.reason} characters (required with reasonCode OTHER).` })
    reason?: string | null,
    @Args('reasonCode', {
      type: () => HoldDeclineReason,
      nullable: true,
      description:
        'Why, structured. Required (BAD_USER_INPUT naming reasonCode when missing; nullable in the schema only so that the error names the field); OTHER needs reason text.',
    })
    reasonCode?: HoldDeclineReason | null,
  ): Promise<Hold> {
    checkLength(reason, 'reason', LIMITS.reason);
    return toHold(await this.placementService.declineHold(p, holdId, reason, reasonCode));
  }

  @Mutation(() => Hold, {
    description:
      'The shelter accepts an offered hold (its staff, coordinators) and phones the officer back on the referral’s callbackContact; the agency is notified (HOLD_ACCEPTED). Idempotent; CONFLICT once the hold is no longer ACTIVE.',
  })
  async acceptHold(@CurrentPrincipal() p: Principal, @Args('holdId', { type: () => ID, description: 'Hold id.' }, UuidArgPipe) holdId: string): Promise<Hold> {
    return toHold(await this.placementService.acceptHold(p, holdId));
  }

  @ResolveField(() => Referral, { nullable: true })
  async referral(@Root() h: Hold, @Context() ctx: GraphQLContext): Promise<Referral | null> {
    const referral = await visibleReferral(requirePrincipal(ctx), h.referralId, ctx.loaders);
    return referral ? toReferral(referral) : null;
  }

  @ResolveField(() => Shelter)
  async shelter(@Root() h: Hold, @Context() ctx: GraphQLContext): Promise<Shelter> {
    return toShelter((await ctx.loaders.shelter.load(h.shelterId))!);
  }

  @ResolveField(() => Room, { nullable: true })
  async room(@Root() h: Hold, @Context() ctx: GraphQLContext): Promise<Room | null> {
    return stayRoom(requirePrincipal(ctx), { ...h, holdId: h.id }, ctx.loaders);
  }

  @ResolveField(() => [Bed], { nullable: true })
  async beds(@Root() h: Hold, @Context() ctx: GraphQLContext): Promise<Bed[] | null> {
    return stayBeds(requirePrincipal(ctx), { ...h, holdId: h.id }, ctx.loaders);
  }
}
