import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { BedCategory } from '@harbour/domain';
import { AlertRuleEntity } from '@harbour/core';
import '../enums';
import { Connection } from './connection';

@ObjectType({
  description:
    '“Tell coordinators when fewer than `threshold` free beds of `category` remain in `regionCode`.” The alert resolves when free beds reach `resolveAt` (hysteresis: no flapping).',
})
export class AlertRule {
  @Field(() => ID, { description: 'Rule id (UUID).' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Region code; null = the whole network.' })
  regionCode: string | null;

  @Field(() => BedCategory, { description: 'Which free beds count.' })
  category: BedCategory;

  @Field(() => Int, { description: 'An alert opens when free beds fall below this.' })
  threshold: number;

  @Field(() => Int, { description: 'An open alert resolves when free beds reach this (> threshold).' })
  resolveAt: number;

  @Field({ description: 'Whether the rule is evaluated.' })
  active: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When the rule was created.' })
  createdAt: Date;
}

@ObjectType({ description: 'A page of alert rules, oldest first.' })
export class AlertRuleConnection extends Connection(AlertRule, 'AlertRule') {}

export function toAlertRule(e: AlertRuleEntity): AlertRule {
  return {
    id: e.id,
    regionCode: e.regionCode,
    category: e.category,
    threshold: e.threshold,
    resolveAt: e.resolveAt,
    active: e.active,
    createdAt: e.createdAt,
  };
}
