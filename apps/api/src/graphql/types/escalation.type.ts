import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { EscalationResolution, EscalationStatus, Urgency } from '@harbour/domain';
import { EscalationEntity } from '@harbour/core';
import '../enums';
import { Connection } from './connection';
import { Referral } from './referral.type';

@ObjectType({
  description:
    'A waiting referral not offered a bed within its urgency’s time (ESCALATION_AFTER_HOURS_*: EMERGENCY 24 h, URGENT 72 h, ROUTINE 7 days by default), put before its regions’ coordinators (docs/waiting.md). One per stay on the waitlist; resolves by itself when the referral is offered a bed or leaves the waitlist.',
})
export class Escalation {
  @Field(() => ID, { description: 'Escalation id (UUID).' })
  id: string;

  @Field(() => Referral, { nullable: true, description: 'The waiting referral.' })
  referral: Referral | null;

  @Field(() => Urgency, { description: 'Urgency of the referral when it joined the waitlist.' })
  urgency: Urgency;

  @Field(() => [String], { description: 'Regions whose coordinators were told (acceptable, else preferred regions); empty = network-wide.' })
  regionCodes: string[];

  @Field(() => EscalationStatus, { description: 'OPEN → CLAIMED → ACKNOWLEDGED; RESOLVED by itself.' })
  status: EscalationStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the referral joined the waitlist (the wait is counted from here).' })
  waitingSince: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the wait passed its urgency’s time.' })
  dueAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the escalation opened (and the coordinators were told).' })
  openedAt: Date;

  @Field(() => String, { nullable: true, description: 'Token subject of the coordinator who claimed it.' })
  claimedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was claimed.' })
  claimedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Token subject of the coordinator who acknowledged it.' })
  acknowledgedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was acknowledged.' })
  acknowledgedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it resolved.' })
  resolvedAt: Date | null;

  @Field(() => EscalationResolution, { nullable: true, description: 'Why it resolved: OFFERED (a bed was held) or LEFT_WAITLIST (withdrawn).' })
  resolution: EscalationResolution | null;

  /** Not a field: key for the referral loader. */
  referralId: string;
}

@ObjectType({ description: 'A page of escalations, unresolved first, then newest first.' })
export class EscalationConnection extends Connection(Escalation, 'Escalation') {}

export function toEscalation(e: EscalationEntity): Escalation {
  const x = new Escalation();
  Object.assign(x, {
    id: e.id,
    referralId: e.referralId,
    urgency: e.urgency,
    regionCodes: e.regionCodes,
    status: e.status,
    waitingSince: e.waitingSince,
    dueAt: e.dueAt,
    openedAt: e.openedAt,
    claimedBy: e.claimedBy,
    claimedAt: e.claimedAt,
    acknowledgedBy: e.acknowledgedBy,
    acknowledgedAt: e.acknowledgedAt,
    resolvedAt: e.resolvedAt,
    resolution: e.resolution,
  });
  return x;
}
