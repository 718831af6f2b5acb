import { Args, Context, Float, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { canSeeShelterLocation, NetworkService, Principal, QueryService, ShelterLocationEntity } from '@harbour/core';
import { Role } from '@harbour/domain';
import { NotFoundError } from '@harbour/platform';
import { CurrentPrincipal, requirePrincipal } from '../../auth/current-principal.decorator';
import { applyNullMeanings } from '../../common/null-meaning';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { ADD_BEDS_NULLS, AddBedsInput } from '../inputs/add-beds.input';
import { SetBedStatusInput } from '../inputs/set-bed-status.input';
import { CreateShelterInput, UPDATE_SHELTER_NULLS, UpdateShelterInput } from '../inputs/shelter.input';
import { Bed, toBed } from '../types/bed.type';
import { toConnection } from '../types/connection';
import { Room, toRoom } from '../types/room.type';
import { Shelter, ShelterConnection, toShelter } from '../types/shelter.type';

/** Drops null fields: on createShelter an explicit null is the same as leaving the field out (its default). */
function withoutNulls<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as never;
}

/** Safe houses, their rooms and beds. */
@Resolver(() => Shelter)
export class ShelterResolver {
  constructor(
    private readonly network: NetworkService,
    private readonly query: QueryService,
  ) {}

  @Query(() => ShelterConnection, { description: 'Shelters by code name: coordinators all, shelter staff their own. FORBIDDEN for referral officers.' })
  async shelters(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('regionCode', { type: () => String, nullable: true, description: 'Only shelters in this region.' }) regionCode?: string | null,
  ): Promise<ShelterConnection> {
    return toConnection(await this.query.shelters(p, { first, after, regionCode }), toShelter);
  }

