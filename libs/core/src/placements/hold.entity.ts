import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HoldDeclineReason, HoldSource, HoldStatus } from '@harbour/domain';

/** Why the candidate scored as it did (copied from the domain's ScoreReason). */
export interface StoredScoreReason {
  criterion: string;
  points: number;
  detail: string;
}

/** One part of a waitlist offer's priority (copied from the domain's PriorityReason). */
export interface StoredPriorityReason {
  part: string;
  points: number;
  detail: string;
}

/**
 * The batch assignment run a waitlist offer came from (libs/domain assignBatch):
 * the facts an officer needs to see why the referral got this room.
 */
export interface StoredAssignmentRun {
  /** Id shared by every hold of the run. */
  runId: string;
  /** The instant the run used as "now" (time waited is measured up to it), ISO 8601. */
  ranAt: string;
  policy: string;
  /** Solver status ('Optimal' unless the time limit was reached). */
  solverStatus: string;
  /** Regions whose freed beds triggered the run (empty = every region). */
  regionCodes: string[];
  waitingReferrals: number;
  freeRooms: number;
  offers: number;
  /** Total priority-weighted match quality of the run's offers. */
  objective: number;
  /** This offer's share of it: priority x (1 + score / max score). */
  value: number;
  /** Highest score possible with the scoring weights in use. */
  maxScore: number;
}

/** Beds in one room reserved for a referral until arrival, decline or expiry. */
@Entity('hold')
export class HoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ type: 'varchar', length: 16 })
  status: HoldStatus;

  @Column({ type: 'varchar', length: 16 })
  source: HoldSource;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: StoredScoreReason[];

  /** Priority of the referral when a batch assignment offered this hold; null for a placement request. */
  @Column({ type: 'double precision', nullable: true })
  priority: number | null;

  @Column({ name: 'priority_reasons', type: 'jsonb', default: () => "'[]'" })
  priorityReasons: StoredPriorityReason[];

  /** The batch run that made this offer; null for a placement request. */
  @Column({ type: 'jsonb', nullable: true })
  assignment: StoredAssignmentRun | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;

  /** When the shelter accepted the hold (it phones the officer back); null while only offered. */
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'accepted_by', type: 'varchar', length: 200, nullable: true })
  acceptedBy: string | null;

  /** Why the hold was declined (structured); null unless DECLINED. */
  @Column({ name: 'decline_reason', type: 'varchar', length: 40, nullable: true })
  declineReason: HoldDeclineReason | null;
}
