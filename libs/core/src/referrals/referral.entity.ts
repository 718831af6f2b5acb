import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccessibilityFeature, AgeBand, Dependant, ExploitationType, Gender, ProvisionAssessment, ReferralStatus, Urgency } from '@harbour/domain';

/** What is stored of a failed provision check: the domain's assessment and the regions whose coordinators were told. */
export type StoredProvisionFinding = Omit<ProvisionAssessment, 'suitable'> & { notifiedRegions: string[] };

/**
 * A request for safe accommodation for one household. Stores no name and no
 * date of birth: a non-identifying agency reference, initials and an age band.
 */
@Entity('referral')
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  /** The agency's own non-identifying reference; unique per agency. */
  @Column({ name: 'agency_reference', type: 'varchar', length: 64 })
  agencyReference: string;

  @Column({ type: 'varchar', length: 4 })
  initials: string;

  @Column({ name: 'age_band', type: 'varchar', length: 16 })
  ageBand: AgeBand;

  @Column({ type: 'varchar', length: 16 })
  gender: Gender;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ name: 'exploitation_types', type: 'text', array: true, default: () => "'{}'" })
  exploitationTypes: ExploitationType[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  dependants: Dependant[];

  @Column({ name: 'accessibility_needs', type: 'text', array: true, default: () => "'{}'" })
  accessibilityNeeds: AccessibilityFeature[];

  @Column({ name: 'exclusion_regions', type: 'text', array: true, default: () => "'{}'" })
  exclusionRegions: string[];

  @Column({ name: 'preferred_regions', type: 'text', array: true, default: () => "'{}'" })
  preferredRegions: string[];

  /** When non-empty, the only regions the household may be placed in (hard rule). */
  @Column({ name: 'acceptable_regions', type: 'text', array: true, default: () => "'{}'" })
  acceptableRegions: string[];

  @Column({ type: 'varchar', length: 16 })
  urgency: Urgency;

  /** Language an interpreter is needed for (BCP 47 code, as `languages`); null: none needed. */
  @Column({ name: 'interpreter_language', type: 'varchar', length: 35, nullable: true })
  interpreterLanguage: string | null;

  /** The person needs transport to the safe house. */
  @Column({ name: 'transport_needed', type: 'boolean', default: false })
  transportNeeded: boolean;

  /** The officer's call-back contact for the shelter (phone or mailbox, at most 200 characters); null: none given. */
  @Column({ name: 'callback_contact', type: 'varchar', length: 200, nullable: true })
  callbackContact: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: ReferralStatus;

  /** Subject (`sub`) of the officer who created it. */
  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The referred adult consented to the referral (required unless UNDER_18). */
  @Column({ name: 'consent_given', type: 'boolean', default: false })
  consentGiven: boolean;

  @Column({ name: 'consent_recorded_at', type: 'timestamptz', nullable: true })
  consentRecordedAt: Date | null;

  /** Free-text notes, AES-256-GCM ciphertext bound to this referral (FieldCipher); never plain text. */
  @Column({ name: 'notes_encrypted', type: 'text', nullable: true })
  notesEncrypted: string | null;

  /**
   * The last intake check's finding when no room in the network could take the
   * household even with every bed free (libs/core provision/provision.service.ts);
   * null when the last check found provision, or none was made.
   */
  @Column({ name: 'provision_finding', type: 'jsonb', nullable: true })
  provisionFinding: StoredProvisionFinding | null;

  /** When the provision check last ran for this referral. */
  @Column({ name: 'provision_checked_at', type: 'timestamptz', nullable: true })
  provisionCheckedAt: Date | null;

  /** When the retention policy anonymised this closed referral. */
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;
}
