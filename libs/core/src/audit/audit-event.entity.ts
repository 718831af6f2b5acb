import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of a change: who, as what role, did what to which record, when, from where. */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  actor: string;

  @Column({ type: 'varchar', length: 32 })
  role: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  /** Position in the hash chain, set when sealed (null until then). */
  @Column({ name: 'chain_seq', type: 'bigint', nullable: true })
  chainSeq: string | null;

  /** Hash of the previous sealed event (64 zeros for the first). */
  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  /** SHA-256 (hex) of prev_hash and this event's canonical content. */
  @Column({ type: 'char', length: 64, nullable: true })
  hash: string | null;

  /**
   * HMAC (hex) of the content, keyed with AUDIT_CHAIN_KEY, written by the
   * inserting transaction (auditContentMac); null only for events older than
   * migration AuditContentMac1765800000000 (a CHECK enforces it).
   */
  @Column({ name: 'content_mac', type: 'char', length: 64, nullable: true })
  contentMac: string | null;
}
