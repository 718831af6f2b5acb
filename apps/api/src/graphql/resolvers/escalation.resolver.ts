import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { EscalationService, Principal, QueryService } from '@harbour/core';
import { EscalationStatus } from '@harbour/domain';
import { CurrentPrincipal, requirePrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { toConnection } from '../types/connection';
import { Escalation, EscalationConnection, toEscalation } from '../types/escalation.type';
import { Referral, toReferral } from '../types/referral.type';
import { visibleReferral } from './visibility';

/** Escalations of referrals waiting too long (coordinators; docs/waiting.md). */
@Resolver(() => Escalation)
export class EscalationResolver {
  constructor(
    private readonly escalationService: EscalationService,
    private readonly query: QueryService,
  ) {}

  @Query(() => EscalationConnection, {
    description: 'Escalations (coordinators): unresolved first, then newest first. Filter by status and by a region the escalation names.',
  })
  async escalations(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('status', { type: () => EscalationStatus, nullable: true, description: 'Only escalations in this status.' }) status?: EscalationStatus | null,
    @Args('regionCode', { type: () => String, nullable: true, description: 'Only escalations told to this region’s coordinators.' }) regionCode?: string | null,
  ): Promise<EscalationConnection> {
    return toConnection(await this.query.escalations(p, { first, after, status, regionCode }), toEscalation);
  }

  @Mutation(() => Escalation, {
    description:
      'Takes an escalation on (coordinators): OPEN → CLAIMED. Idempotent for the same coordinator; CONFLICT when claimed by another, acknowledged or resolved.',
  })
  async claimEscalation(
    @CurrentPrincipal() p: Principal,
    @Args('escalationId', { type: () => ID, description: 'Escalation id.' }, UuidArgPipe) escalationId: string,
  ): Promise<Escalation> {
    return toEscalation(await this.escalationService.claim(p, escalationId));
  }

  @Mutation(() => Escalation, {
    description:
      'Acknowledges an escalation (coordinators): OPEN or CLAIMED → ACKNOWLEDGED (claiming it too if unclaimed). Only the claimant may acknowledge a claimed one. CONFLICT when resolved, already acknowledged (the message names who and when; nothing is rewritten), or claimed by another coordinator (the message names them).',
  })
  async acknowledgeEscalation(
    @CurrentPrincipal() p: Principal,
    @Args('escalationId', { type: () => ID, description: 'Escalation id.' }, UuidArgPipe) escalationId: string,
  ): Promise<Escalation> {
    return toEscalation(await this.escalationService.acknowledge(p, escalationId));
  }

  @ResolveField(() => Referral, { nullable: true })
  async referral(@Root() e: Escalation, @Context() ctx: GraphQLContext): Promise<Referral | null> {
    const referral = await visibleReferral(requirePrincipal(ctx), e.referralId, ctx.loaders);
    return referral ? toReferral(referral) : null;
  }
}
