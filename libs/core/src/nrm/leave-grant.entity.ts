import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What kind of leave a survivor was granted. */
export enum LeaveKind {
  /** UK: temporary permission to stay for victims of modern slavery. */
  TEMPORARY_PERMISSION_TO_STAY = 'TEMPORARY_PERMISSION_TO_STAY',
  /** Elsewhere: a residence permit (ECAT art. 14). */
  RESIDENCE_PERMIT = 'RESIDENCE_PERMIT',
}

/** Leave to remain recorded on a placement, with its expiry; renewal reminders go out before it. */
@Entity('leave_grant')
@Index('leave_grant_placement_idx', ['placementId'])
export class LeaveGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'placement_id', type: 'uuid' })
  placementId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: LeaveKind;

  @Column({ name: 'granted_on', type: 'date' })
  grantedOn: string;

  /** Last day of the leave (YYYY-MM-DD); default 12 months after grantedOn. */
  @Column({ name: 'expires_on', type: 'date' })
  expiresOn: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
