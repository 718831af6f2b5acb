import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One bed taken by a hold and, after arrival, by the placement that followed.
 * A partial unique index (`bed_id` WHERE `released_at IS NULL`) makes a second
 * live claim on the same bed impossible in the database itself.
 */
@Entity('bed_claim')
export class BedClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'bed_id', type: 'uuid' })
  bedId: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId: string;

  @Column({ name: 'hold_id', type: 'uuid' })
  holdId: string;

  @Column({ name: 'placement_id', type: 'uuid', nullable: true })
  placementId: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;
}
