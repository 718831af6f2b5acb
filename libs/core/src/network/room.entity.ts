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
}
