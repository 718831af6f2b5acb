import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const services = require('../scripts/services');

/**
 * `npm start` and `npm run harbour` must not connect as a superuser: one
 * bypasses row-level security (docs/row-level-security.md), nor as the owner of
 * the tables (docs/security.md). When Harbour picks the database itself
 * (DATABASE_URL unset), scripts/services.js sets up the owner role harbour_app
 * owning Harbour's database and the runtime role harbour_runtime the app
 * connects as. Real PostgreSQL.
 */
describe('the database role npm start connects as', () => {
  const adminUrl = (() => {
    const u = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    u.pathname = '/postgres';
    return u.toString();
  })();
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-role-'));
  const created: string[] = [];
  const name = () => {
    const n = `harbour_test_role_${randomBytes(4).toString('hex')}`;
    created.push(n);
    return n;
  };
  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  afterAll(async () => {
    await admin(async (c) => {
      for (const n of created) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates harbour_app (the owner) and harbour_runtime (no superuser, no BYPASSRLS, NOINHERIT), a database owned by harbour_app, private password files, and connects the app as harbour_runtime', async () => {
    const db = name();
    const logs: string[] = [];
    const urls = await services.harbourDatabaseUrls(adminUrl, { env: {}, dataDir, log: (m: string) => logs.push(m), database: db });
    const runtime = new URL(urls.databaseUrl);
    const owner = new URL(urls.migrationDatabaseUrl);
    expect([runtime.username, owner.username]).toEqual(['harbour_runtime', 'harbour_app']);
    expect([runtime.pathname, owner.pathname]).toEqual([`/${db}`, `/${db}`]);
    expect(logs).toEqual([]);
    for (const [file, url] of [
      ['db-app-password', owner],
      ['db-runtime-password', runtime],
    ] as const) {
      const passwordFile = join(dataDir, file);
      expect(readFileSync(passwordFile, 'utf8').trim()).toBe(decodeURIComponent(url.password));
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    }
    expect(runtime.password).not.toBe(owner.password);

    const c = new Client({ connectionString: runtime.toString() });
    await c.connect();
    try {
      const [me] = (
        await c.query(`SELECT current_user AS who, current_setting('is_superuser') AS su, r.rolbypassrls AS bypass, r.rolinherit AS inherit,
                                         (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships,
                                         pg_get_userbyid(d.datdba) AS owner
                                    FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`)
      ).rows;
      expect(me).toEqual({ who: 'harbour_runtime', su: 'off', bypass: false, inherit: false, memberships: 0, owner: 'harbour_app' });
    } finally {
      await c.end();
    }
    // Asking again gives the same URLs (same passwords, database kept); harbourDatabaseUrl is the runtime one.
    expect(await services.harbourDatabaseUrls(adminUrl, { env: {}, dataDir, log: () => undefined, database: db })).toEqual(urls);
    expect(await services.harbourDatabaseUrl(adminUrl, { env: {}, dataDir, log: () => undefined, database: db })).toBe(urls.databaseUrl);
  });

  it('keeps DATABASE_URL and MIGRATION_DATABASE_URL when set, and falls back with a warning for a database another role owns', async () => {
    expect(await services.harbourDatabaseUrls(adminUrl, { env: { DATABASE_URL: 'postgres://x@db.example/h' }, dataDir })).toEqual({
      databaseUrl: 'postgres://x@db.example/h',
      migrationDatabaseUrl: null,
    });
    expect(
      await services.harbourDatabaseUrls(adminUrl, {
        env: { DATABASE_URL: 'postgres://x@db.example/h', MIGRATION_DATABASE_URL: 'postgres://o@db.example/h' },
        dataDir,
      }),
    ).toEqual({ databaseUrl: 'postgres://x@db.example/h', migrationDatabaseUrl: 'postgres://o@db.example/h' });
    const db = name();
    await admin((c) => c.query(`CREATE DATABASE "${db}"`));
    const logs: string[] = [];
    const urls = await services.harbourDatabaseUrls(adminUrl, { env: {}, dataDir, log: (m: string) => logs.push(m), database: db });
    const url = new URL(urls.databaseUrl);
    expect(url.username).toBe(new URL(adminUrl).username);
    expect(url.pathname).toBe(`/${db}`);
    expect(urls.migrationDatabaseUrl).toBe(urls.databaseUrl);
    expect(logs.join('\n')).toMatch(/is owned by .*not harbour_app.*row-level security is not applied/);
  });
});
