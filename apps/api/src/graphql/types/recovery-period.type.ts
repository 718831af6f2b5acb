import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { RecoveryPeriodEntity } from '@harbour/core';

@ObjectType({
  description:
    'One recovery and reflection period (ECAT art. 13; policy length RECOVERY_PERIOD_DAYS, default 45): `lengthDays` calendar days in the jurisdiction’s time zone, `startDate` is day 1 and `endDate` is the last day (inclusive). Never counted as multiples of 24 hours.',
})
export class RecoveryPeriod {
  @Field(() => ID, { description: 'Recovery period id (UUID).' })
  id: string;

  @Field(() => Int, { description: '1 for the period that starts on arrival, 2 for the first extension, …' })
  sequence: number;

  @Field({ description: 'Day 1 of the period, YYYY-MM-DD.' })
  startDate: string;

  @Field({ description: 'Last day of the period (inclusive), YYYY-MM-DD.' })
  endDate: string;

  @Field(() => Int, { description: 'Length in calendar days: endDate - startDate + 1.' })
  lengthDays: number;

  @Field(() => String, { nullable: true, description: 'Why the placement was extended; null for period 1.' })
  reason: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the period was recorded.' })
  createdAt: Date;
}

export function toRecoveryPeriod(e: RecoveryPeriodEntity): RecoveryPeriod {
  return {
    id: e.id,
    sequence: e.sequence,
    startDate: e.startDate,
    endDate: e.endDate,
    lengthDays: e.lengthDays,
    reason: e.reason,
    createdAt: e.createdAt,
  };
}
