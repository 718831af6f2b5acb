import { DataSource, EntityManager } from 'typeorm';

/** PostgreSQL error codes worth retrying: serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Runs `work` in one READ COMMITTED transaction on `dataSource`, retrying up to
 * `attempts` times when PostgreSQL reports a serialization failure or deadlock.
 * `work` receives the transaction's own EntityManager; every query of the unit
 * of work must go through it (row locks only hold on that connection).
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (em: EntityManager) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction('READ COMMITTED', work);
    } catch (e: unknown) {
      const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw e;
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
