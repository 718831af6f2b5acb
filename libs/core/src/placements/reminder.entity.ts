import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum ReminderStatus {
  SCHEDULED = 'SCHEDULED',
  SENT = 'SENT',
  CANCELLED = 'CANCELLED',
}

/**
 * A notice due before or on the last day of a recovery period. The row is the
 * truth about whether it was sent; the BullMQ job only says when to look.
 */
@Entity('reminder')
export class ReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'recovery_period_id', type: 'uuid' })
  recoveryPeriodId: string;

  @Column({ name: 'placement_id', type: 'uuid' })
  placementId: string;

  /** Days before the period's last day (0 = on the last day). */
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
