import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { AudienceType, NotificationChannel, NotificationEntity, NotificationKind, NotificationStatus } from '@harbour/core';
import '../enums';
import { Connection } from './connection';

@ObjectType({ description: 'A stored notification on one channel for one recipient: who, what, when, and whether it was delivered (the delivery log).' })
export class Notification {
  @Field(() => ID, { description: 'Notification id (UUID).' })
  id: string;

  @Field(() => NotificationKind, { description: 'What it is about.' })
  kind: NotificationKind;

  @Field(() => AudienceType, { description: 'Who it is for.' })
  audienceType: AudienceType;

  @Field(() => ID, { nullable: true, description: 'Agency or shelter id of the audience; null for COORDINATORS.' })
  audienceId: string | null;

  @Field(() => NotificationChannel, { description: 'How it is delivered: each channel and recipient is its own notification, with its own status.' })
  channel: NotificationChannel;

  @Field(() => String, { nullable: true, description: 'EMAIL: the recipient address. WEBHOOK: null (the audience’s webhook URL when delivered).' })
  recipient: string | null;

  @Field(() => String, {
    description:
      'Idempotency key: one per notification, recipient and channel; sent as the `idempotency-key` header (webhook) or `Harbour-Idempotency-Key` header and Message-ID (email).',
  })
  idempotencyKey: string;

  @Field(() => NotificationStatus, { description: 'Delivery state.' })
  status: NotificationStatus;

  @Field(() => Int, { description: 'Delivery attempts so far.' })
  attempts: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was delivered; null until then.' })
  deliveredAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Last delivery error, if any.' })
  lastError: string | null;

  @Field({ description: 'The payload sent, as a JSON string (ids, codes and dates only; no personal data).' })
  payload: string;
}

@ObjectType({ description: 'A page of notifications, newest first.' })
export class NotificationConnection extends Connection(Notification, 'Notification') {}

export function toNotification(e: NotificationEntity): Notification {
  return {
    id: e.id,
    kind: e.kind,
    audienceType: e.audienceType,
    audienceId: e.audienceId,
    channel: e.channel,
    recipient: e.recipient,
    idempotencyKey: e.idempotencyKey,
    status: e.status,
    attempts: e.attempts,
    createdAt: e.createdAt,
    deliveredAt: e.deliveredAt,
    lastError: e.lastError,
    payload: JSON.stringify(e.payload),
  };
}
