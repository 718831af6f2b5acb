import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ExploitationType, GenderPolicy, ShelterStatus } from '@harbour/domain';

/**
 * A safe house: what every role may know of it. Its address, postcode and
 * coordinates are secret and live apart, in ShelterLocationEntity (a table
 * under row-level security).
 */
@Entity('shelter')
export class ShelterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Non-revealing name used with referral officers, e.g. `ORCHID-12`. */
  /** Unique, case-insensitively (index shelter_code_name_unique_ci). */
  @Column({ name: 'code_name', type: 'varchar', length: 64 })
  codeName: string;

  @Column({ name: 'region_code', type: 'varchar', length: 32 })
  regionCode: string;

  @Column({ name: 'gender_policy', type: 'varchar', length: 16 })
  genderPolicy: GenderPolicy;

  @Column({ name: 'accepts_families', type: 'boolean', default: false })
  acceptsFamilies: boolean;

  @Column({ name: 'accepts_minors', type: 'boolean', default: false })
  acceptsMinors: boolean;

  /**
   * For a shelter for minors: the oldest age of an adult it takes (18..120,
   * check shelter_adult_max_age_range), null when it takes no adults.
   */
  @Column({ name: 'adult_max_age', type: 'smallint', nullable: true })
  adultMaxAge: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialisms: ExploitationType[];

  @Column({ type: 'varchar', length: 16, default: ShelterStatus.OPEN })
  status: ShelterStatus;

  /** Phone line or mailbox referral officers may use; never the address. */
  @Column({ name: 'contact_line', type: 'varchar', length: 200, nullable: true })
  contactLine: string | null;

  /** How long this shelter's holds last, in hours (1..168); null: HOLD_HOURS. A hospital or custody handover needs longer than a walk-in. */
  @Column({ name: 'hold_hours', type: 'int', nullable: true })
  holdHours: number | null;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl: string | null;

  /** Staff contact address: receives the shelter's notifications (hold offers, reminders) by email when SMTP_URL is set. */
  @Column({ name: 'staff_email', type: 'varchar', length: 254, nullable: true })
  staffEmail: string | null;

  /** Natural key of an imported shelter (e.g. `hic2023:CA-500:ES:DV:ADULT:1`, the HIC year first), so re-imports add nothing twice. */
  @Column({ name: 'external_ref', type: 'varchar', length: 128, nullable: true, unique: true })
  externalRef: string | null;

  /** Bed spaces in the shelter. Kept by database triggers on `bed`; never written by code. */
  @Column({ name: 'total_beds', type: 'int', insert: false, update: false, default: 0 })
  totalBeds: number;

  /** AVAILABLE beds (trigger-maintained). */
  @Column({ name: 'available_beds', type: 'int', insert: false, update: false, default: 0 })
  availableBeds: number;

  /** HELD or OCCUPIED beds (trigger-maintained). */
  @Column({ name: 'used_beds', type: 'int', insert: false, update: false, default: 0 })
  usedBeds: number;

  /** AVAILABLE beds in rooms with WHEELCHAIR or STEP_FREE access (trigger-maintained). */
  @Column({ name: 'accessible_available_beds', type: 'int', insert: false, update: false, default: 0 })
  accessibleAvailableBeds: number;

  /** Oldest status change among the shelter's beds (trigger-maintained; index shelter_open_oldest_idx). */
  @Column({ name: 'oldest_status_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  oldestStatusAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
