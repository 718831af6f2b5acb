import { DataSource, EntityManager } from 'typeorm';
import { isConnectionFailure } from '@harbour/platform';
import { Principal } from '../identity/principal';
import { SCOPE_SETTING, SERVICE_SCOPE_CALLER, transactionScope } from './caller-scope';

/** PostgreSQL error codes worth retrying: serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/** PostgreSQL error code of `e`, or of the driver error a TypeORM error wraps. */
function sqlState(e: unknown): string | undefined {
  return (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
}

/**
 * Whether a failed transaction may run again: a serialization failure or
 * deadlock (up to `attempts` in all), or, once, a lost connection that broke
 * the transaction before its COMMIT was sent (`workDone` false), when nothing
 * can have been committed. A connection lost during COMMIT is never retried:
 * the commit may have happened (the caller gets SERVICE_UNAVAILABLE).
 */
export function shouldRetryTransaction(
  e: unknown,
  attempt: number,
  attempts: number,
  connectionRetries: number,
  workDone: boolean,
): 'serialization' | 'connection' | null {
  const code = sqlState(e);
  if (code && RETRYABLE.has(code)) return attempt < attempts ? 'serialization' : null;
  if (!workDone && connectionRetries < 1 && isConnectionFailure(e)) return 'connection';
  return null;
}

/**
 * Runs `work` in one READ COMMITTED transaction on `dataSource`, retrying up to
 * `attempts` times when PostgreSQL reports a serialization failure or deadlock,
 * and once more when the connection was lost before COMMIT (a restart, a
 * failover, a terminated backend: nothing was committed, and the pool hands
 * out a fresh connection). `work` must therefore be safe to run again from the
 * start: it may only write through `em`.
 * `work` receives the transaction's own EntityManager; every query of the unit
 * of work must go through it (row locks only hold on that connection).
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
      if (!retry) throw e;
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
