import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Jurisdiction } from '@harbour/domain';

/** A region: the unit of exclusion areas, preferences and capacity alerts (for the HIC import, one Continuum of Care). */
@Entity('region')
export class RegionEntity {
  /** Region code, e.g. `CA-500` or `LONDON`. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Addresses of the region's coordinators: capacity alerts for the region go to each (at most 20). */
  @Column({ name: 'coordinator_emails', type: 'text', array: true, default: () => "'{}'" })
  coordinatorEmails: string[];

  /** Whose NRM rules govern placements in the region (docs/nrm-stages.md); the HIC import's regions are GENERIC_ECAT. */
  @Column({ type: 'varchar', length: 24, default: Jurisdiction.ENGLAND })
  jurisdiction: Jurisdiction;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
