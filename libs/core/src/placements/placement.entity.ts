import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ExitReason, Jurisdiction, PlacementStatus } from '@harbour/domain';

/** A household living in a shelter, from arrival to exit. */
@Entity('placement')
export class PlacementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'referral_id', type: 'uuid', unique: true })
  referralId: string;

  @Column({ name: 'hold_id', type: 'uuid', unique: true })
  holdId: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ type: 'varchar', length: 16 })
  status: PlacementStatus;

  /** The jurisdiction of the shelter's region at arrival: its NRM rules govern the placement. */
  @Column({ type: 'varchar', length: 24 })
  jurisdiction: Jurisdiction;

  /** The stay began as a Place of Safety: no NRM referral on arrival. */
  @Column({ name: 'place_of_safety', type: 'boolean', default: false })
  placeOfSafety: boolean;

  /** Date of the NRM referral (YYYY-MM-DD); null during a Place of Safety stay. */
  @Column({ name: 'nrm_referred_on', type: 'date', nullable: true })
  nrmReferredOn: string | null;

  /** Who gives outreach support after exit (organisation name); null: none recorded. */
  @Column({ name: 'outreach_provider', type: 'text', nullable: true })
  outreachProvider: string | null;

  /** Arrival date (YYYY-MM-DD, jurisdiction time zone). */
  @Column({ name: 'arrived_on', type: 'date' })
  arrivedOn: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  /** Exit date (YYYY-MM-DD). */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ name: 'exit_reason', type: 'varchar', length: 32, nullable: true })
  exitReason: ExitReason | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
