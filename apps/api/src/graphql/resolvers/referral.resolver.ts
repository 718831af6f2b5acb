import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { PlacementService, Principal, QueryService, ReferralService } from '@harbour/core';
import { ReferralStatus } from '@harbour/domain';
import { BadUserInputError, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { CreateReferralInput } from '../inputs/create-referral.input';
import { RecordDecisionInput } from '../inputs/record-decision.input';
import { Agency, toAgency } from '../types/agency.type';
import { toConnection } from '../types/connection';
import { Decision, toDecision } from '../types/decision.type';
import { Hold, toHold } from '../types/hold.type';
import { MatchCandidate, toMatchCandidate } from '../types/match-candidate.type';
import { Placement, toPlacement } from '../types/placement.type';
import { HoldOffered, PlacementRequestResult, Waitlisted } from '../types/placement-request-result.type';
import { Referral, ReferralConnection, toReferral } from '../types/referral.type';
import { toWaitlistEntry } from '../types/waitlist-entry.type';

/** Referral intake, matching, placement requests and NRM decisions. */
@Resolver(() => Referral)
export class ReferralResolver {
  constructor(
    private readonly referralService: ReferralService,
    private readonly placementService: PlacementService,
    private readonly query: QueryService,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  @Query(() => ReferralConnection, {
    description: 'Referrals, newest first: coordinators all, officers their agency’s, shelter staff those held or placed with them.',
  })
  async referrals(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('status', { type: () => ReferralStatus, nullable: true, description: 'Only referrals in this status.' }) status?: ReferralStatus | null,
  ): Promise<ReferralConnection> {
    return toConnection(await this.query.referrals(p, { first, after, status }), toReferral);
  }

  @Query(() => Referral, { description: 'One referral you may see. NOT_FOUND otherwise (another agency’s ids cannot be probed).' })
  async referral(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) id: string,
  ): Promise<Referral> {
    return toReferral(await this.referralService.getVisible(p, id));
  }

  @Query(() => [MatchCandidate], {
    description: 'Eligible rooms for a referral, best first, each with its score and reasons (officers of the agency, coordinators).',
  })
  async matchCandidates(
    @CurrentPrincipal() p: Principal,
    @Args('referralId', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) referralId: string,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'How many candidates, 1..MAX_PAGE_SIZE.' }) first: number,
  ): Promise<MatchCandidate[]> {
    if (!Number.isInteger(first) || first < 1 || first > this.config.MAX_PAGE_SIZE) {
      throw new BadUserInputError(`first must be a whole number from 1 to ${this.config.MAX_PAGE_SIZE}`, 'first');
    }
    return (await this.placementService.matchCandidates(p, referralId, first)).map(toMatchCandidate);
  }

  @Mutation(() => Referral, { description: 'Creates a referral. CONFLICT when the agency already used the reference; BAD_USER_INPUT naming the field.' })
  async createReferral(@CurrentPrincipal() p: Principal, @Args('input', { description: 'What to do; each field is described on CreateReferralInput.' }) input: CreateReferralInput): Promise<Referral> {
    const referral = await this.referralService.create(p, {
      agencyId: input.agencyId,
      agencyReference: input.agencyReference,
      initials: input.initials,
      ageBand: input.ageBand,
      gender: input.gender,
      languages: input.languages ?? undefined,
      exploitationTypes: input.exploitationTypes ?? undefined,
      dependants: input.dependants?.map((d) => ({ ageBand: d.ageBand, gender: d.gender ?? null })),
      accessibilityNeeds: input.accessibilityNeeds ?? undefined,
      exclusionRegions: input.exclusionRegions ?? undefined,
      preferredRegions: input.preferredRegions ?? undefined,
      acceptableRegions: input.acceptableRegions ?? undefined,
      urgency: input.urgency ?? undefined,
      consentGiven: input.consentGiven ?? undefined,
      notes: input.notes ?? null,
    });
    return toReferral(referral);
  }

  @Mutation(() => Referral, { description: 'Withdraws a referral that is not placed (its hold or waitlist entry is released). Idempotent. CONFLICT once placed.' })
  async withdrawReferral(
    @CurrentPrincipal() p: Principal,
    @Args('referralId', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) referralId: string,
  ): Promise<Referral> {
    return toReferral(await this.placementService.withdrawReferral(p, referralId));
  }

  @Mutation(() => PlacementRequestResult, {
    description:
      'Holds the best eligible bed that can still be locked (HoldOffered), or puts the referral on the waitlist (Waitlisted). Idempotent for a held referral. CONFLICT for a placed, exited or withdrawn one.',
  })
  async requestPlacement(
    @CurrentPrincipal() p: Principal,
    @Args('referralId', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) referralId: string,
  ): Promise<HoldOffered | Waitlisted> {
    const result = await this.placementService.requestPlacement(p, referralId);
    if (result.outcome === 'HOLD_OFFERED') return Object.assign(new HoldOffered(), { hold: toHold(result.hold) });
    return Object.assign(new Waitlisted(), { entry: toWaitlistEntry(result.entry), position: result.position });
  }

  @Mutation(() => Decision, { description: 'Records an NRM reasonable or conclusive grounds decision on a referral you may see.' })
  async recordDecision(@CurrentPrincipal() p: Principal, @Args('input', { description: 'What to do; each field is described on RecordDecisionInput.' }) input: RecordDecisionInput): Promise<Decision> {
    return toDecision(await this.referralService.recordDecision(p, input));
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Free-text notes, decrypted for whoever may see this referral (its agency, the holding or placing shelter, coordinators).',
  })
  async notes(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<string | null> {
    const entity = await ctx.loaders.referral.load(r.id);
    return entity ? this.referralService.readNotes(entity) : null;
  }

  @ResolveField(() => Agency, { nullable: true })
  async agency(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<Agency | null> {
    const agency = await ctx.loaders.agency.load(r.agencyId);
    return agency ? toAgency(agency) : null;
  }

  @ResolveField(() => [Decision])
  async decisions(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<Decision[]> {
    return (await ctx.loaders.decisionsByReferral.load(r.id)).map(toDecision);
  }

  @ResolveField(() => Hold, { nullable: true })
  async activeHold(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<Hold | null> {
    const hold = await ctx.loaders.activeHoldByReferral.load(r.id);
    return hold ? toHold(hold) : null;
  }

  @ResolveField(() => Placement, { nullable: true })
  async placement(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<Placement | null> {
    const placement = await ctx.loaders.placementByReferral.load(r.id);
    return placement ? toPlacement(placement) : null;
  }

  @ResolveField(() => Int, { nullable: true })
  async waitlistPosition(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<number | null> {
    return r.status === ReferralStatus.WAITLISTED ? ctx.loaders.waitlistPosition.load(r.id) : null;
  }
}
