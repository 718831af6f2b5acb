import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ReminderEntity, ReminderStatus } from '@harbour/core';
import '../enums';

@ObjectType({ description: 'A notice due before or on the last day of a recovery period (REMINDER_OFFSETS_DAYS, default 7, 2 and 0 days before; at REMINDER_LOCAL_TIME).' })
export class Reminder {
  @Field(() => ID, { description: 'Reminder id (UUID).' })
  id: string;

  @Field(() => Int, { description: 'Days before the period’s last day (0 = on the last day).' })
  offsetDays: number;

  @Field({ description: 'Calendar date it is due, YYYY-MM-DD.' })
  dueDate: string;

  @Field(() => GraphQLISODateTime, { description: 'Instant it is due (dueDate at the local reminder time).' })
  dueAt: Date;

  @Field(() => ReminderStatus, { description: 'SCHEDULED, SENT, or CANCELLED (period extended or placement ended).' })
  status: ReminderStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was sent; null until then.' })
  sentAt: Date | null;

  @Field({ description: 'True when it went out after its due time (e.g. a backdated arrival).' })
  late: boolean;
}

export function toReminder(e: ReminderEntity): Reminder {
  return {
    id: e.id,
    offsetDays: e.offsetDays,
    dueDate: e.dueDate,
    dueAt: e.dueAt,
    status: e.status,
    sentAt: e.sentAt,
    late: e.late,
  };
}
