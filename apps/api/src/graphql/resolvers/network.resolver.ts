import { Args, Context, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { NetworkService, Principal } from '@harbour/core';
import { Jurisdiction, Role } from '@harbour/domain';
import { BadUserInputError } from '@harbour/platform';
import { CurrentPrincipal, requirePrincipal } from '../../auth/current-principal.decorator';
import { applyNullMeanings } from '../../common/null-meaning';
import { checkLength } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { DirectoryReader } from '../../read/directory.reader';
import { CreateAgencyInput, UPDATE_AGENCY_NULLS, UpdateAgencyInput } from '../inputs/create-agency.input';
import { LIMITS } from '../inputs/limits';
import { Agency, toAgency } from '../types/agency.type';
import { Region, toRegion } from '../types/region.type';
import { RegionAvailability, toRegionAvailability } from '../types/region-availability.type';

/** Regions, agencies and live availability. */
@Resolver()
export class NetworkResolver {
  constructor(
    private readonly network: NetworkService,
    private readonly directory: DirectoryReader,
  ) {}

  @Query(() => [Region], { description: 'Every region, by code.' })
  async regions(@CurrentPrincipal() _p: Principal): Promise<Region[]> {
    return (await this.directory.regions()).map(toRegion);
  }

  @Query(() => [Agency], { description: 'Every referring agency, by name (coordinators).' })
  async agencies(@CurrentPrincipal() p: Principal): Promise<Agency[]> {
    return (await this.directory.agencies(p)).map(toAgency);
  }

  @Query(() => [RegionAvailability], {
    description: 'Free beds by region and category, counting AVAILABLE beds of OPEN shelters. Any role: counts reveal no location.',
  })
  async availability(
    @CurrentPrincipal() _p: Principal,
    @Args('regionCodes', { type: () => [String], nullable: true, description: `Regions to count (at most ${LIMITS.regions}); omit or [] for every region.` })
    regionCodes?: string[] | null,
  ): Promise<RegionAvailability[]> {
    if (regionCodes && regionCodes.length > LIMITS.regions) {
      throw new BadUserInputError(`regionCodes may list at most ${LIMITS.regions} regions`, 'regionCodes');
    }
    regionCodes?.forEach((c, i) => checkLength(c, `regionCodes.${i}`, LIMITS.regionCode));
    return (await this.network.availability(regionCodes ?? undefined)).map(toRegionAvailability);
  }

  @Mutation(() => Region, { description: 'Creates a region if it does not exist (coordinators). Idempotent: returns the existing one.' })
  async createRegion(
    @CurrentPrincipal() p: Principal,
    @Args('code', { description: 'Region code: 1-32 letters, digits or dashes.' }) code: string,
    @Args('name', { type: () => String, nullable: true, description: 'Display name (default the code), at most 200 characters.' })
    name?: string | null,
    @Args('jurisdiction', {
      type: () => Jurisdiction,
      nullable: true,
      description:
        'Whose NRM rules govern the region; default ENGLAND for a new region. Given for an existing region, it changes the jurisdiction for placements that begin from now on.',
    })
    jurisdiction?: Jurisdiction | null,
  ): Promise<Region> {
    checkLength(code, 'code', LIMITS.regionCode);
    checkLength(name, 'name', LIMITS.name);
    return toRegion(await this.network.upsertRegion(p, code, name ?? undefined, jurisdiction ?? null));
  }

  @Mutation(() => Agency, { description: 'Creates a referring agency (coordinators). CONFLICT on a duplicate name.' })
  async createAgency(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on CreateAgencyInput.' }) input: CreateAgencyInput,
  ): Promise<Agency> {
    return toAgency(await this.network.createAgency(p, input.name, input.kind, input.webhookUrl, input.email));
  }

  @Mutation(() => Agency, {
    description:
      'Changes an agency’s name, webhook URL or contact email (coordinators; audited). Webhook URLs follow the same rules as on creation. ' +
      'Omitted fields stay; null clears webhookUrl or email and is BAD_USER_INPUT for name. ' +
      'BAD_USER_INPUT names the field; NOT_FOUND for an unknown agency; CONFLICT on a taken name.',
  })
  async updateAgency(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'The agency and the fields to change; each field is described on UpdateAgencyInput.' }) input: UpdateAgencyInput,
  ): Promise<Agency> {
    const { id, ...fields } = input;
    return toAgency(await this.network.updateAgency(p, id, applyNullMeanings(fields, UPDATE_AGENCY_NULLS)));
  }

  @Mutation(() => Region, {
    description:
      'Replaces the email addresses of a region’s coordinators, who receive its capacity alerts by email (coordinators; audited). ' +
      'At most 20, duplicates dropped; [] clears them. BAD_USER_INPUT names `emails.<i>`; NOT_FOUND for an unknown region.',
  })
  async setRegionCoordinatorEmails(
    @CurrentPrincipal() p: Principal,
    @Args('regionCode', { description: 'Region code.' }) regionCode: string,
    @Args('emails', { type: () => [String], description: 'Every coordinator address for the region (replaces the previous list).' }) emails: string[],
  ): Promise<Region> {
    checkLength(regionCode, 'regionCode', LIMITS.regionCode);
    if (emails.length > LIMITS.coordinatorEmails) {
      throw new BadUserInputError(`emails may list at most ${LIMITS.coordinatorEmails} addresses`, 'emails');
    }
    emails.forEach((e, i) => checkLength(e, `emails.${i}`, LIMITS.email));
    return toRegion(await this.network.setRegionCoordinatorEmails(p, regionCode, emails));
  }
}

/** Agency fields that depend on who is asking. */
@Resolver(() => Agency)
export class AgencyResolver {
  @ResolveField(() => String, { nullable: true })
  webhookUrl(@Root() agency: Agency, @Context() ctx: GraphQLContext): string | null {
    return requirePrincipal(ctx).role === Role.COORDINATOR ? agency.webhookUrl : null;
  }

  @ResolveField(() => String, { nullable: true })
  email(@Root() agency: Agency, @Context() ctx: GraphQLContext): string | null {
    return requirePrincipal(ctx).role === Role.COORDINATOR ? agency.email : null;
  }
}

/** Region fields that depend on who is asking. */
@Resolver(() => Region)
export class RegionResolver {
  /** The region's coordinator addresses; null for anyone but a coordinator (the access matrix answers them FORBIDDEN first). */
  @ResolveField(() => [String], { nullable: true })
  coordinatorEmails(@Root() region: Region, @Context() ctx: GraphQLContext): string[] | null {
    return requirePrincipal(ctx).role === Role.COORDINATOR ? region.coordinatorEmails : null;
  }
}
