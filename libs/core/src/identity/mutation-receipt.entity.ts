import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The stored result of a mutation sent with a `clientMutationId`, so a retried
 * request returns the first answer instead of acting twice.
 */
@Entity('mutation_receipt')
export class MutationReceiptEntity {
  /** `${actor}|${mutation}|${clientMutationId}` */
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key: string;

  @Column({ type: 'jsonb' })
  result: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
