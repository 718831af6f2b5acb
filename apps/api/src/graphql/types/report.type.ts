import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Report, ReportDimension, ReportDuration, ReportMetric } from '@harbour/core';
import { BedCategory } from '@harbour/domain';
import '../enums';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE } from '../inputs/limits';

registerEnumType(ReportDimension, { name: 'ReportDimension', description: 'What a report is broken down by (docs/reports.md).' });
registerEnumType(ReportMetric, { name: 'ReportMetric', description: 'A counted event: referrals, placement requests, offers, declines, no-shows, turnaways…' });
registerEnumType(ReportDuration, { name: 'ReportDuration', description: 'A duration reported as p50 and p90 (hours or days, as its name says).' });

@InputType({ description: 'A report: a period of whole UTC days, a grouping and a filter.' })
export class ReportInput {
  @Field({ description: 'First day, YYYY-MM-DD.' })
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  from: string;

  @Field({ description: 'Last day, YYYY-MM-DD, inclusive; at most 3 years after from.' })
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  to: string;

  @Field(() => [ReportDimension], { defaultValue: [], description: 'Up to two dimensions; none gives one overall row.' })
  @IsArray()
  @ArrayMaxSize(2)
  @IsEnum(ReportDimension, { each: true })
  groupBy: ReportDimension[];

  @Field(() => [String], { nullable: true, description: 'Only these regions (codes); none = the whole network.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  regionCodes?: string[];

  @Field(() => BedCategory, { nullable: true, description: 'Bed category for occupancy (default ALL).' })
  @IsOptional()
  @IsEnum(BedCategory)
  category?: BedCategory;
}

@ObjectType({ description: 'One count of a report table. Null when suppressed.' })
export class ReportCountType {
  @Field(() => ReportMetric)
  metric: ReportMetric;

  @Field(() => [String], { description: 'Values of the groupBy dimensions, in order (empty for the overall row).' })
  key: string[];

  @Field(() => Int, { nullable: true, description: 'The count; null when suppressed.' })
  count: number | null;

  @Field({
    description:
      'True when the count is hidden: a count of people under the threshold, or one hidden so that a small one cannot be worked out. The two are marked alike on purpose (telling them apart would narrow both); docs/reports.md, Privacy.',
  })
  suppressed: boolean;
}

@ObjectType({ description: 'The total of one metric over the whole report.' })
export class ReportTotalType {
  @Field(() => ReportMetric)
  metric: ReportMetric;

  @Field(() => Int, { nullable: true, description: 'Null when under the threshold and not 0 (the same in every grouping).' })
  total: number | null;
}

@ObjectType({ description: 'p50 and p90 of one duration for one group (nearest rank).' })
export class ReportDurationType {
  @Field(() => ReportDuration)
  duration: ReportDuration;

  @Field(() => [String])
  key: string[];

  @Field(() => Int, { nullable: true, description: 'People measured; null (with no percentiles) when fewer than the suppression threshold.' })
  people: number | null;

  @Field(() => Float, { nullable: true })
  p50: number | null;

  @Field(() => Float, { nullable: true })
  p90: number | null;
}

@ObjectType({ description: 'Out-of-service bed-nights with one reason.' })
export class OutOfServiceReasonType {
  @Field({ description: 'The reason as staff gave it ("not given" when blank).' })
  reason: string;

  @Field(() => Int)
  nights: number;
}

@ObjectType({ description: 'Bed-nights in the period from the daily occupancy snapshots (beds are not people: no suppression).' })
export class OccupancyRowType {
  @Field(() => [String], { description: 'REGION and/or MONTH values of the grouping (other dimensions do not apply to beds).' })
  key: string[];

  @Field(() => Int, { description: 'Beds × days with a snapshot.' })
  bedNights: number;

  @Field(() => Int, { description: 'Bed-nights not out of service.' })
  availableNights: number;

  @Field(() => Int, { description: 'Bed-nights with a household living there.' })
  usedNights: number;

  @Field(() => Int, { description: 'Bed-nights held for an arrival.' })
  heldNights: number;

  @Field(() => Int)
  outOfServiceNights: number;

  @Field(() => Float, { nullable: true, description: 'usedNights ÷ availableNights (0–1); null with nothing available.' })
  utilisation: number | null;

  @Field(() => [OutOfServiceReasonType])
  outOfServiceByReason: OutOfServiceReasonType[];
}

@ObjectType({ description: 'Capacity pressure of one region and bed category: how often it was below an alert threshold.' })
export class PressureRowType {
  @Field({ description: 'Region code (ALL for a network-wide rule).' })
  regionCode: string;

  @Field(() => BedCategory)
  category: string;

  @Field(() => Int, { description: 'Capacity alerts opened in the period.' })
  alertsOpened: number;

  @Field(() => Float, { description: 'Hours in the period below an alert threshold.' })
  hoursBelowThreshold: number;
}

@ObjectType({ description: 'A commissioners’ report (docs/reports.md). Counts of people under the suppression threshold are hidden.' })
export class ReportType {
  @Field()
  from: string;

  @Field()
  to: string;

  @Field(() => [ReportDimension])
  groupBy: ReportDimension[];

  @Field(() => Int, { description: 'Smallest count shown (REPORT_SUPPRESSION_THRESHOLD).' })
  suppressionThreshold: number;

  @Field(() => [ReportCountType], { description: 'Every metric for every group seen in the period.' })
  counts: ReportCountType[];

  @Field(() => [ReportTotalType])
  totals: ReportTotalType[];

  @Field(() => [ReportDurationType], { description: 'Time to an offer and to arrival, length of stay, RG to CG.' })
  durations: ReportDurationType[];

  @Field(() => [OccupancyRowType])
  occupancy: OccupancyRowType[];

  @Field(() => Int, { description: 'Days of the period with no occupancy snapshot (occupancy covers the others only).' })
  daysWithoutSnapshot: number;

  @Field(() => [PressureRowType])
  pressure: PressureRowType[];
}

/** Maps the service's report to the GraphQL type (same shape). */
export function toReport(r: Report): ReportType {
  return { ...r };
}
