import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { AgencyKind } from '@harbour/core';
import '../enums';
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
}
