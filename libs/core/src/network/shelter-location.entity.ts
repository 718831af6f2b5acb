import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a safe house is: address, postcode and WGS84 coordinates. Secret
 * (docs/architecture.md, Privacy and security): only coordinators and the shelter's own staff read it,
 * and PostgreSQL enforces that itself with row-level security on this table
 * (docs/row-level-security.md). At most one row per shelter; none when no part
 * of the location is known.
 */
@Entity('shelter_location')
export class ShelterLocationEntity {
  @PrimaryColumn({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  postcode: string | null;

  /** Degrees, -90..90. */
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  /** Degrees, -180..180. */
  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;
}
