import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { BedCategory } from '@harbour/domain';
import { AlertEntity, AlertStatus } from '@harbour/core';
import '../enums';
import { AlertRule } from './alert-rule.type';
import { Connection } from './connection';

@ObjectType({ description: 'A capacity alert: raised when a rule’s threshold is crossed, resolved when it clears. At most one unresolved alert per rule.' })
export class Alert {
  @Field(() => ID, { description: 'Alert id (UUID).' })
  id: string;

  @Field(() => AlertRule, { nullable: true, description: 'The rule that raised it.' })
  rule: AlertRule | null;

  @Field(() => String, { nullable: true, description: 'Region code of the rule; null = the whole network.' })
  regionCode: string | null;

  @Field(() => BedCategory, { description: 'Category of the rule.' })
  category: BedCategory;

  @Field(() => AlertStatus, { description: 'OPEN, ACKNOWLEDGED or RESOLVED.' })
  status: AlertStatus;

  @Field(() => Int, { description: 'Free beds when it opened.' })
  freeBedsAtOpen: number;

  @Field(() => Int, { nullable: true, description: 'Free beds when it resolved; null until then.' })
  freeBedsAtResolve: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When it opened.' })
  openedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a coordinator acknowledged it.' })
  acknowledgedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it resolved.' })
  resolvedAt: Date | null;

  /** Not a field: key for the rule loader. */
  ruleId: string;
}

@ObjectType({ description: 'A page of capacity alerts, newest first.' })
export class AlertConnection extends Connection(Alert, 'Alert') {}

export function toAlert(e: AlertEntity): Alert {
  const a = new Alert();
  Object.assign(a, {
    id: e.id,
    ruleId: e.ruleId,
    regionCode: e.regionCode,
    category: e.category,
    status: e.status,
    freeBedsAtOpen: e.freeBedsAtOpen,
    freeBedsAtResolve: e.freeBedsAtResolve,
    openedAt: e.openedAt,
    acknowledgedAt: e.acknowledgedAt,
    resolvedAt: e.resolvedAt,
  });
  return a;
}
