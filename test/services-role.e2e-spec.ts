import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../scripts/services');

/**
 * `npm start` and `npm run harbour` must not connect as a superuser: one
 * bypasses row-level security (docs/row-level-security.md). When Harbour picks
 * the database itself (DATABASE_URL unset), scripts/services.js sets up the
 * ordinary role harbour_app owning Harbour's database. Real PostgreSQL.
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

  it('creates harbour_app (no superuser, no BYPASSRLS) owning a new database, with a private password file, and connects as it', async () => {
    const db = name();
    const logs: string[] = [];
    const url = new URL(await services.harbourDatabaseUrl(adminUrl, { env: {}, dataDir, log: (m: string) => logs.push(m), database: db }));
    expect(url.username).toBe('harbour_app');
    expect(url.pathname).toBe(`/${db}`);
    expect(logs).toEqual([]);
    const passwordFile = join(dataDir, 'db-app-password');
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(decodeURIComponent(url.password));
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);

    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    try {
      const [me] = (await c.query(`SELECT current_user AS who, current_setting('is_superuser') AS su, r.rolbypassrls AS bypass,
                                         pg_get_userbyid(d.datdba) AS owner
                                    FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`)).rows;
      expect(me).toEqual({ who: 'harbour_app', su: 'off', bypass: false, owner: 'harbour_app' });
    } finally {
      await c.end();
    }
    // Asking again gives the same URL (same password, database kept).
    expect(await services.harbourDatabaseUrl(adminUrl, { env: {}, dataDir, log: () => undefined, database: db })).toBe(url.toString());
  });

  it('keeps DATABASE_URL when it is set, and falls back with a warning for a database another role owns', async () => {
    expect(await services.harbourDatabaseUrl(adminUrl, { env: { DATABASE_URL: 'postgres://x@db.example/h' }, dataDir })).toBe('postgres://x@db.example/h');
    const db = name();
    await admin((c) => c.query(`CREATE DATABASE "${db}"`));
    const logs: string[] = [];
    const url = new URL(await services.harbourDatabaseUrl(adminUrl, { env: {}, dataDir, log: (m: string) => logs.push(m), database: db }));
    expect(url.username).toBe(new URL(adminUrl).username);
    expect(url.pathname).toBe(`/${db}`);
    expect(logs.join('\n')).toMatch(/is owned by .*not harbour_app.*row-level security is not applied/);
  });
});
