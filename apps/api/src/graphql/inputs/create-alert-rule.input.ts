import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BedCategory } from '@harbour/domain';
import '../enums';
import { LIMITS } from './limits';

@InputType({ description: 'A capacity alert rule (coordinators); evaluated at once.' })
export class CreateAlertRuleInput {
  @Field(() => String, { nullable: true, description: 'Region code; omit for the whole network.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.regionCode)
  regionCode?: string | null;

  @Field(() => BedCategory, { description: 'Which free beds count.' })
  @IsEnum(BedCategory)
  category: BedCategory;

  @Field(() => Int, { description: 'Open an alert when free beds fall below this, 1..100000.' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  threshold: number;

  @Field(() => Int, { nullable: true, description: 'Resolve when free beds reach this (> threshold; default threshold + 1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_001)
  resolveAt?: number | null;
}
