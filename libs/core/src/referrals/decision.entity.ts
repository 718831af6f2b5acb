import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecisionOutcome, DecisionType } from '@harbour/domain';

/** A National Referral Mechanism decision (reasonable or conclusive grounds) recorded on a referral. */
@Entity('decision')
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ type: 'varchar', length: 32 })
  type: DecisionType;

  @Column({ type: 'varchar', length: 16 })
  outcome: DecisionOutcome;

  /** Calendar date of the decision (YYYY-MM-DD). */
  @Column({ name: 'decided_on', type: 'date' })
  decidedOn: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
