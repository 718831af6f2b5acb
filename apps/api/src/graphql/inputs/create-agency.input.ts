import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { AgencyKind } from '@harbour/core';
import '../enums';
import { NullMeaning, NullMeanings } from '../../common/null-meaning';
import { LIMITS } from './limits';

@InputType({ description: 'A new first responder (coordinators).' })
export class CreateAgencyInput {
  @Field({ description: `Unique name, at most ${LIMITS.name} characters.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  name: string;

  @Field(() => AgencyKind, { description: 'Kind of first responder.' })
  @IsEnum(AgencyKind)
  kind: AgencyKind;

  @Field(() => String, { nullable: true, description: 'http(s) URL that receives the agency’s notifications.' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  @MaxLength(LIMITS.url)
  webhookUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Contact email of the agency’s referral officers: receives its notifications when the email channel is on.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.email)
  email?: string | null;
}

@InputType({
  description: 'Changes to a referring agency (coordinators). Omitted fields stay as they are; null clears webhookUrl or email and is refused for name.',
})
export class UpdateAgencyInput {
  @Field(() => ID, { description: 'The agency.' })
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true, description: `New unique name, at most ${LIMITS.name} characters; cannot be null.` })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'http(s) URL that receives the agency’s notifications (never an internal or metadata address); null clears it (no webhook).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.url)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Contact email of the agency’s referral officers; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.email)
  email?: string | null;
}

/** What null means for each field of {@link UpdateAgencyInput} (each field's description says it too). */
export const UPDATE_AGENCY_NULLS = {
  name: NullMeaning.REFUSED,
  webhookUrl: NullMeaning.CLEARS,
  email: NullMeaning.CLEARS,
} as const satisfies NullMeanings<UpdateAgencyInput>;
