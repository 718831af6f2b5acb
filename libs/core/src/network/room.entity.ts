import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AccessibilityFeature } from '@harbour/domain';

/** A room in a safe house; a household is always placed within one room. */
@Entity('room')
export class RoomEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'shelter_id', type: 'uuid' })
  shelterId: string;

  @Column({ type: 'varchar', length: 64 })
  label: string;

  @Column({ name: 'accessibility_features', type: 'text', array: true, default: () => "'{}'" })
  accessibilityFeatures: AccessibilityFeature[];

  /** Bed spaces in the room. Kept by database triggers on `bed`; never written by code. */
  @Column({ type: 'int', insert: false, update: false, default: 0 })
  beds: number;

  /** AVAILABLE beds in the room (trigger-maintained). */
  @Column({ name: 'available_beds', type: 'int', insert: false, update: false, default: 0 })
  availableBeds: number;

  /** HELD or OCCUPIED beds in the room (trigger-maintained). */
  @Column({ name: 'used_beds', type: 'int', insert: false, update: false, default: 0 })
  usedBeds: number;
}
