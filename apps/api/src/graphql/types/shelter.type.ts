import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ExploitationType, GenderPolicy, ShelterStatus } from '@harbour/domain';
import { ShelterEntity } from '@harbour/core';
import '../enums';
import { Connection } from './connection';
import { Room } from './room.type';

@ObjectType({
  description:
    'A safe house. Its address, postcode and coordinates are secret: they resolve only for coordinators and the shelter’s own staff, and every such read is audited; referral officers see the code name, region and contact line only.',
})
export class Shelter {
  @Field(() => ID, { description: 'Shelter id (UUID).' })
  id: string;

  @Field({ description: 'Non-revealing name used with referral officers, e.g. `ORCHID-12`.' })
  codeName: string;

  @Field({ description: 'Code of the region the shelter is in.' })
  regionCode: string;

  @Field(() => GenderPolicy, { description: 'Who the shelter takes.' })
  genderPolicy: GenderPolicy;

  @Field({ description: 'Whether the shelter takes households with dependants.' })
  acceptsFamilies: boolean;

  @Field({ description: 'Whether this is a shelter for minors (takes a referred person UNDER_18).' })
  acceptsMinors: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'For a shelter for minors: the oldest age of an adult it takes (e.g. 24: people under 25); null = no adults.',
  })
  adultMaxAge: number | null;

  @Field(() => [String], { description: 'Languages spoken by staff, lower-case (e.g. `en`, `ro`).' })
  languages: string[];

  @Field(() => [ExploitationType], { description: 'Exploitation types the shelter specialises in (scored in matching).' })
  specialisms: ExploitationType[];

  @Field(() => ShelterStatus, { description: 'OPEN shelters take new referrals; CLOSED ones do not.' })
  status: ShelterStatus;

  @Field(() => String, { nullable: true, description: 'Phone line or mailbox referral officers may use; never the address.' })
  contactLine: string | null;

  @Field(() => Int, { nullable: true, description: 'How long this shelter’s holds last, in hours; null: the network default HOLD_HOURS.' })
  holdHours: number | null;

  @Field(() => String, { nullable: true, description: 'Staff contact email for notifications. Null unless you are a coordinator or staff of this shelter.' })
  staffEmail: string | null;

  @Field(() => String, { nullable: true, description: 'Street address. Null unless you are a coordinator or staff of this shelter (audited read).' })
  address: string | null;

  @Field(() => String, { nullable: true, description: 'Postcode. Null unless you are a coordinator or staff of this shelter (audited read).' })
  postcode: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude, WGS84 degrees. Null unless you are a coordinator or staff of this shelter (audited read).' })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude, WGS84 degrees. Null unless you are a coordinator or staff of this shelter (audited read).' })
  longitude: number | null;

  @Field(() => [Room], { nullable: true, description: 'Rooms with their beds, by label. Coordinators and this shelter’s staff; null for referral officers.' })
  rooms: Room[] | null;

  @Field(() => Int, { description: 'Bed spaces in the shelter, every status.' })
  totalBeds: number;

  @Field(() => Int, { description: 'Bed spaces AVAILABLE now.' })
  freeBeds: number;

  @Field(() => Int, { description: 'Bed spaces HELD for a referral awaiting arrival.' })
  heldBeds: number;

  @Field(() => Int, { description: 'Bed spaces OCCUPIED by a placement.' })
  occupiedBeds: number;

  @Field(() => GraphQLISODateTime, { description: 'When the shelter record last changed.' })
  updatedAt: Date;
}

@ObjectType({ description: 'A page of shelters, by code name.' })
export class ShelterConnection extends Connection(Shelter, 'Shelter') {}

/** Maps an entity; location (a table of its own), rooms and bed counts are resolved per field (checked, batched). */
export function toShelter(e: ShelterEntity): Shelter {
  const s = new Shelter();
  Object.assign(s, {
    id: e.id,
    codeName: e.codeName,
    regionCode: e.regionCode,
    genderPolicy: e.genderPolicy,
    acceptsFamilies: e.acceptsFamilies,
    acceptsMinors: e.acceptsMinors,
    adultMaxAge: e.adultMaxAge,
    languages: e.languages,
    specialisms: e.specialisms,
    status: e.status,
    contactLine: e.contactLine,
    staffEmail: e.staffEmail,
    holdHours: e.holdHours ?? null,
    updatedAt: e.updatedAt,
  });
  return s;
}
