import { Field, Float, InputType, Int, PartialType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsEnum,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ExploitationType, GenderPolicy, ShelterStatus } from '@harbour/domain';
import '../enums';
import { NullMeaning, NullMeanings } from '../../common/null-meaning';
import { LIMITS } from './limits';

@InputType({ description: 'A new safe house (coordinators). Address and coordinates are stored secret.' })
export class CreateShelterInput {
  @Field({ description: `Non-revealing code name, unique, at most ${LIMITS.codeName} characters. updateShelter: cannot be null.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.codeName)
  codeName: string;

  @Field({ description: 'Code of an existing region. updateShelter: cannot be null.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.regionCode)
  regionCode: string;

  @Field(() => GenderPolicy, { description: 'Who the shelter takes. updateShelter: cannot be null.' })
  @IsEnum(GenderPolicy)
  genderPolicy: GenderPolicy;

  @Field(() => Boolean, { nullable: true, description: 'Takes households with dependants (default false). updateShelter: cannot be null.' })
  @IsOptional()
  @IsBoolean()
  acceptsFamilies?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'A shelter for minors: takes a referred person under 18 (default false). updateShelter: cannot be null.',
  })
  @IsOptional()
  @IsBoolean()
  acceptsMinors?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'For a shelter for minors: the oldest age of an adult it takes (18..120, e.g. 24 for youth beds for people under 25); ' +
      'omitted on createShelter = it takes no adults; on updateShelter omitted keeps it and null clears it (the shelter takes no adults). ' +
      'Refused (BAD_USER_INPUT) unless acceptsMinors is true; setting acceptsMinors to false clears it.',
  })
  @IsOptional()
  @IsInt()
  @Min(18)
  @Max(120)
  adultMaxAge?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: `Languages spoken, at most ${LIMITS.languages}. updateShelter: cannot be null ([] for none; omit to keep).`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.languages)
  @IsString({ each: true })
  @MaxLength(LIMITS.languageCode, { each: true })
  languages?: string[] | null;

  @Field(() => [ExploitationType], {
    nullable: true,
    description: 'Exploitation types the shelter specialises in. updateShelter: cannot be null ([] for none; omit to keep).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.exploitationTypes)
  @IsEnum(ExploitationType, { each: true })
  specialisms?: ExploitationType[] | null;

  @Field(() => String, { nullable: true, description: 'Street address (secret). updateShelter: null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.address)
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Postcode (secret). updateShelter: null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.postcode)
  postcode?: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude, -90..90 (secret). updateShelter: null clears it.' })
  @IsOptional()
  @IsLatitude()
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude, -180..180 (secret). updateShelter: null clears it.' })
  @IsOptional()
  @IsLongitude()
  longitude?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone line or mailbox officers may use (never the address), trimmed; blank is none. updateShelter: null clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.contactLine)
  contactLine?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How long this shelter’s holds last, hours 1..168 (a hospital or custody handover needs longer than a walk-in); omitted on createShelter: HOLD_HOURS. ' +
      'updateShelter: null clears it (back to HOLD_HOURS).',
  })
  @IsOptional()
  @IsInt()
  holdHours?: number | null;

  @Field(() => String, { nullable: true, description: 'http(s) URL that receives the shelter’s notifications. updateShelter: null clears it (no webhook).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  @MaxLength(LIMITS.url)
  webhookUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Staff contact email: receives the shelter’s notifications (hold offers, reminders) when the email channel is on. updateShelter: null clears it ("" too).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.email)
  staffEmail?: string | null;
}

@InputType({
  description:
    'Changes to a safe house: coordinators any field; its staff any but codeName, regionCode and webhookUrl. Omitted fields stay as they are; ' +
    'each field says whether null clears it or is refused (BAD_USER_INPUT naming the field).',
})
export class UpdateShelterInput extends PartialType(CreateShelterInput) {
  @Field(() => ShelterStatus, { nullable: true, description: 'OPEN or CLOSED to new referrals. Cannot be null.' })
  @IsOptional()
  @IsEnum(ShelterStatus)
  status?: ShelterStatus;
}

/** What null means for each field of {@link UpdateShelterInput} (each field's description says it too). */
export const UPDATE_SHELTER_NULLS = {
  codeName: NullMeaning.REFUSED,
  regionCode: NullMeaning.REFUSED,
  genderPolicy: NullMeaning.REFUSED,
  acceptsFamilies: NullMeaning.REFUSED,
  acceptsMinors: NullMeaning.REFUSED,
  adultMaxAge: NullMeaning.CLEARS,
  languages: NullMeaning.REFUSED,
  specialisms: NullMeaning.REFUSED,
  address: NullMeaning.CLEARS,
  postcode: NullMeaning.CLEARS,
  latitude: NullMeaning.CLEARS,
  longitude: NullMeaning.CLEARS,
  contactLine: NullMeaning.CLEARS,
  holdHours: NullMeaning.CLEARS,
  webhookUrl: NullMeaning.CLEARS,
  staffEmail: NullMeaning.CLEARS,
  status: NullMeaning.REFUSED,
} as const satisfies NullMeanings<UpdateShelterInput>;
