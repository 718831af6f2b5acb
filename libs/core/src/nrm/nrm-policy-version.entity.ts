import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Jurisdiction, NrmPolicyValues, NrmPolicyVersion, RecoveryPeriodStart } from '@harbour/domain';

/** One effective-dated version of a jurisdiction's NRM rules (see libs/domain nrm-policy.ts). */
@Entity('nrm_policy_version')
@Unique(['jurisdiction', 'effectiveFrom'])
export class NrmPolicyVersionEntity implements NrmPolicyVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 24 })
  jurisdiction: Jurisdiction;

  /** First day the version applies (YYYY-MM-DD, inclusive). */
  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'recovery_period_start', type: 'varchar', length: 16 })
  recoveryPeriodStart: RecoveryPeriodStart;

  @Column({ name: 'recovery_period_days', type: 'int' })
  recoveryPeriodDays: number;

  @Column({ name: 'support_continues_until_cg', type: 'boolean' })
  supportContinuesUntilCg: boolean;

  @Column({ name: 'rg_target_working_days', type: 'int', nullable: true })
  rgTargetWorkingDays: number | null;

  @Column({ name: 'cg_minimum_gap_days', type: 'int', nullable: true })
  cgMinimumGapDays: number | null;

  @Column({ name: 'move_on_days', type: 'int', nullable: true })
  moveOnDays: number | null;

  @Column({ name: 'move_on_extendable', type: 'boolean' })
  moveOnExtendable: boolean;

  @Column({ name: 'negative_decision_support_working_days', type: 'int', nullable: true })
  negativeDecisionSupportWorkingDays: number | null;

  @Column({ name: 'place_of_safety_max_working_days', type: 'int', nullable: true })
  placeOfSafetyMaxWorkingDays: number | null;

  /** The public source of each value, by field name. */
  @Column({ type: 'jsonb' })
  sources: Partial<Record<keyof NrmPolicyValues, string>>;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
