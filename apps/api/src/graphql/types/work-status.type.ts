import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { FailedJob, WorkStatus } from '@harbour/core';

@ObjectType({ description: 'Jobs of one BullMQ queue (one queue per workload).' })
export class QueueStatus {
  @Field({ description: 'Queue name, e.g. reminders, hold-expiry, waitlist.' })
  name: string;

  @Field(() => Int, { description: 'Jobs ready to run, not yet picked up.' })
  waiting: number;

  @Field(() => Int, { description: 'Jobs running now.' })
  active: number;

  @Field(() => Int, { description: 'Jobs scheduled for later (reminders, hold expiries, retries after backoff).' })
  delayed: number;

  @Field(() => Int, { description: 'Jobs that failed every attempt and are kept for inspection.' })
  failed: number;
}

@ObjectType({ description: 'Background work outstanding: events not yet relayed from the outbox, and each queue.' })
export class WorkStatusType {
  @Field(() => Int, { description: 'Committed outbox events the relay has not yet published to BullMQ.' })
  outboxBacklog: number;

  @Field(() => [QueueStatus], { description: 'Job counts per queue.' })
  queues: QueueStatus[];
}

export function toWorkStatus(s: WorkStatus): WorkStatusType {
  return { outboxBacklog: s.outboxBacklog, queues: s.queues.map((q) => ({ ...q })) };
}

@ObjectType({ description: 'A background job that failed every attempt (a dead letter), kept for inspection and re-drive.' })
export class FailedJobType {
  @Field({ description: 'Queue it belongs to.' })
  queue: string;

  @Field({ description: 'Job id (deterministic: e.g. notification-<id>, reminder-<id>).' })
  id: string;

  @Field({ description: 'Job name, e.g. deliver, send, expire.' })
  name: string;

  @Field({ description: 'Error of the last attempt.' })
  failedReason: string;

  @Field(() => Int, { description: 'Attempts made.' })
  attemptsMade: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the last attempt failed.' })
  failedAt: Date | null;

  @Field({ description: 'Payload as JSON (ids only).' })
  data: string;
}

export function toFailedJob(j: FailedJob): FailedJobType {
  return { ...j, data: JSON.stringify(j.data) };
}
