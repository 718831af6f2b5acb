import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The lowest token version (`ver` claim) still accepted for one token subject; older tokens are refused. */
@Entity('token_revocation')
export class TokenRevocationEntity {
  /** Token subject (`sub` claim). */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  subject: string;

  /** Tokens whose `ver` (0 when absent) is below this are refused. */
  @Column({ name: 'min_version', type: 'int' })
  minVersion: number;

  /** When a coordinator last revoked (Harbour clock). */
  @Column({ name: 'revoked_at', type: 'timestamptz' })
  revokedAt: Date;

  /** Subject of the coordinator who revoked. */
  @Column({ name: 'revoked_by', type: 'varchar', length: 200 })
  revokedBy: string;
}
