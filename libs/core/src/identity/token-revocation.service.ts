import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { BadUserInputError, Clock } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { inTransaction } from '../persistence/transactions';
import { requireRole } from './access';
import { Principal } from './principal';
import { TokenRevocationEntity } from './token-revocation.entity';

/** Longest token subject (as the token verifier accepts). */
export const MAX_SUBJECT_LENGTH = 200;

/**
 * Token revocation by version (issue 3, "revocation (token version per user)
 * honoured"): a token carries `ver` (0 when absent); revoking a subject raises
 * its minimum version, so every token it holds is refused at once and only
 * tokens minted with `ver` >= the new minimum work.
 *
 * Promptness: the API reads the minimum on every request (one primary-key
 * look-up, no cache), so a revocation holds in every API process from the
 * next request on.
 */
@Injectable()
export class TokenRevocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The lowest accepted `ver` of `subject`: 0 when it was never revoked. */
  async minVersion(subject: string): Promise<number> {
    const rows: { min_version: number }[] = await this.dataSource.query('SELECT min_version FROM token_revocation WHERE subject = $1', [subject]);
    return rows[0]?.min_version ?? 0;
  }

  /**
   * Refuses every token of `subject` issued so far (coordinators); audited as
   * REVOKE_TOKENS. Raises the minimum version by one each time.
   * @returns the new row: mint new tokens with `ver` >= `minVersion`.
   * @throws FORBIDDEN unless coordinator; BAD_USER_INPUT (field `subject`) for a blank or over-long subject.
   */
  async revoke(p: Principal, subject: string): Promise<TokenRevocationEntity> {
    requireRole(p, Role.COORDINATOR);
    if (typeof subject !== 'string' || !subject.trim() || subject.length > MAX_SUBJECT_LENGTH) {
      throw new BadUserInputError(`subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`, 'subject');
    }
    // As SERVICE (row-level security): the audit trail only takes SERVICE writes, after the role check above.
    return inTransaction(this.dataSource, async (em) => {
      const now = await this.clock.now();
      const [row]: { subject: string; min_version: number; revoked_at: Date; revoked_by: string }[] = await em.query(
        `INSERT INTO token_revocation (subject, min_version, revoked_at, revoked_by) VALUES ($1, 1, $2, $3)
         ON CONFLICT (subject) DO UPDATE SET min_version = token_revocation.min_version + 1, revoked_at = $2, revoked_by = $3
         RETURNING subject, min_version, revoked_at, revoked_by`,
        [subject, now, p.sub],
      );
      await this.audit.record(em, p, now, 'REVOKE_TOKENS', 'token_subject', subject.length <= 64 ? subject : null, {
        subject,
        minVersion: row.min_version,
      });
      return Object.assign(new TokenRevocationEntity(), {
        subject: row.subject,
        minVersion: row.min_version,
        revokedAt: row.revoked_at,
        revokedBy: row.revoked_by,
      });
    });
  }
}