  @Query(() => Shelter, {
    description:
      'One shelter. Coordinators any; staff their own; referral officers only a shelter holding or housing one of their agency’s referrals (without its location). NOT_FOUND otherwise.',
  })
  async shelter(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'Shelter id.' }, UuidArgPipe) id: string,
    @Context() ctx: GraphQLContext,
  ): Promise<Shelter> {
    const shelter = await ctx.loaders.shelter.load(id);
    if (!shelter || !(await this.canReach(p, id))) throw new NotFoundError('Shelter', id);
    return toShelter(shelter);
  }

  @Mutation(() => Shelter, { description: 'Creates a safe house (coordinators). BAD_USER_INPUT for an unknown region; CONFLICT for a taken code name.' })
  async createShelter(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on CreateShelterInput.' }) input: CreateShelterInput,
  ): Promise<Shelter> {
    return toShelter(await this.network.createShelter(p, withoutNulls(input)));
  }

  @Mutation(() => Shelter, {
    description:
      'Updates a safe house (coordinators; its staff all but codeName, regionCode and webhookUrl). Closing or reopening re-evaluates capacity. ' +
      'Omitted fields stay; null clears a field or is BAD_USER_INPUT naming it, as each field of UpdateShelterInput says. ' +
      'CONFLICT, with extensions.conflicts ({ kind, id, rule, message } per broken rule), when a current hold or placement would break ' +
      'the changed policy (region, gender policy, families, minors, adult ages); nothing is written.',
  })
  async updateShelter(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'Shelter id.' }, UuidArgPipe) id: string,
    @Args('input', { description: 'What to do; each field is described on UpdateShelterInput.' }) input: UpdateShelterInput,
  ): Promise<Shelter> {
    return toShelter(await this.network.updateShelter(p, id, applyNullMeanings(input, UPDATE_SHELTER_NULLS)));
  }

  @Mutation(() => [Bed], {
    description:
      'Adds AVAILABLE bed spaces to a room (created when new); they are offered to the waitlist. Returns the new beds. ' +
      'accessibilityFeatures: null is BAD_USER_INPUT (omit to keep the room’s, [] for none); CONFLICT, with extensions.conflicts, ' +
      'when they drop a feature a current hold or placement of the room needs.',
  })
  async addBeds(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on AddBedsInput.' }) input: AddBedsInput,
  ): Promise<Bed[]> {
    const beds = await this.network.addBeds(p, applyNullMeanings(input, ADD_BEDS_NULLS));
    return beds.map(toBed);
  }

  @Mutation(() => Bed, { description: 'Sets a bed AVAILABLE or OUT_OF_SERVICE (reason required). Same status again is a no-op.' })
  async setBedStatus(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on SetBedStatusInput.' }) input: SetBedStatusInput,
  ): Promise<Bed> {
    return toBed(await this.network.setBedStatus(p, input));
  }

  @ResolveField(() => String, { nullable: true })
  staffEmail(@Root() s: Shelter, @Context() ctx: GraphQLContext): string | null {
    return canSeeShelterLocation(requirePrincipal(ctx), s.id) ? s.staffEmail : null;
  }

  @ResolveField(() => String, { nullable: true })
  address(@Root() s: Shelter, @Context() ctx: GraphQLContext) {
    return this.location(s, ctx, 'address');
  }

  @ResolveField(() => String, { nullable: true })
  postcode(@Root() s: Shelter, @Context() ctx: GraphQLContext) {
    return this.location(s, ctx, 'postcode');
  }

  @ResolveField(() => Float, { nullable: true })
  latitude(@Root() s: Shelter, @Context() ctx: GraphQLContext) {
    return this.location(s, ctx, 'latitude');
  }

  @ResolveField(() => Float, { nullable: true })
  longitude(@Root() s: Shelter, @Context() ctx: GraphQLContext) {
    return this.location(s, ctx, 'longitude');
  }

  @ResolveField(() => [Room], { nullable: true })
  async rooms(@Root() s: Shelter, @Context() ctx: GraphQLContext): Promise<Room[] | null> {
    if (!canSeeShelterLocation(requirePrincipal(ctx), s.id)) return null;
    return (await ctx.loaders.roomsByShelter.load(s.id)).map(toRoom);
  }

  @ResolveField(() => Int)
  async totalBeds(@Root() s: Shelter, @Context() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.bedCounts.load(s.id)).total;
  }

  @ResolveField(() => Int)
  async freeBeds(@Root() s: Shelter, @Context() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.bedCounts.load(s.id)).free;
  }

  @ResolveField(() => Int)
  async heldBeds(@Root() s: Shelter, @Context() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.bedCounts.load(s.id)).held;
  }

  @ResolveField(() => Int)
  async occupiedBeds(@Root() s: Shelter, @Context() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.bedCounts.load(s.id)).occupied;
  }

  /**
   * A location field: null unless canSeeShelterLocation (and, below that, unless
   * row-level security on shelter_location lets this caller read the row);
   * every read is audited (once per shelter per request).
   */
  private async location<K extends 'address' | 'postcode' | 'latitude' | 'longitude'>(
    s: Shelter,
    ctx: GraphQLContext,
    key: K,
  ): Promise<ShelterLocationEntity[K] | null> {
    if (!canSeeShelterLocation(requirePrincipal(ctx), s.id)) return null;
    const value = (await ctx.loaders.location.load(s.id))?.[key] ?? null;
    if (value === null) return null;
    await ctx.loaders.locationRead.load(s.id);
    return value;
  }

  /** Officers reach a shelter only through one of their agency's holds there (QueryService scopes holds to the agency). */
  private async canReach(p: Principal, shelterId: string): Promise<boolean> {
    if (p.role === Role.COORDINATOR) return true;
    if (p.role === Role.SHELTER_STAFF) return p.shelterIds.includes(shelterId);
    if (p.role === Role.REFERRAL_OFFICER) return (await this.query.holds(p, { shelterId, first: 1 })).totalCount > 0;
    return false;
  }
}

/** Beds of a room (the room itself was reached through a visible shelter). */
@Resolver(() => Room)
export class RoomResolver {
  @ResolveField(() => [Bed])
  async beds(@Root() room: Room, @Context() ctx: GraphQLContext): Promise<Bed[]> {
    if (!canSeeShelterLocation(requirePrincipal(ctx), room.shelterId)) return [];
    return (await ctx.loaders.bedsByRoom.load(room.id)).map(toBed);
  }
}
