import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Kinds of first responder (referring agency). */
export enum AgencyKind {
  POLICE = 'POLICE',
  BORDER_FORCE = 'BORDER_FORCE',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  NGO = 'NGO',
  OTHER = 'OTHER',
}

/** A first responder organisation whose referral officers create referrals. */
@Entity('agency')
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique, case-insensitively (index agency_name_unique_ci). */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: AgencyKind;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl: string | null;

  /** Contact address of the agency's referral officers: receives its notifications by email (when SMTP_URL is set). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
