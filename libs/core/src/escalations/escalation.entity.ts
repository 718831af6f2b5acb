import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { EscalationResolution, EscalationStatus, Urgency } from '@harbour/domain';

/**
 * A waiting referral not offered a bed within its urgency's time
 * (ESCALATION_AFTER_HOURS_*), put before its regions' coordinators
 * (migration NoSilentWaiting1765400000000; docs/waiting.md). One per waitlist
 * entry: the unique constraint makes opening idempotent.
 */
@Entity('escalation')
@Unique('escalation_one_per_wait', ['waitlistEntryId'])
@Index('escalation_referral_idx', ['referralId'])
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ name: 'waitlist_entry_id', type: 'uuid' })
  waitlistEntryId: string;

  @Column({ type: 'varchar', length: 16 })
  urgency: Urgency;

  /** Regions whose coordinators were told (libs/domain affectedRegions); empty = network-wide. */
  @Column({ name: 'region_codes', type: 'text', array: true, default: () => "'{}'" })
  regionCodes: string[];

  @Column({ type: 'varchar', length: 16 })
  status: EscalationStatus;

  /** When the referral joined the waitlist (the wait is counted from here). */
  @Column({ name: 'waiting_since', type: 'timestamptz' })
  waitingSince: Date;

  /** When the wait passed the urgency's threshold. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  /** Subject (`sub`) of the coordinator who claimed it. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 200, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 200, nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution: EscalationResolution | null;
}
