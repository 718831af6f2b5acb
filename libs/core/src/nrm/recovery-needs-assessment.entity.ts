import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A Recovery Needs Assessment that extends a placement's move-on period (after a positive CG). */
@Entity('recovery_needs_assessment')
@Index('recovery_needs_assessment_placement_idx', ['placementId'])
export class RecoveryNeedsAssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'placement_id', type: 'uuid' })
  placementId: string;

  /** Date of the assessment (YYYY-MM-DD). */
  @Column({ name: 'assessed_on', type: 'date' })
  assessedOn: string;

  /** Calendar days added to the move-on period (1..365). */
  @Column({ name: 'extension_days', type: 'int' })
  extensionDays: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
