import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Urgency } from '@harbour/domain';
import { WaitlistEntryEntity } from '@harbour/core';
import '../enums';
import { Connection } from './connection';
import { Referral } from './referral.type';

@ObjectType({ description: 'A referral waiting for a bed. The waitlist is ordered by priority (from urgency), then time waited.' })
export class WaitlistEntry {
  @Field(() => ID, { description: 'Waitlist entry id (UUID).' })
  id: string;

  @Field(() => Referral, { nullable: true, description: 'The waiting referral; null when you may not see it.' })
  referral: Referral | null;

  @Field(() => Urgency, { description: 'Urgency when the referral joined.' })
  urgency: Urgency;

  @Field(() => Int, { description: 'Stored priority, higher first (libs/domain waitlist.ts).' })
  priority: number;

  @Field(() => GraphQLISODateTime, { description: 'When the referral joined the waitlist.' })
  joinedAt: Date;

  @Field(() => Int, { nullable: true, description: 'Current position, 1 = next; null once the entry is closed (offered or withdrawn).' })
  position: number | null;

  /** Not a field: key for the batched field resolvers. */
  referralId: string;
}

@ObjectType({ description: 'A page of the waitlist, in offer order.' })
export class WaitlistEntryConnection extends Connection(WaitlistEntry, 'WaitlistEntry') {}

export function toWaitlistEntry(e: WaitlistEntryEntity): WaitlistEntry {
  const w = new WaitlistEntry();
  Object.assign(w, { id: e.id, referralId: e.referralId, urgency: e.urgency, priority: e.priority, joinedAt: e.joinedAt });
  return w;
}
