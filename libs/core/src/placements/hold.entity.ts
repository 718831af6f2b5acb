import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HoldSource, HoldStatus } from '@harbour/domain';

/** Why the candidate scored as it did (copied from the domain's ScoreReason). */
export interface StoredScoreReason {
  criterion: string;
  points: number;
  detail: string;
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
}
