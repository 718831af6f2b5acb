import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { AudienceType, InboxItem, NotificationKind } from '@harbour/core';
import '../enums';
import { Connection } from './connection';

@ObjectType({
  description:
    'One notification of the caller’s own inbox (an event addressed to their agency, their shelters, or coordinators), with the caller’s own read and acted-on times.',
})
export class InboxNotification {
  @Field(() => ID, { description: 'Notification id (UUID; its WEBHOOK-channel row).' })
  id: string;

  @Field(() => NotificationKind, { description: 'What it is about.' })
  kind: NotificationKind;

  @Field(() => AudienceType, { description: 'Which of the caller’s audiences it is for (AGENCY, SHELTER or COORDINATORS).' })
  audienceType: AudienceType;

  @Field(() => GraphQLISODateTime, { description: 'When it was created.' })
  createdAt: Date;

  @Field({ description: 'Its payload as a JSON string: ids, codes and dates (never a shelter’s location).' })
  payload: string;

  @Field({
    description:
      'The web app’s route of its item: /referrals/<id> (officers), /shelter#hold-<id> or /shelter#stay-<id> (staff), /network#alert-<id>, #escalation-<id> or #referral-<id> (coordinators).',
  })
  link: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the caller read it (or acted on it); null while unread.' })
  readAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the caller marked it acted on; null until then.' })
  actedAt: Date | null;
}

@ObjectType({ description: 'A page of the caller’s inbox, newest first.' })
export class InboxNotificationConnection extends Connection(InboxNotification, 'InboxNotification') {}

export function toInboxNotification(i: InboxItem): InboxNotification {
  return { ...i, payload: JSON.stringify(i.payload) };
}
