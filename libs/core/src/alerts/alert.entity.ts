import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BedCategory } from '@harbour/domain';

export enum AlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}

/** A capacity alert: one per rule while unresolved (partial unique index). */
@Entity('alert')
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'rule_id', type: 'uuid' })
  ruleId: string;

  @Column({ name: 'region_code', type: 'varchar', length: 32, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 16 })
  category: BedCategory;

  @Column({ type: 'varchar', length: 16 })
  status: AlertStatus;

  @Column({ name: 'free_beds_at_open', type: 'int' })
  freeBedsAtOpen: number;

  @Column({ name: 'free_beds_at_resolve', type: 'int', nullable: true })
  freeBedsAtResolve: number | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 200, nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
