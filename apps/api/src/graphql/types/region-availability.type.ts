import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { BedCategory } from '@harbour/domain';
import { RegionAvailability as RegionAvailabilityData } from '@harbour/core';

@ObjectType({
  description:
    'Free beds in one region by category: AVAILABLE beds of OPEN shelters. A bed counts in every category it matches (libs/domain bed-category.ts), so the categories overlap.',
})
export class RegionAvailability {
  @Field({ description: 'Region code.' })
  regionCode: string;

  @Field(() => Int, { description: 'Free beds in WOMEN_ONLY shelters.' })
  womenOnly: number;

  @Field(() => Int, { description: 'Free beds in MEN_ONLY shelters.' })
  menOnly: number;

  @Field(() => Int, { description: 'Free beds in MIXED shelters.' })
  mixed: number;

  @Field(() => Int, { description: 'Free beds in shelters that accept families.' })
  family: number;

  @Field(() => Int, { description: 'Free beds in rooms with WHEELCHAIR or STEP_FREE access.' })
  accessible: number;

  @Field(() => Int, { description: 'Free beds in shelters that accept minors.' })
  minors: number;

  @Field(() => Int, { description: 'Free beds of every kind.' })
  all: number;

  @Field(() => Int, { description: 'Bed spaces in the region’s open shelters, every status.' })
  totalBeds: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Oldest status change among the region’s beds: how fresh these numbers are.' })
  oldestUpdateAt: Date | null;
}

export function toRegionAvailability(a: RegionAvailabilityData): RegionAvailability {
  return {
    regionCode: a.regionCode,
    womenOnly: a.counts[BedCategory.WOMEN_ONLY],
    menOnly: a.counts[BedCategory.MEN_ONLY],
    mixed: a.counts[BedCategory.MIXED],
    family: a.counts[BedCategory.FAMILY],
    accessible: a.counts[BedCategory.ACCESSIBLE],
    minors: a.counts[BedCategory.MINORS],
    all: a.counts[BedCategory.ALL],
    totalBeds: a.totalBeds,
    oldestUpdateAt: a.oldestUpdateAt,
  };
}
