import { DataSource, EntityManager } from 'typeorm';
import { contentionReason, isConnectionFailure, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS, ServiceUnavailableError, UnavailableReason } from '@harbour/platform';
import { Principal } from '../identity/principal';
import { SCOPE_SETTING, SERVICE_SCOPE_CALLER, transactionScope } from './caller-scope';

/**
 * Whether a failed transaction may run again:
 * - 'contention': a deadlock (40P01), serialization failure (40001), lock
 *   timeout (55P03) or statement timeout (57014), up to `attempts` in all.
 *   PostgreSQL rolled the transaction back, so nothing was committed; a
 *   timeout raised by COMMIT itself (`workDone`) is not retried (the commit's
 *   outcome is then not certain).
 * - 'connection': once, a lost connection that broke the transaction before
 *   its COMMIT was sent (`workDone` false), when nothing can have been
 *   committed. A connection lost during COMMIT is never retried: the commit
 *   may have happened (the caller gets SERVICE_UNAVAILABLE).
 */
export function shouldRetryTransaction(
  e: unknown,
  attempt: number,
  attempts: number,
  connectionRetries: number,
  workDone: boolean,
): 'contention' | 'connection' | null {
  const reason = contentionReason(e);
  if (reason) {
    const timeout = reason === UnavailableReason.LOCK_TIMEOUT || reason === UnavailableReason.STATEMENT_TIMEOUT;
    if (timeout && workDone) return null;
    return attempt < attempts ? 'contention' : null;
  }
  if (!workDone && connectionRetries < 1 && isConnectionFailure(e)) return 'connection';
  return null;
}

/**
 * What a transaction that failed for good throws: contention (retries spent)
 * and a lost connection become SERVICE_UNAVAILABLE with their
 * {@link UnavailableReason} and the PostgreSQL error as `cause` (HTTP 503,
 * Retry-After; a job is retried by its queue); anything else (typed errors,
 * constraint violations, bugs) is thrown as it is.
 */
export function transactionFailure(e: unknown): unknown {
  if (e instanceof ServiceUnavailableError) return e;
  const reason = contentionReason(e) ?? (isConnectionFailure(e) ? UnavailableReason.DATABASE_UNREACHABLE : null);
  return reason ? new ServiceUnavailableError(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS, reason, { cause: e }) : e;
}

/** One retried transaction: why it was rolled back, and which attempt (1-based) failed. */
export interface TransactionRetry {
  reason: UnavailableReason;
  attempt: number;
}

const retryListeners = new Set<(retry: TransactionRetry) => void>();

/**
 * Calls `listener` on every transaction {@link inTransaction} runs again in
 * this process (metrics: `harbour_transaction_retries_total`; tests that must
 * see a deadlock that the retry would hide). Returns the unsubscribe function.
 */
export function onTransactionRetry(listener: (retry: TransactionRetry) => void): () => void {
  retryListeners.add(listener);
  return () => retryListeners.delete(listener);
}

/**
 * Runs `work` in one READ COMMITTED transaction on `dataSource`, retrying up to
 * `attempts` times in all when PostgreSQL rolls it back for contention
 * (deadlock, serialization failure, lock or statement timeout:
 * {@link shouldRetryTransaction}), and once more when the connection was lost
 * before COMMIT (a restart, a failover, a terminated backend: nothing was
 * committed, and the pool hands out a fresh connection). `work` must therefore
 * be safe to run again from the start: it may only write through `em`.
 * `work` receives the transaction's own EntityManager; every query of the unit
 * of work must go through it (row locks only hold on that connection).
 * @throws ServiceUnavailableError (SERVICE_UNAVAILABLE, `reason` DEADLOCK,
 *   SERIALIZATION_FAILURE, LOCK_TIMEOUT, STATEMENT_TIMEOUT or
 *   DATABASE_UNREACHABLE, the PostgreSQL error as `cause`) when the retries are
 *   spent; whatever else `work` throws, as it is.
 *
 * The command side: the transaction acts as SERVICE for row-level security
 * (a signed `harbour.scope`, transaction-local; docs/row-level-security.md), because the
 * calling service has already made the application-level check (access.ts)
 * and may legitimately need rows the caller cannot read (network-wide
 * matching, the waitlist, the audit trail). Reads on behalf of a user go
 * through {@link withCaller} instead.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  let connectionRetries = 0;
  for (let attempt = 1; ; attempt++) {
    let workDone = false;
    try {
      // READ COMMITTED: the connection's default (dataSourceOptions), so no SET TRANSACTION round trip.
      return await dataSource.transaction(async (em) => {
        await em.query(`SELECT set_config('${SCOPE_SETTING}', $1, true)`, [await transactionScope(dataSource, em, SERVICE_SCOPE_CALLER)]);
        const result = await work(em);
        workDone = true;
        return result;
      });
    } catch (e: unknown) {
      const retry = shouldRetryTransaction(e, attempt, attempts, connectionRetries, workDone);
      if (!retry) throw transactionFailure(e);
      const reason = contentionReason(e) ?? UnavailableReason.DATABASE_UNREACHABLE;
      for (const listener of retryListeners) listener({ reason, attempt });
      if (retry === 'connection') {
        connectionRetries++;
        attempt--;
      }
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

/** True when `e` is a PostgreSQL unique-violation on the named constraint or index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err.driverError?.code ?? err.code;
  const name = err.driverError?.constraint ?? err.constraint;
  return code === '23505' && (!constraint || name === constraint);
}

/**
 * Runs an UPDATE/DELETE … RETURNING through `em` and returns the rows. (TypeORM's
 * postgres driver answers such statements with `[rows, affectedCount]`.)
 */
export async function queryReturning<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await em.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * What row-level security is told about `p` (migrations RowLevelSecurity1764835200000
 * and CallerScope1766100000000): role, agency (officers) and shelters (staff,
 * comma-separated uuids), signed into `harbour.scope`. A null caller has an
 * empty role, which signs no scope: every policy answers no rows (fail closed).
 */
export function callerSettings(p: Principal | null): { role: string; agencyId: string; shelterIds: string } {
  return {
    role: p?.role ?? '',
    agencyId: p?.agencyId ?? '',
    shelterIds: (p?.shelterIds ?? []).join(','),
  };
}

/**
 * Runs `work` in one read-only READ COMMITTED transaction that PostgreSQL sees
 * as `caller` (role, agency, shelters signed into `harbour.scope` for this
 * connection's backend and set with set_config(…, true), so they end
 * with the transaction and never leak to the next user of the pooled
 * connection). Row-level security then returns only the rows access.ts lets
 * `caller` see, whatever the query inside asks for: the read side's second line
 * behind the resolvers. `null` (no authenticated caller) sees no protected row.
 * A lost connection is retried once (the transaction is read-only).
 * Do not nest: each call holds one pooled connection until `work` settles.
 */
export async function withCaller<T>(dataSource: DataSource, caller: Principal | null, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const s = callerSettings(caller);
  const run = () =>
    // READ COMMITTED: the connection's default (dataSourceOptions).
    dataSource.transaction(async (em) => {
      // A parameter, so pg_stat_activity shows the statement, never the scope.
      await em.query(`SELECT set_config('${SCOPE_SETTING}', $1, true), set_config('transaction_read_only', 'on', true)`, [
        await transactionScope(dataSource, em, s),
      ]);
      return work(em);
    });
  try {
    return await run();
  } catch (e: unknown) {
    // Read-only: a lost connection is retried once on a fresh one.
    if (!isConnectionFailure(e)) throw e;
    return run();
  }
}
