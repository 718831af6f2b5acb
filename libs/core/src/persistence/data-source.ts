import { DataSource, DataSourceOptions } from 'typeorm';
import { Client } from 'pg';
import { HarbourConfig } from '@harbour/platform';
import { ENTITIES, MIGRATIONS } from './entities';
import { SCOPE_SETTING, SERVICE_CONNECTION_LIFETIME_SECONDS, SERVICE_SCOPE_CALLER, SESSION_SCOPE_SECONDS, signScope } from './caller-scope';

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
 * for row-level security: for `SERVICE`, each new connection sets a session
 * scope signed with DATABASE_SCOPE_KEY for its own backend (caller-scope.ts),
 * valid {@link SESSION_SCOPE_SECONDS}, and the pool ends connections after
 * {@link SERVICE_CONNECTION_LIFETIME_SECONDS}. The key also signs every
 * transaction's scope (inTransaction, withCaller). `url` overrides
 * DATABASE_URL (the owner's connection for migrations).
 */
export function dataSourceOptions(
  config: Pick<HarbourConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'> & Partial<Pick<HarbourConfig, 'DATABASE_SCOPE_KEY'>>,
  caller: ConnectionCaller,
  url: string = config.DATABASE_URL,
): DataSourceOptions {
  const key = config.DATABASE_SCOPE_KEY ?? '';
  const serviceSession =
    caller === 'SERVICE' && key
      ? {
          // Awaited by pg-pool before the connection is handed out; a parameter, so pg_stat_activity never shows the scope.
          onConnect: (client: Client) =>
            client.query(`SELECT set_config('${SCOPE_SETTING}', $1, false)`, [
              signScope(key, SERVICE_SCOPE_CALLER, (client as unknown as { processID: number }).processID, Date.now() / 1000 + SESSION_SCOPE_SECONDS),
            ]),
          maxLifetimeSeconds: SERVICE_CONNECTION_LIFETIME_SECONDS,
        }
      : {};
  return {
    type: 'postgres',
    url,
    // Extensions come from migrations, run by the owner role; the runtime role may create nothing.
    installExtensions: false,
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
      options: READ_COMMITTED_OPTION,
      // Read back by scopeKeyOf (caller-scope.ts) to sign transaction scopes; pg ignores it.
      harbourScopeKey: key,
      ...serviceSession,
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
 * booting together do not race, on `dataSource`, which should be the owner
 * role's connection (MIGRATION_DATABASE_URL). Then, still under the lock:
 * installs DATABASE_SCOPE_KEY where the caller-scope functions read it, and,
 * when DATABASE_URL names another user (the runtime role), grants that role
 * exactly what the API and worker need ({@link grantRuntimeRole}). Returns
 * the names of the migrations applied.
 * @throws Error when the runtime role does not exist.
 */
export async function runMigrations(dataSource: DataSource, config: Pick<HarbourConfig, 'DATABASE_URL' | 'DATABASE_SCOPE_KEY'>): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await runner.query(`SELECT harbour_private.install_scope_key(convert_to($1, 'UTF8'))`, [config.DATABASE_SCOPE_KEY]);
    const runtime = decodeURIComponent(new URL(config.DATABASE_URL).username);
    const [{ me }]: { me: string }[] = await runner.query('SELECT current_user AS me');
    if (runtime && runtime !== me) await grantRuntimeRole(runner, runtime);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Grants the runtime role `role` what the API, the worker and the CLI's
 * commands need, and nothing more (docs/security.md, "Two database roles"):
 * SELECT, INSERT, UPDATE and DELETE on Harbour's tables, except `audit_event`
 * (SELECT and INSERT only; the worker seals through
 * `harbour_seal_audit_event`) and `schema_migration` (SELECT); the sequences'
 * nextval; nothing in `harbour_private`. It owns nothing, so it cannot ALTER,
 * disable a trigger, or change a policy. Idempotent: run after every migrate,
 * so tables added later are granted too. Run as the owner role.
 * @throws Error when `role` does not exist or is not a plain role name.
 */
export async function grantRuntimeRole(runner: { query(sql: string, params?: unknown[]): Promise<any> }, role: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(role)) throw new Error(`runtime role ${JSON.stringify(role)}: not a plain role name`);
  const exists = await runner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.length === 0) {
    throw new Error(
      `the runtime role "${role}" (the user of DATABASE_URL) does not exist: create it (CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS) and run migrate again`,
    );
  }
  const r = `"${role}"`;
  await runner.query(`
    GRANT USAGE ON SCHEMA public TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM ${r};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_migration FROM ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
    REVOKE ALL ON SCHEMA harbour_private FROM ${r};
  `);
  // PostgreSQL 14 and older let PUBLIC create in `public`; the schema's owner (often a superuser there) can take it back.
  const [{ can }]: { can: boolean }[] = await runner.query(`SELECT has_schema_privilege($1, 'public', 'CREATE') AS can`, [role]);
  if (can) await runner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC').catch(() => undefined);
}
