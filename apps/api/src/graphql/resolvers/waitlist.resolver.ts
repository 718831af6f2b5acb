import { Args, Context, Int, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { Principal, QueryService } from '@harbour/core';
import { CurrentPrincipal, requirePrincipal } from '../../auth/current-principal.decorator';
import { GraphQLContext } from '../../graphql-context';
import { toConnection } from '../types/connection';
import { Referral, toReferral } from '../types/referral.type';
import { toWaitlistEntry, WaitlistEntry, WaitlistEntryConnection } from '../types/waitlist-entry.type';
import { visibleReferral } from './visibility';

/** The waitlist. */
@Resolver(() => WaitlistEntry)
export class WaitlistResolver {
  constructor(private readonly query: QueryService) {}

  @Query(() => WaitlistEntryConnection, {
    description: 'Waiting referrals in offer order (priority, then time waited): coordinators all, officers their agency’s.',
  })
  async waitlist(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ): Promise<WaitlistEntryConnection> {
    return toConnection(await this.query.waitlist(p, { first, after }), toWaitlistEntry);
  }

  @ResolveField(() => Referral, { nullable: true })
  async referral(@Root() w: WaitlistEntry, @Context() ctx: GraphQLContext): Promise<Referral | null> {
    const referral = await visibleReferral(requirePrincipal(ctx), w.referralId, ctx.loaders);
    return referral ? toReferral(referral) : null;
  }

  @ResolveField(() => Int, { nullable: true })
  async position(@Root() w: WaitlistEntry, @Context() ctx: GraphQLContext): Promise<number | null> {
    return ctx.loaders.waitlistPosition.load(w.referralId);
  }
}
