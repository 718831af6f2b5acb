import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { BadUserInputError, Clock, HARBOUR_CONFIG, HarbourConfig, ValidationReason } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { OpsRedis } from '../ops/ops-redis';
import { inTransaction } from '../persistence/transactions';
import { requireRole } from './access';
import { Principal } from './principal';
import { TokenRevocationEntity } from './token-revocation.entity';

/** Longest token subject (as the token verifier accepts). */
export const MAX_SUBJECT_LENGTH = 200;

/** Most subjects whose minimum version one process keeps in memory (the oldest entry goes first). */
export const REVOCATION_CACHE_MAX_ENTRIES = 10_000;

/** What one process remembers of a subject's minimum version. */
interface CachedMinimum {
  minVersion: number;
  /** The revocation epoch (Redis) read before the row was: the entry is valid only while the epoch is unchanged. */
  epoch: string;
  /** When the row was read (performance.now(), ms). */
  readAt: number;
}

/**
 * Token revocation by version (issue 3, "revocation (token version per user)
 * honoured"): a token carries `ver` (0 when absent); revoking a subject raises
 * its minimum version, so every token it holds is refused at once and only
 * tokens minted with `ver` >= the new minimum work.
 *
 * Promptness, with a cache (issue 13: the look-up was one SELECT per request):
 * each process remembers a subject's minimum for at most
 * TOKEN_REVOCATION_CACHE_SECONDS, and only while the **revocation epoch**, a
 * Redis key every revocation sets to a fresh random value after its commit, is
 * the one read before the row was. Each request reads the epoch (one Redis GET,
 * on the fail-fast OpsRedis connection), so a revocation holds in every API
 * replica from the next request on, as without a cache. A random value, not a
 * counter: a Redis that lost its data cannot bring an old epoch back. When
 * Redis does not answer the row is read from PostgreSQL (no staleness); the
 * bound only matters when Redis could not be told of a revocation (logged), or
 * the row was changed in SQL by hand. TOKEN_REVOCATION_CACHE_SECONDS=0 reads
 * the row on every request.
 */
@Injectable()
export class TokenRevocationService {
  private readonly log = new Logger(TokenRevocationService.name);
  private readonly cache = new Map<string, CachedMinimum>();
  /** The epoch the entries in `cache` were read under; the cache is emptied when it changes. */
  private cacheEpoch: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly redis: OpsRedis,
  ) {}

  /** Redis key of the revocation epoch (under QUEUE_PREFIX, like every Harbour key). */
  get epochKey(): string {
    return `${this.config.QUEUE_PREFIX}:token-revocation:epoch`;
  }

  /**
   * The lowest accepted `ver` of `subject`: 0 when it was never revoked. From
   * this process's cache when the revocation epoch is unchanged and the entry
   * is younger than TOKEN_REVOCATION_CACHE_SECONDS, else from PostgreSQL.
   */
  async minVersion(subject: string): Promise<number> {
    const ttlMs = this.config.TOKEN_REVOCATION_CACHE_SECONDS * 1000;
    if (ttlMs <= 0) return this.readMinVersion(subject);
    // The epoch is read before the row: a revocation committed after this read sets a new epoch, so what we store is never trusted after it.
    const epoch = await this.readEpoch();
    if (epoch === null) return this.readMinVersion(subject);
    if (epoch !== this.cacheEpoch) {
      this.cache.clear();
      this.cacheEpoch = epoch;
    }
    const hit = this.cache.get(subject);
    if (hit && hit.epoch === epoch && performance.now() - hit.readAt < ttlMs) return hit.minVersion;
    const readAt = performance.now();
    const minVersion = await this.readMinVersion(subject);
    if (epoch === this.cacheEpoch) {
      this.cache.delete(subject);
      if (this.cache.size >= REVOCATION_CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(subject, { minVersion, epoch, readAt });
    }
    return minVersion;
  }

  private async readMinVersion(subject: string): Promise<number> {
    const rows: { min_version: number }[] = await this.dataSource.query('SELECT min_version FROM token_revocation WHERE subject = $1', [subject]);
    return rows[0]?.min_version ?? 0;
  }

  /** The current revocation epoch ('none' before the first revocation), or null when Redis does not answer. */
  private async readEpoch(): Promise<string | null> {
    try {
      return (await this.redis.client.get(this.epochKey)) ?? 'none';
    } catch {
      return null;
    }
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
      throw new BadUserInputError(ValidationReason.TOO_LONG, `subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`, 'subject');
    }
    // As SERVICE (row-level security): the audit trail only takes SERVICE writes, after the role check above.
    const revoked = await inTransaction(this.dataSource, async (em) => {
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
    // After the commit: every replica's cache is void from its next request on.
    this.cache.delete(subject);
    try {
      await this.redis.client.set(this.epochKey, randomUUID());
    } catch (e) {
      this.log.error(
        `token revocation of a subject committed but Redis was not told (${(e as Error).message}): other API processes may accept its old tokens for up to ${this.config.TOKEN_REVOCATION_CACHE_SECONDS} s`,
      );
    }
    return revoked;
  }
}
