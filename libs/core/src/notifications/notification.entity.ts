import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum NotificationKind {
  HOLD_OFFERED = 'HOLD_OFFERED',
  HOLD_EXPIRED = 'HOLD_EXPIRED',
  /** The shelter (or the officer) declined a hold: the structured reason, and what happened next (another bed, or the waitlist). */
  HOLD_DECLINED = 'HOLD_DECLINED',
  /** The shelter accepted the hold and phones the officer back. */
  HOLD_ACCEPTED = 'HOLD_ACCEPTED',
  /** Before or on the last day of a recovery period (says whether support continues until CG). */
  RECOVERY_PERIOD_REMINDER = 'RECOVERY_PERIOD_REMINDER',
  /** Another NRM deadline: Place of Safety end, overdue RG, move-on end, support end after a negative decision. */
  NRM_DEADLINE_REMINDER = 'NRM_DEADLINE_REMINDER',
  /** Permission to stay expires soon: renew it. */
  LEAVE_EXPIRY_REMINDER = 'LEAVE_EXPIRY_REMINDER',
  CAPACITY_ALERT_OPENED = 'CAPACITY_ALERT_OPENED',
  CAPACITY_ALERT_RESOLVED = 'CAPACITY_ALERT_RESOLVED',
  /** No room in the network could take a referred household even with every bed free (coordinators of its regions). */
  NO_SUITABLE_PROVISION = 'NO_SUITABLE_PROVISION',
  /** A waiting referral was not offered a bed within its urgency's time (coordinators of its regions). */
  ESCALATION_OPENED = 'ESCALATION_OPENED',
}

/** Who a notification is for: an agency's officers, a shelter's staff, or coordinators. */
export enum AudienceType {
  AGENCY = 'AGENCY',
  SHELTER = 'SHELTER',
  COORDINATORS = 'COORDINATORS',
}

export enum NotificationStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** Tried and failed; will be retried. */
  FAILED = 'FAILED',
  /** Every attempt failed (a dead letter); re-driven by retryFailedJobs or resumeWebhook. */
  DEAD = 'DEAD',
  /** Stored but its channel has nowhere to go (no webhook URL for the audience; email channel off). */
  UNDELIVERABLE = 'UNDELIVERABLE',
}

/** How a notification is delivered. */
export enum NotificationChannel {
  /** Signed HTTP POST to the audience's webhook URL (looked up when delivering). */
  WEBHOOK = 'WEBHOOK',
  /** Email through SMTP_URL to one recipient address (fixed when the notification is created). */
  EMAIL = 'EMAIL',
}

/** A stored notification: who, what, when, whether delivered. */
@Entity('notification')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: NotificationKind;

  @Column({ name: 'audience_type', type: 'varchar', length: 16 })
  audienceType: AudienceType;

  @Column({ name: 'audience_id', type: 'uuid', nullable: true })
  audienceId: string | null;

  @Column({ type: 'varchar', length: 16, default: NotificationChannel.WEBHOOK })
  channel: NotificationChannel;

  /** EMAIL: the recipient's address; WEBHOOK: null (the audience's current URL is used). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  recipient: string | null;

  /** Same key, same notification: a retried job never creates or sends a second one. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, unique: true })
  idempotencyKey: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
