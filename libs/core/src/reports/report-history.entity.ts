import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event of a referral's journey, written by database triggers in the
 * transaction of the change (migration 1766000000000, docs/reports.md). It
 * copies the referral's grouping attributes at the time, so it outlives the
 * referral's anonymisation. It holds no personal detail.
 */
@Entity('report_event')
@Index('report_event_kind_time_idx', ['kind', 'occurredAt'])
@Index('report_event_referral_idx', ['referralId'])
export class ReportEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** REFERRAL_CREATED, WAITLISTED, OFFER_MADE, OFFER_ACCEPTED, OFFER_DECLINED, NO_SHOW, ARRIVED, EXITED, … */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ name: 'referral_created_at', type: 'timestamptz', nullable: true })
  referralCreatedAt: Date | null;

  /** The shelter's region for offers and stays; else the referral's first preferred or acceptable region. */
  @Column({ name: 'region_code', type: 'varchar', length: 32, nullable: true })
  regionCode: string | null;

  @Column({ name: 'shelter_id', type: 'uuid', nullable: true })
  shelterId: string | null;

  @Column({ name: 'agency_kind', type: 'varchar', length: 32, nullable: true })
  agencyKind: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  gender: string | null;

  @Column({ name: 'household_type', type: 'varchar', length: 24, nullable: true })
  householdType: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  urgency: string | null;

  @Column({ name: 'exploitation_types', type: 'text', array: true, default: () => "'{}'" })
  exploitationTypes: string[];

  @Column({ name: 'accessibility_need', type: 'boolean', nullable: true })
  accessibilityNeed: boolean | null;

  /** Decline reason, exit reason, hold source, decision outcome or waitlist close reason. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  /** Hours since the referral (OFFER_MADE, ARRIVED); days (EXITED: stay, PERIOD_*: length, CG_DECISION: since RG). */
  @Column({ type: 'double precision', nullable: true })
  value: number | null;
}

/** A bed's status from a moment on (trigger-written on insert and on every status change). */
@Entity('bed_status_event')
@Index('bed_status_event_bed_time_idx', ['bedId', 'occurredAt', 'id'])
@Index('bed_status_event_time_idx', ['occurredAt'])
export class BedStatusEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'bed_id', type: 'uuid' })
  bedId: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'out_of_service_reason', type: 'text', nullable: true })
  outOfServiceReason: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}

/** Beds of one shelter and category in each status at the end of one UTC day. */
@Entity('occupancy_snapshot')
@Index('occupancy_snapshot_region_day_idx', ['regionCode', 'day'])
export class OccupancySnapshotEntity {
  /** YYYY-MM-DD (UTC day). */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  /** A BedCategory (ALL, WOMEN_ONLY, FAMILY, ACCESSIBLE, …). */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  category: string;

  @Column({ name: 'region_code', type: 'varchar', length: 32 })
  regionCode: string;

  @Column({ type: 'int' })
  beds: number;

  @Column({ type: 'int' })
  available: number;

  @Column({ type: 'int' })
  held: number;

  @Column({ type: 'int' })
  occupied: number;

  @Column({ name: 'out_of_service', type: 'int' })
  outOfService: number;

  /** Out-of-service beds by reason (free text as entered by staff → count). */
  @Column({ name: 'out_of_service_reasons', type: 'jsonb', default: () => "'{}'" })
  outOfServiceReasons: Record<string, number>;

  @Column({ name: 'built_at', type: 'timestamptz' })
  builtAt: Date;
}
