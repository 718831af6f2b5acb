import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BedStatus } from '@harbour/domain';

/** One bed space. Its status changes only inside a transaction that holds its row lock. */
@Entity('bed')
export class BedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  /** Denormalised from the room, for scoping and counting. */
  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ type: 'varchar', length: 64 })
  label: string;

  @Column({ type: 'varchar', length: 16, default: BedStatus.AVAILABLE })
  status: BedStatus;

  @Column({ name: 'out_of_service_reason', type: 'text', nullable: true })
  outOfServiceReason: string | null;

  /** Calendar date (YYYY-MM-DD) an out-of-service bed is expected back. */
  @Column({ name: 'expected_return', type: 'date', nullable: true })
  expectedReturn: string | null;

  /** When the status last changed: how fresh the availability is. */
  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;
}
