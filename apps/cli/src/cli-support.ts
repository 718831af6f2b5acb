/**
 * Shared plumbing of the `harbour` commands: configuration loading, exit codes,
 * clean error reporting (no stack trace for expected errors) and a DataSource
 * helper. Each command file under ./commands uses these.
 */
import { DataSource } from 'typeorm';
import { ConfigError, HarbourConfig, loadConfig } from '@harbour/platform/config/config';
import { AdjustableClock, Clock, SystemClock } from '@harbour/platform/clock/clock';
import { dataSourceOptions } from '@harbour/core/persistence/data-source';
import { HicImportError } from '@harbour/core/import/hic-errors';

/** Process exit codes of the CLI. */
export const ExitCode = {
  OK: 0,
  /** The command failed (bad input, bad file, database refused); nothing half-done. */
  FAILURE: 1,
  /** The configuration (environment variables) is invalid. */
  CONFIG: 2,
  /** A post-check disagreed (e.g. imported bed totals ≠ the file's Total row); the import was rolled back. */
  CHECK_FAILED: 3,
} as const;

/** An expected failure: printed as `error: <message>` (no stack trace), then exit with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.FAILURE,
  ) {
    super(message);
  }
}

/**
 * Loads and validates the configuration from the environment.
 * @throws ConfigError (reported by {@link reportError} with exit code 2).
 */
export function cliConfig(env: NodeJS.ProcessEnv = process.env): HarbourConfig {
  return loadConfig(env);
}

/** `url` with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/**
 * Opens a DataSource on the configured database (small pool, no query
 * logging: the CLI reports errors itself), runs `work`, and always closes it.
 * Every command acts as SERVICE for row-level security (an operator's tool,
 * like the worker; docs/row-level-security.md), with a scope signed with
 * DATABASE_SCOPE_KEY. `url` overrides DATABASE_URL (`migrate` connects as the
 * owner role, MIGRATION_DATABASE_URL).
 */
export async function withDataSource<T>(config: HarbourConfig, work: (ds: DataSource) => Promise<T>, url: string = config.DATABASE_URL): Promise<T> {
  const ds = new DataSource({
    ...dataSourceOptions(
      { DATABASE_URL: config.DATABASE_URL, DATABASE_POOL_SIZE: Math.min(config.DATABASE_POOL_SIZE, 4), DATABASE_SCOPE_KEY: config.DATABASE_SCOPE_KEY },
      'SERVICE',
      url,
    ),
    logging: false,
  });
  try {
    await ds.initialize();
  } catch (e: unknown) {
    throw new CliError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`);
  }
  try {
    return await work(ds);
  } finally {
    await ds.destroy().catch(() => undefined);
  }
}

/** PostgreSQL error codes that are the user's situation, not a bug (shown without a stack trace). */
const PG_HINTS: Record<string, string> = {
  '42P01': 'a table is missing: run `harbour migrate` first',
  '3D000': 'the database does not exist: run `harbour migrate` first (it creates it)',
  '23505': 'a row with the same key already exists',
  '57014': 'a statement took too long and was cancelled',
};

/**
 * Prints `err` to stderr and returns the exit code to use. Expected errors
 * (CliError, ConfigError, HicImportError, PostgreSQL and network errors) are one
 * clean message; anything else also gets its stack trace (it is a bug).
 */
export function reportError(err: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (err instanceof ConfigError) {
    stderr.write(`${err.message}\n`);
    return ExitCode.CONFIG;
  }
  if (err instanceof CliError) {
    stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof HicImportError) {
    stderr.write(`error: HIC import failed, nothing was imported: ${err.message}\n`);
    return ExitCode.FAILURE;
  }
  const e = err as { code?: unknown; message?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? (typeof e?.code === 'string' ? e.code : undefined);
  if (code !== undefined) {
    const hint = PG_HINTS[code];
    stderr.write(`error: ${e.message ?? String(err)}${hint ? ` (${hint})` : ''}\n`);
    return ExitCode.FAILURE;
  }
  stderr.write(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return ExitCode.FAILURE;
}

/**
 * Wraps a commander action: runs it, and on failure reports the error
 * ({@link reportError}) and sets `process.exitCode` (the process then ends
 * on its own once handles close; nothing is cut off mid-write).
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (e: unknown) {
      process.exitCode = reportError(e);
    }
  };
}

/**
 * Runs `work` with Harbour's clock as CLOCK_MODE says (the adjustable clock
 * reads its offset from PostgreSQL through a small pool of its own, closed
 * afterwards, also on failure).
 */
export async function withCliClock<T>(config: HarbourConfig, work: (clock: Clock) => Promise<T>): Promise<T> {
  const clock = config.CLOCK_MODE === 'adjustable' ? new AdjustableClock(config.DATABASE_URL) : new SystemClock();
  try {
    return await work(clock);
  } finally {
    if (clock instanceof AdjustableClock) await clock.onApplicationShutdown();
  }
}
