import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DeadlineKind } from '@harbour/domain';

export enum ReminderStatus {
  SCHEDULED = 'SCHEDULED',
  SENT = 'SENT',
  CANCELLED = 'CANCELLED',
}

/**
 * A notice about a deadline of a placement's stage (docs/nrm-stages.md): before
 * or on the last day of a recovery period, a Place of Safety stay, move-on or
 * support after a negative decision, after an overdue reasonable grounds
 * decision, or before leave expires. The row is the truth about whether it was
 * sent; the BullMQ job only says when to look.
 */
@Entity('reminder')
@Index('reminder_one_per_deadline_slot', ['placementId', 'deadlineKind', 'deadlineDate', 'dueDate'], {
  unique: true,
  where: `status <> 'CANCELLED'`,
})
export class ReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The recovery period, for RECOVERY_PERIOD_END reminders; null for the other deadlines. */
  @Column({ name: 'recovery_period_id', type: 'uuid', nullable: true })
  recoveryPeriodId: string | null;

  @Column({ name: 'deadline_kind', type: 'varchar', length: 40 })
  deadlineKind: DeadlineKind;

  /** The deadline's date (YYYY-MM-DD). */
  @Column({ name: 'deadline_date', type: 'date' })
  deadlineDate: string;

  /** RECOVERY_PERIOD_END: support continues after it, until the conclusive grounds decision. */
  @Column({ name: 'support_continues', type: 'boolean', default: false })
  supportContinues: boolean;

  @Column({ name: 'placement_id', type: 'uuid' })
  placementId: string;

  /** Calendar days before the deadline (0 = on it; negative = after it, for an overdue RG). */
  @Column({ name: 'offset_days', type: 'int' })
  offsetDays: number;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: ReminderStatus;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** True when it went out after its due time (e.g. a backdated placement). */
  @Column({ type: 'boolean', default: false })
  late: boolean;
}
