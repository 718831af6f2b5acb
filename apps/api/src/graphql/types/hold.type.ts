import { HandoverState, handoverState, HoldDeclineReason } from '@harbour/domain';
import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { HoldSource, HoldStatus } from '@harbour/domain';
import { HoldEntity } from '@harbour/core';
import '../enums';
import { AssignmentRun, PriorityReason, toAssignmentRun, toPriorityReasons } from './assignment.type';
import { Connection } from './connection';
import { Referral } from './referral.type';
import { ScoreReason, toScoreReasons } from './score-reason.type';
import { Bed } from './bed.type';
import { Room } from './room.type';
import { Shelter } from './shelter.type';

@ObjectType({
  description: 'Beds in one room reserved for a referral until arrival is confirmed, the hold is declined, or it expires (HOLD_HOURS, default 24 h).',
})
export class Hold {
  @Field(() => ID, { description: 'Hold id (UUID).' })
  id: string;

  @Field(() => Referral, { nullable: true, description: 'The referral held for; null when you may not see it.' })
  referral: Referral | null;

  @Field(() => Shelter, { description: 'The shelter holding the beds (address only for coordinators and its staff).' })
  shelter: Shelter;

  @Field(() => Room, {
    nullable: true,
    description: 'The room whose beds are held, for the shelter to prepare. Coordinators and this shelter’s staff; null for referral officers.',
  })
  room: Room | null;

  @Field(() => [Bed], {
    nullable: true,
    description: 'The beds held, by label (the beds claimed, also after the hold ended). Coordinators and this shelter’s staff; null for referral officers.',
  })
  beds: Bed[] | null;

  @Field(() => HoldStatus, { description: 'State of the hold.' })
  status: HoldStatus;

  @Field(() => HoldSource, { description: 'A placement request, or a waitlist offer.' })
  source: HoldSource;

  @Field(() => Float, { description: 'Match score of the room when it was held (see reasons).' })
  score: number;

  @Field(() => [ScoreReason], { description: 'Why the room scored as it did.' })
  reasons: ScoreReason[];

  @Field(() => Float, {
    nullable: true,
    description: 'For a waitlist offer: the referral’s priority when the batch assignment ran (the sum of priorityReasons); null for a placement request.',
  })
  priority: number | null;

  @Field(() => [PriorityReason], {
    description: 'For a waitlist offer: the parts of the priority (urgency, time waited, minor, children); empty for a placement request.',
  })
  priorityReasons: PriorityReason[];

  @Field(() => AssignmentRun, {
    nullable: true,
    description: 'For a waitlist offer: the batch assignment run that chose this room, and why; null for a placement request.',
  })
  assignment: AssignmentRun | null;

  @Field(() => GraphQLISODateTime, { description: 'When the hold expires unless arrival is confirmed.' })
  expiresAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the hold was made.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was confirmed, declined, expired or cancelled; null while ACTIVE.' })
  resolvedAt: Date | null;

  @Field(() => HandoverState, {
    description:
      'The handover: OFFERED until the shelter accepts (acceptHold), ACCEPTED, ARRIVED once the placement starts; or DECLINED / EXPIRED / CANCELLED.',
  })
  handoverState: HandoverState;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the shelter accepted it; null while only offered.' })
  acceptedAt: Date | null;

  @Field(() => HoldDeclineReason, { nullable: true, description: 'Why it was declined; null unless DECLINED.' })
  declineReason: HoldDeclineReason | null;

  /** Not fields: keys for the batched field resolvers. */
  referralId: string;
  shelterId: string;
  roomId: string;
}

@ObjectType({ description: 'A page of holds, newest first.' })
export class HoldConnection extends Connection(Hold, 'Hold') {}

export function toHold(e: HoldEntity): Hold {
  const h = new Hold();
  Object.assign(h, {
    id: e.id,
    referralId: e.referralId,
    shelterId: e.shelterId,
    roomId: e.roomId,
    status: e.status,
    source: e.source,
    score: e.score,
    reasons: toScoreReasons(e.reasons),
    priority: e.priority ?? null,
    priorityReasons: toPriorityReasons(e.priorityReasons ?? []),
    assignment: e.assignment ? toAssignmentRun(e.assignment, e.priority ?? null, e.score) : null,
    expiresAt: e.expiresAt,
    createdAt: e.createdAt,
    resolvedAt: e.resolvedAt,
    handoverState: handoverState(e.status, e.acceptedAt ?? null),
    acceptedAt: e.acceptedAt ?? null,
    declineReason: e.declineReason ?? null,
  });
  return h;
}
