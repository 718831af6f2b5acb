import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { AccessibilityFeature, AgeBand, ExploitationType, Gender, Urgency } from '@harbour/domain';
import '../enums';
import { LIMITS } from './limits';

@InputType({ description: 'A dependant in the household. No name, no date of birth.' })
export class DependantInput {
  @Field(() => AgeBand, { description: 'Age band.' })
  @IsEnum(AgeBand)
  ageBand: AgeBand;

  @Field(() => Gender, { nullable: true, description: 'Gender (matters for adult dependants and gender policies).' })
  @IsOptional()
  @IsEnum(Gender)
  gender?: Gender | null;
}

@InputType({ description: 'A new referral (referral officers for their agency; coordinators name the agency). No names, no dates of birth.' })
export class CreateReferralInput {
  @Field(() => ID, { nullable: true, description: 'Referring agency: required for coordinators; officers always refer for their own.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;

  @Field({ description: 'The agency’s own non-identifying reference, unique per agency: 1-64 letters, digits, / _ . or -.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.agencyReference)
  agencyReference: string;

  @Field({ description: 'Initials, 1-4 letters.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.initials)
  initials: string;

  @Field(() => AgeBand, { description: 'Age band of the referred person.' })
  @IsEnum(AgeBand)
  ageBand: AgeBand;

  @Field(() => Gender, { description: 'Self-identified gender.' })
  @IsEnum(Gender)
  gender: Gender;

  @Field(() => [String], { nullable: true, description: `Languages spoken, at most ${LIMITS.languages}.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.languages)
  @IsString({ each: true })
  @MaxLength(LIMITS.languageCode, { each: true })
  languages?: string[] | null;

  @Field(() => [ExploitationType], { nullable: true, description: `Exploitation types, at most ${LIMITS.exploitationTypes}.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.exploitationTypes)
  @IsEnum(ExploitationType, { each: true })
  exploitationTypes?: ExploitationType[] | null;

  @Field(() => [DependantInput], { nullable: true, description: `Dependants, at most ${LIMITS.dependants}.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.dependants)
  @ValidateNested({ each: true })
  @Type(() => DependantInput)
  dependants?: DependantInput[] | null;

  @Field(() => [AccessibilityFeature], { nullable: true, description: 'Accessibility needs (hard rule).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.accessibilityFeatures)
  @IsEnum(AccessibilityFeature, { each: true })
  accessibilityNeeds?: AccessibilityFeature[] | null;

  @Field(() => [String], { nullable: true, description: `Regions never to place in, at most ${LIMITS.regions}.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.regions)
  @IsString({ each: true })
  @MaxLength(LIMITS.regionCode, { each: true })
  exclusionRegions?: string[] | null;

  @Field(() => [String], { nullable: true, description: `Preferred regions, best first, at most ${LIMITS.regions}.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.regions)
  @IsString({ each: true })
  @MaxLength(LIMITS.regionCode, { each: true })
  preferredRegions?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'When given, the ONLY region codes the household may be placed in (hard rule: e.g. within reach of a family court or the investigating force). Empty = anywhere not excluded.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.regions)
  @IsString({ each: true })
  @MaxLength(LIMITS.regionCode, { each: true })
  acceptableRegions?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The referred person consented to this referral. Required (true) for adults; children need none (NRM guidance).',
  })
  @IsOptional()
  @IsBoolean()
  consentGiven?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Free text for the placing shelter and coordinators, at most 2000 characters; encrypted at rest. No names or identifying details.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;

  @Field(() => String, { nullable: true, description: 'Language an interpreter is needed for, a code such as ro or pt-BR; null: none.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.languageCode)
  interpreterLanguage?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'The person needs transport to the safe house (default false).' })
  @IsOptional()
  @IsBoolean()
  transportNeeded?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Your call-back contact for the shelter (phone or mailbox), at most 200 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  callbackContact?: string | null;

  @Field(() => Urgency, { nullable: true, description: 'How soon a bed is needed (default URGENT).' })
  @IsOptional()
  @IsEnum(Urgency)
  urgency?: Urgency | null;
}
