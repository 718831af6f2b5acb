import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BedCategory } from '@harbour/domain';

/**
 * "Tell us when fewer than `threshold` free beds of `category` remain in
 * `regionCode` (or the whole network when null)". Resolves at `resolveAt` free beds.
 */
@Entity('alert_rule')
export class AlertRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'region_code', type: 'varchar', length: 32, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 16 })
  category: BedCategory;

  @Column({ type: 'int' })
  threshold: number;

  @Column({ name: 'resolve_at', type: 'int' })
  resolveAt: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
