import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One recovery period of a placement: `lengthDays` calendar days from
 * `startDate` (day 1) to `endDate` inclusive (see libs/domain recovery-period.ts).
 */
@Entity('recovery_period')
export class RecoveryPeriodEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'placement_id', type: 'uuid' })
  placementId: string;

  /** 1 for the first period, 2 for the first extension, ... */
  @Column({ type: 'int' })
  sequence: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ name: 'length_days', type: 'int' })
  lengthDays: number;

  /** Why the placement was extended (required for sequence > 1). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
