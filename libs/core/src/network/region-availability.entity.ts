import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Free beds of one region by category: AVAILABLE beds of its OPEN shelters, and
 * its open shelters' bed spaces of every status. Kept by database triggers on
 * bed, room and shelter in the same transaction as each change (migration
 * AvailabilityCounts1765600000000); never written by code.
 */
@Entity('region_availability')
export class RegionAvailabilityEntity {
  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 32 })
  regionCode: string;

  /** Bed spaces of every status in the region's OPEN shelters. */
  @Column({ name: 'total_beds', type: 'int', insert: false, update: false, default: 0 })
  totalBeds: number;

  @Column({ name: 'free_all', type: 'int', insert: false, update: false, default: 0 })
  freeAll: number;

  @Column({ name: 'free_women_only', type: 'int', insert: false, update: false, default: 0 })
  freeWomenOnly: number;

  @Column({ name: 'free_men_only', type: 'int', insert: false, update: false, default: 0 })
  freeMenOnly: number;

  @Column({ name: 'free_mixed', type: 'int', insert: false, update: false, default: 0 })
  freeMixed: number;

  @Column({ name: 'free_family', type: 'int', insert: false, update: false, default: 0 })
  freeFamily: number;

  /** In rooms with WHEELCHAIR or STEP_FREE access. */
  @Column({ name: 'free_accessible', type: 'int', insert: false, update: false, default: 0 })
  freeAccessible: number;

  @Column({ name: 'free_minors', type: 'int', insert: false, update: false, default: 0 })
  freeMinors: number;

  /** Oldest status change among the beds of the region's OPEN shelters. */
  @Column({ name: 'oldest_update_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  oldestUpdateAt: Date | null;
}
