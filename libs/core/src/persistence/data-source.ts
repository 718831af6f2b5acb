import { DataSource, DataSourceOptions } from 'typeorm';
import { Client } from 'pg';
import { HarbourConfig } from '@harbour/platform';
import { ENTITIES, MIGRATIONS } from './entities';

/**
 * Who a pooled connection acts as for row-level security when a transaction
 * does not say (docs/row-level-security.md): `SERVICE` for the worker, the CLI
 * and migrations (they act for no user and see everything); `NONE` for the
 * API, whose connections see no protected row until a transaction sets the
 * caller (withCaller) or SERVICE (inTransaction): fail closed.
 */
export type ConnectionCaller = 'SERVICE' | 'NONE';

/**
 * Startup option pinning each Harbour connection's transactions to READ
 * COMMITTED (the backslash escapes the space inside the value). A startup
 * option outranks `ALTER DATABASE … SET` and the server's configuration.
 */
export const READ_COMMITTED_OPTION = '-c default_transaction_isolation=read\\ committed';

/**
 * TypeORM options for Harbour's PostgreSQL. `synchronize` is never used: the
 * schema comes from migrations. `caller` is the connection's default identity
 * for row-level security (a startup option, `-c harbour.role=SERVICE`).
 */
export function dataSourceOptions(config: Pick<HarbourConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>, caller: ConnectionCaller): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    // Never log queries: their parameters carry shelter addresses and referral details.
    logging: false,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      // A query waiting for a connection fails after 10 s instead of hanging.
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      // Every transaction is READ COMMITTED from the connection's start, whatever the server or database default:
      // inTransaction and withCaller then open with one statement instead of two (START + SET TRANSACTION ISOLATION LEVEL).
      options: [READ_COMMITTED_OPTION, ...(caller === 'SERVICE' ? ['-c harbour.role=SERVICE'] : [])].join(' '),
    },
  };
}

/**
 * Creates the database named in `url` if it does not exist, connecting to the
 * server's `postgres` database to do so. Lets a fresh machine start with only a server.
 */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name || !/^[A-Za-z0-9_]+$/.test(name)) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  // A connection the server ends must not become an unhandled 'error' event (it would end the process).
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (e: unknown) {
        // Another replica created it first.
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
  } finally {
    await client.end();
  }
}

/** Key of the PostgreSQL advisory lock held while migrations run (any constant shared by all replicas). */
const MIGRATION_LOCK_KEY = 726_384_001;

/**
 * Runs pending migrations once, under a session advisory lock, so replicas
 * booting together do not race. Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
