import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Urgency } from '@harbour/domain';

export enum WaitlistStatus {
  WAITING = 'WAITING',
  CLOSED = 'CLOSED',
}

export enum WaitlistCloseReason {
  OFFERED = 'OFFERED',
  WITHDRAWN = 'WITHDRAWN',
}

/** A referral waiting for a bed. Ordered by urgency, then time waited. */
@Entity('waitlist_entry')
export class WaitlistEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ type: 'varchar', length: 16 })
  urgency: Urgency;

  /** Stored priority (higher first), from the domain's waitlistPriority. */
  @Column({ type: 'int' })
  priority: number;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: WaitlistStatus;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 16, nullable: true })
  closeReason: WaitlistCloseReason | null;
}
