import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ReminderEntity, ReminderStatus } from '@harbour/core';
import { DeadlineKind, reminderMessage } from '@harbour/domain';
import '../enums';

@ObjectType({
  description:
    'A notice about a deadline of the placement’s stage (docs/nrm-stages.md): REMINDER_OFFSETS_DAYS (default 7, 2 and 0) days before it, the working day after an RG target, 60/30/7 days before leave expires; at REMINDER_LOCAL_TIME.',
})
export class Reminder {
  @Field(() => ID, { description: 'Reminder id (UUID).' })
  id: string;

  @Field(() => Int, { description: 'Calendar days before the deadline (0 = on it; negative = after it, as for an overdue RG).' })
  offsetDays: number;

  @Field(() => DeadlineKind, { description: 'The deadline it is about.' })
  deadlineKind: DeadlineKind;

  @Field({ description: 'The deadline’s date, YYYY-MM-DD.' })
  deadlineDate: string;

  @Field({
    description: 'For RECOVERY_PERIOD_END: support continues after the date, until the CG decision (the reminder says so instead of announcing an end).',
  })
  supportContinues: boolean;

  @Field({ description: 'What the reminder says.' })
  message: string;

  @Field({ description: 'Calendar date it is due, YYYY-MM-DD.' })
  dueDate: string;

  @Field(() => GraphQLISODateTime, { description: 'Instant it is due (dueDate at the local reminder time).' })
  dueAt: Date;

  @Field(() => ReminderStatus, { description: 'SCHEDULED, SENT, or CANCELLED (its deadline changed with a decision or extension, or the placement ended).' })
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
    deadlineKind: e.deadlineKind,
    deadlineDate: e.deadlineDate,
    supportContinues: e.supportContinues,
    message: reminderMessage({ kind: e.deadlineKind, deadlineDate: e.deadlineDate, offsetDays: e.offsetDays, supportContinues: e.supportContinues }),
    dueDate: e.dueDate,
    dueAt: e.dueAt,
    status: e.status,
    sentAt: e.sentAt,
    late: e.late,
  };
}
