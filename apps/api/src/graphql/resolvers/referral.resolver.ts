import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { BULK_INTAKE_MAX, IntakeProblem, PlacementService, Principal, QueryService, ReferralInput, ReferralService, SurgeIntakeService } from '@harbour/core';
import { ReferralStatus } from '@harbour/domain';
import { BadUserInputError, ErrorCode, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { InputValidationPipe } from '../../common/validation.pipe';
import { GraphQLContext } from '../../graphql-context';
import { CreateReferralInput } from '../inputs/create-referral.input';
import { CorrectDecisionInput, RecordDecisionInput } from '../inputs/record-decision.input';
import { Agency, toAgency } from '../types/agency.type';
import { BulkCreateReferralsResult } from '../types/bulk-intake.type';
import { toConnection } from '../types/connection';
import { Decision, toDecision } from '../types/decision.type';
import { Hold, toHold } from '../types/hold.type';
import { MatchCandidate, toMatchCandidate } from '../types/match-candidate.type';
import { Placement, toPlacement } from '../types/placement.type';
import { HoldOffered, PlacementRequestResult, Waitlisted } from '../types/placement-request-result.type';
import { NoSuitableProvision, toNoSuitableProvision } from '../types/provision.type';
import { Referral, ReferralConnection, toReferral } from '../types/referral.type';
import { toWaitlistEntry } from '../types/waitlist-entry.type';

/** Referral intake, matching, placement requests and NRM decisions. */
@Resolver(() => Referral)
export class ReferralResolver {
  /** Checks each item of a list input (the global pipe validates only top-level input types). */
  private readonly itemPipe = new InputValidationPipe();

  constructor(
    private readonly referralService: ReferralService,
    private readonly placementService: PlacementService,
    private readonly surgeIntake: SurgeIntakeService,
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
  async referral(@CurrentPrincipal() p: Principal, @Args('id', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) id: string): Promise<Referral> {
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

  @Mutation(() => Referral, {
    description:
      'Creates a referral (OPEN) and checks that some room in the network could take the household: when none could, `noSuitableProvision` says why and its regions’ coordinators are told. CONFLICT when the agency already used the reference; BAD_USER_INPUT naming the field.',
  })
  async createReferral(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on CreateReferralInput.' }) input: CreateReferralInput,
  ): Promise<Referral> {
    return toReferral(await this.referralService.create(p, toReferralInput(input)));
  }

  @Mutation(() => BulkCreateReferralsResult, {
    description:
      'Surge intake (officers for their agency, coordinators naming it): 1..200 referrals created and put on the waitlist ALL OR NOTHING, then one batch assignment offers the free beds across every region within the hard rules. On any bad item nothing is written: BAD_USER_INPUT whose `field` is the first problem (e.g. `input.3.agencyReference`) and whose `extensions.problems` lists every problem of the batch at once (every bad field of every item: format, unknown agency or region, a reference already used or repeated in the batch) as { index, field, code, message }.',
  })
  async bulkCreateReferrals(
    @CurrentPrincipal() p: Principal,
    @Args('input', { type: () => [CreateReferralInput], description: 'The referrals, 1..200; each field is described on CreateReferralInput.' })
    input: CreateReferralInput[],
  ): Promise<BulkCreateReferralsResult> {
    if (input.length > BULK_INTAKE_MAX) {
      throw new BadUserInputError(`At most ${BULK_INTAKE_MAX} referrals per call (got ${input.length}); split the surge`, 'input');
    }
    // The global pipe does not look inside lists: check every item as createReferral's input is checked, keeping
    // every bad field; the service checks every item for everything else and reports all the problems at once.
    const items: CreateReferralInput[] = [];
    const problems: IntakeProblem[] = [];
    for (const [index, item] of input.entries()) {
      const checked = await this.itemPipe.problemsOf(item, { type: 'body', metatype: CreateReferralInput, data: `input.${index}` });
      items.push(checked.value as CreateReferralInput);
      for (const { field, message } of checked.problems) problems.push({ index, field: field || `input.${index}`, code: ErrorCode.BAD_USER_INPUT, message });
    }
    const { referrals, holds, runs } = await this.surgeIntake.bulkIntake(p, items.map(toReferralInput), problems);
    // Summed from the runs' exact values, rounded once: each hold keeps its value rounded to 2 decimals, and a sum
    // of 200 rounded values can be off by up to 1 point (it then looked below the greedy rule the run had beaten).
    const held = new Set(holds.map((h) => h.referralId));
    const values = new Map<string, number>();
    for (const run of runs) for (const o of run.offers) if (held.has(o.referralId)) values.set(o.referralId, o.value);
    const objective = [...values.values()].reduce((sum, v) => sum + v, 0);
    return {
      referrals: referrals.map(toReferral),
      holdsOffered: holds.length,
      stillWaiting: referrals.filter((r) => r.status === ReferralStatus.WAITLISTED).length,
      noSuitableProvision: referrals.filter((r) => r.status === ReferralStatus.OPEN && r.provisionFinding).length,
      runs: runs.length,
      solverStatus: runs[0]?.solverStatus ?? null,
      objective: Math.round(objective * 100) / 100,
    };
  }

  @Mutation(() => Referral, {
    description: 'Withdraws a referral that is not placed (its hold or waitlist entry is released). Idempotent. CONFLICT once placed.',
  })
  async withdrawReferral(
    @CurrentPrincipal() p: Principal,
    @Args('referralId', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) referralId: string,
  ): Promise<Referral> {
    return toReferral(await this.placementService.withdrawReferral(p, referralId));
  }

  @Mutation(() => PlacementRequestResult, {
    description:
      'Holds the best eligible bed that can still be locked (HoldOffered), or puts the referral on the waitlist (Waitlisted), or, when no room in the network could take the household even with every bed free, keeps it OPEN and says why (NoSuitableProvision; asking again checks again). Idempotent for a held referral. CONFLICT for a placed, exited or withdrawn one.',
  })
  async requestPlacement(
    @CurrentPrincipal() p: Principal,
    @Args('referralId', { type: () => ID, description: 'Referral id.' }, UuidArgPipe) referralId: string,
  ): Promise<HoldOffered | Waitlisted | NoSuitableProvision> {
    const result = await this.placementService.requestPlacement(p, referralId);
    if (result.outcome === 'HOLD_OFFERED') return Object.assign(new HoldOffered(), { hold: toHold(result.hold) });
    if (result.outcome === 'NO_SUITABLE_PROVISION') {
      return toNoSuitableProvision(toReferral(result.referral), result.finding, result.referral.provisionCheckedAt ?? new Date());
    }
    return Object.assign(new Waitlisted(), { entry: toWaitlistEntry(result.entry), position: result.position });
  }

  @Mutation(() => Decision, { description: 'Records an NRM reasonable or conclusive grounds decision on a referral you may see.' })
  async recordDecision(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on RecordDecisionInput.' }) input: RecordDecisionInput,
  ): Promise<Decision> {
    return toDecision(await this.referralService.recordDecision(p, input));
  }

  @Mutation(() => Decision, {
    description:
      'Corrects a recorded NRM decision (date, and outcome when given) with a reason, audited. A corrected RG recomputes the recovery period; the stage, deadlines and reminders are rescheduled once. BAD_USER_INPUT naming the field (reason, a future date, a CG before RG + the minimum gap); CONFLICT when no such decision is recorded.',
  })
  async correctDecision(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to correct; each field is described on CorrectDecisionInput.' }) input: CorrectDecisionInput,
  ): Promise<Decision> {
    return toDecision(await this.referralService.correctDecision(p, input));
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

  @ResolveField(() => NoSuitableProvision, {
    nullable: true,
    description:
      'While the referral is OPEN: the last check found that no room in the network could take the household even with every bed free (at createReferral, requestPlacement or bulkCreateReferrals). Null when it found provision, or the referral is waitlisted, held, placed or closed.',
  })
  noSuitableProvision(@Root() r: Referral): NoSuitableProvision | null {
    if (r.status !== ReferralStatus.OPEN || !r.provisionFinding || !r.provisionCheckedAt) return null;
    return toNoSuitableProvision(r, r.provisionFinding, r.provisionCheckedAt);
  }

  @ResolveField(() => Int, { nullable: true })
  async waitlistPosition(@Root() r: Referral, @Context() ctx: GraphQLContext): Promise<number | null> {
    return r.status === ReferralStatus.WAITLISTED ? ctx.loaders.waitlistPosition.load(r.id) : null;
  }
}

/** The service's input from the GraphQL input (nulls become "not given"). */
function toReferralInput(input: CreateReferralInput): ReferralInput {
  return {
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
    interpreterLanguage: input.interpreterLanguage ?? null,
    transportNeeded: input.transportNeeded ?? false,
    callbackContact: input.callbackContact ?? null,
  };
}
