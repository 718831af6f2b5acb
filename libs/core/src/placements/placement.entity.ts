import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ExitReason, PlacementStatus } from '@harbour/domain';

/** A household living in a shelter, from arrival to exit. */
@Entity('placement')
export class PlacementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid', unique: true })
  referralId: string;

  @Column({ name: 'hold_id', type: 'uuid', unique: true })
  holdId: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ type: 'varchar', length: 16 })
  status: PlacementStatus;

  /** Arrival date (YYYY-MM-DD, jurisdiction time zone): day 1 of recovery period 1. */
  @Column({ name: 'arrived_on', type: 'date' })
  arrivedOn: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  /** Exit date (YYYY-MM-DD). */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ name: 'exit_reason', type: 'varchar', length: 32, nullable: true })
  exitReason: ExitReason | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
