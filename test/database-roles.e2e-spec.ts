/**
 * The database cannot be talked out of its rules (issue 12, item 8), on a real
 * PostgreSQL: the API and worker connect as a runtime role that owns nothing
 * and has only the grants `runMigrations` gives it, and the caller row-level
 * security sees comes from a scope signed with DATABASE_SCOPE_KEY, which the
 * runtime role cannot read. Everything below is tried with the runtime role's
 * own credentials, as a stolen password or an SQL injection would.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '@harbour/platform';
import { dataSourceOptions, withCaller } from '@harbour/core';
import { signScope } from '@harbour/core/persistence/caller-scope';
import { Role } from '@harbour/domain';
import { createApiApp } from '../apps/api/src/http';
import { Harbour, TEST_APP_ROLE, TEST_RUNTIME_ROLE } from './support/harbour-harness';
import { createReferral, Network, smallNetwork, waitFor } from './support/fixtures';

/** Tables that hold protected rows, with at least one row each after the set-up below. */
const PROTECTED_WITH_ROWS = ['referral', 'hold', 'shelter_location', 'audit_event'];

describe('database roles: the runtime role cannot undo the rules', () => {
  let h: Harbour;
  let net: Network;
  let runtime: Client;
  let pid: number;
  /** Runs `sql` as the runtime role and returns the SQLSTATE it failed with (or 'ok'). */
  const refusal = async (sql: string, params: unknown[] = []): Promise<string> => {
    try {
      await runtime.query(sql, params);
      return 'ok';
    } catch (e) {
      return (e as { code?: string }).code ?? String(e);
    }
  };
  /** Row counts of the protected tables seen by the runtime connection in one transaction that first runs `setup`. */
  const counts = async (setup: string, params: unknown[] = []): Promise<Record<string, number>> => {
    await runtime.query('BEGIN');
    try {
      if (setup) await runtime.query(setup, params);
      const out: Record<string, number> = {};
      for (const t of PROTECTED_WITH_ROWS) out[t] = (await runtime.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
      return out;
    } finally {
      await runtime.query('ROLLBACK');
    }
  };
  const none = Object.fromEntries(PROTECTED_WITH_ROWS.map((t) => [t, 0]));

  beforeAll(async () => {
    h = await Harbour.start('db_roles');
    net = await smallNetwork(h, { beds: 2 });
    const referral = await createReferral(h, net.officer, { acceptableRegions: [net.regionCode] });
    await h.ok(net.officer, 'mutation($id: ID!) { requestPlacement(referralId: $id) { __typename } }', { id: referral });
    await h.settle();
    runtime = new Client({ connectionString: h.config.DATABASE_URL });
    runtime.on('error', () => undefined);
    await runtime.connect();
    pid = (await runtime.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  });
  afterAll(async () => {
    await runtime?.end().catch(() => undefined);
    await h?.close();
  });

  it('the API and worker run as the runtime role, which owns nothing, is no superuser and is a member of no role', async () => {
    expect(new URL(h.config.DATABASE_URL).username).toBe(TEST_RUNTIME_ROLE);
    expect(new URL(h.config.MIGRATION_DATABASE_URL!).username).toBe(TEST_APP_ROLE);
    const [me] = (
      await runtime.query(`SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, r.rolinherit,
                                  (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships,
                                  (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations,
                                  (SELECT count(*)::int FROM pg_proc p WHERE p.proowner = r.oid) AS owned_functions,
                                  has_schema_privilege(r.oid, 'public', 'CREATE') AS creates_in_public,
                                  has_schema_privilege(r.oid, 'harbour_private', 'USAGE') AS uses_private
                             FROM pg_roles r WHERE r.rolname = current_user`)
    ).rows;
    expect(me).toEqual({
      rolname: TEST_RUNTIME_ROLE,
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolinherit: false,
      memberships: 0,
      owned_relations: 0,
      owned_functions: 0,
      creates_in_public: false,
      uses_private: false,
    });
    // Every table of the schema belongs to the owner role.
    const owners = (
      await h.db.query(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`)
    ).map((r: { owner: string }) => r.owner);
    expect(owners).toEqual([TEST_APP_ROLE]);
  });

  it('has INSERT and SELECT on audit_event and nothing else', async () => {
    const privileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
    const got: Record<string, boolean> = {};
    for (const p of privileges) got[p] = (await runtime.query(`SELECT has_table_privilege('audit_event', $1) AS ok`, [p])).rows[0].ok;
    expect(got).toEqual({ SELECT: true, INSERT: true, UPDATE: false, DELETE: false, TRUNCATE: false, REFERENCES: false, TRIGGER: false });
    const columnUpdates = (
      await runtime.query(
        `SELECT count(*)::int AS n FROM information_schema.column_privileges WHERE table_name = 'audit_event' AND grantee = current_user AND privilege_type <> 'SELECT' AND privilege_type <> 'INSERT'`,
      )
    ).rows[0].n;
    expect(columnUpdates).toBe(0);
  });

  it('cannot ALTER a table, turn row-level security off, change a policy or disable a trigger (42501: must be the owner)', async () => {
    const attempts = {
      noForce: await refusal('ALTER TABLE referral NO FORCE ROW LEVEL SECURITY'),
      disableRls: await refusal('ALTER TABLE shelter_location DISABLE ROW LEVEL SECURITY'),
      addColumn: await refusal('ALTER TABLE referral ADD COLUMN x int'),
      dropPolicy: await refusal('DROP POLICY referral_read ON referral'),
      createPolicy: await refusal('CREATE POLICY everything ON referral FOR SELECT USING (true)'),
      disableTrigger: await refusal('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only'),
      disableAllTriggers: await refusal('ALTER TABLE audit_event DISABLE TRIGGER ALL'),
      replaceFunction: await refusal(`CREATE OR REPLACE FUNCTION harbour_caller_role() RETURNS text LANGUAGE sql AS $$ SELECT 'SERVICE' $$`),
      createInPublic: await refusal('CREATE TABLE public.mine (x int)'),
      replicationRole: await refusal(`SET session_replication_role = replica`),
      becomeOwner: await refusal(`SET ROLE ${TEST_APP_ROLE}`),
      sessionAuthorization: await refusal(`SET SESSION AUTHORIZATION ${TEST_APP_ROLE}`),
    };
    expect(attempts).toEqual({
      noForce: '42501',
      disableRls: '42501',
      addColumn: '42501',
      dropPolicy: '42501',
      createPolicy: '42501',
      disableTrigger: '42501',
      disableAllTriggers: '42501',
      replaceFunction: '42501',
      createInPublic: '42501',
      replicationRole: '42501',
      becomeOwner: '42501',
      sessionAuthorization: '42501',
    });
    // Still FORCEd and triggered.
    const [t] = await h.db.query(`SELECT relforcerowsecurity AS forced FROM pg_class WHERE relname = 'referral'`);
    expect(t.forced).toBe(true);
    const [trigger] = await h.db.query(`SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_event_append_only'`);
    expect(trigger.tgenabled).toBe('O');
  });

  it('cannot UPDATE, DELETE or TRUNCATE audit rows, even with a validly signed SERVICE scope', async () => {
    const service = signScope(h.config.DATABASE_SCOPE_KEY, { role: 'SERVICE', agencyId: '', shelterIds: '' }, pid, Date.now() / 1000 + 60);
    const [{ before }] = await h.db.query(`SELECT count(*)::int AS before FROM audit_event`);
    expect(before).toBeGreaterThan(0);
    const attempt = async (sql: string) => {
      await runtime.query('BEGIN');
      try {
        await runtime.query(`SELECT set_config('harbour.scope', $1, true)`, [service]);
        await runtime.query(sql);
        return 'ok';
      } catch (e) {
        return (e as { code?: string }).code;
      } finally {
        await runtime.query('ROLLBACK');
      }
    };
    expect({
      update: await attempt(`UPDATE audit_event SET action = 'FORGED'`),
      delete: await attempt(`DELETE FROM audit_event`),
      truncate: await attempt(`TRUNCATE audit_event`),
      // Re-sealing a sealed event through the sealing function: refused by the function (and the trigger).
      reseal: await attempt(`SELECT harbour_seal_audit_event((SELECT min(id) FROM audit_event WHERE hash IS NOT NULL), 1, 'x', 'y')`),
    }).toEqual({ update: '42501', delete: '42501', truncate: '42501', reseal: '42501' });
    // The sealing function is SERVICE's only: without a scope it refuses before looking for the event.
    expect(await refusal(`SELECT harbour_seal_audit_event(-1, 999999, 'x', 'y')`)).toBe('42501');
    const [{ after, forged }] = await h.db.query(`SELECT count(*)::int AS after, count(*) FILTER (WHERE action = 'FORGED')::int AS forged FROM audit_event`);
    expect({ after, forged }).toEqual({ after: before, forged: 0 });
  });

  it('sees no protected row by setting a setting: the old harbour.role, a forged scope, or a real scope taken elsewhere', async () => {
    const key = h.config.DATABASE_SCOPE_KEY;
    const inAMinute = Date.now() / 1000 + 60;
    const service = (k: string, p: number, exp: number) => signScope(k, { role: 'SERVICE', agencyId: '', shelterIds: '' }, p, exp);
    const officer = signScope(key, { role: 'REFERRAL_OFFICER', agencyId: net.agencyId, shelterIds: '' }, pid, inAMinute);
    const tries: Record<string, [string, unknown[]]> = {
      'no setting': ['', []],
      'harbour.role = SERVICE (transaction)': [`SELECT set_config('harbour.role', 'SERVICE', true)`, []],
      'harbour.role = COORDINATOR, agency and shelters set': [
        `SELECT set_config('harbour.role', 'COORDINATOR', true), set_config('harbour.agency_id', $1, true), set_config('harbour.shelter_ids', $2, true)`,
        [net.agencyId, net.shelterId],
      ],
      'scope without a MAC': [`SELECT set_config('harbour.scope', $1, true)`, [`v1|SERVICE|||${pid}|${Math.floor(inAMinute)}`]],
      'scope signed with another key': [`SELECT set_config('harbour.scope', $1, true)`, [service(randomBytes(32).toString('hex'), pid, inAMinute)]],
      'real SERVICE scope of another backend': [`SELECT set_config('harbour.scope', $1, true)`, [service(key, pid + 1, inAMinute)]],
      'real SERVICE scope, expired': [`SELECT set_config('harbour.scope', $1, true)`, [service(key, pid, Date.now() / 1000 - 1)]],
      "an officer's real scope with its role edited to SERVICE": [
        `SELECT set_config('harbour.scope', $1, true)`,
        [officer.replace('|REFERRAL_OFFICER|', '|SERVICE|')],
      ],
      'row_security off': [`SET LOCAL row_security = off`, []],
    };
    const seen: Record<string, Record<string, number> | string> = {};
    for (const [name, [sql, params]] of Object.entries(tries)) {
      seen[name] = await counts(sql, params).catch((e: { code?: string }) => `error ${e.code}`);
    }
    // row_security = off makes a query that policies would filter an error (42501) instead of a bypass.
    expect(seen).toEqual({ ...Object.fromEntries(Object.keys(tries).map((n) => [n, none])), 'row_security off': 'error 42501' });
    // The key itself is out of reach, and so is the function that signs SERVICE scopes inside the database.
    expect({
      key: await refusal('SELECT * FROM harbour_private.scope_key'),
      sign: await refusal('SELECT harbour_private.service_scope()'),
      install: await refusal(`SELECT harbour_private.install_scope_key('\\x00'::bytea)`),
    }).toEqual({ key: '42501', sign: '42501', install: '42501' });
    // Control: the same connection with a scope signed by the key sees exactly the rows of its caller.
    const asService = await counts(`SELECT set_config('harbour.scope', $1, true)`, [service(key, pid, inAMinute)]);
    for (const t of PROTECTED_WITH_ROWS) expect({ t, n: asService[t] }).toEqual({ t, n: expect.any(Number) });
    expect(Object.values(asService).every((n) => n > 0)).toBe(true);
    const asOfficer = await counts(`SELECT set_config('harbour.scope', $1, true)`, [officer]);
    expect(asOfficer).toEqual({ referral: 1, hold: 1, shelter_location: 0, audit_event: 0 });
  });

  it('never shows the scope in pg_stat_activity, even to the runtime role’s other sessions (the API sets it as a parameter)', async () => {
    const api = new DataSource(dataSourceOptions(h.config, 'NONE'));
    await api.initialize();
    try {
      const principal = { sub: 'probe', role: Role.COORDINATOR, shelterIds: [], agencyId: null };
      const shown = await withCaller(api, principal, async (em) => {
        // The driver knows the backend's pid: no statement runs between setting the scope and looking.
        const backend = (em.queryRunner as unknown as { databaseConnection: { processID: number } }).databaseConnection.processID;
        // Read by another session of the same runtime role, as an injection elsewhere could (a role sees its own sessions' text).
        const [row] = (await runtime.query(`SELECT query, state FROM pg_stat_activity WHERE pid = $1`, [backend])).rows;
        const [{ n }] = await em.query('SELECT count(*)::int AS n FROM referral');
        return { query: row.query as string, state: row.state as string, n };
      });
      expect(shown.n).toBe(1);
      // The statement that set the scope is shown by its text only: set_config('harbour.scope', $1, true).
      expect(shown.state).toBe('idle in transaction');
      expect(shown.query).toMatch(/set_config\('harbour\.scope', \$1, true\)/);
      expect(shown.query).not.toMatch(/v1\|/);
    } finally {
      await api.destroy();
    }
  });

  it('every policy reads the caller once per statement (a scalar subquery), so the MAC is checked per statement, not per row', async () => {
    const policies: { policyname: string; expr: string }[] = await h.db.query(
      `SELECT policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS expr FROM pg_policies WHERE schemaname = 'public'`,
    );
    expect(policies.length).toBeGreaterThan(20);
    const perRow = policies.filter((p) => /harbour_caller_\w+\(\)/.test(p.expr.replace(/\(\s*SELECT\s+harbour_caller_\w+\(\)/gi, '')));
    expect(perRow).toEqual([]);
    // And the functions are SECURITY DEFINER, owned by the owner role, with a fixed search_path.
    const fns = await h.db.query(
      `SELECT proname, prosecdef, pg_get_userbyid(proowner) AS owner, proconfig FROM pg_proc
        WHERE proname IN ('harbour_caller_role', 'harbour_caller_sees_all', 'harbour_caller_agency', 'harbour_caller_shelters') ORDER BY proname`,
    );
    expect(fns).toEqual(
      ['harbour_caller_agency', 'harbour_caller_role', 'harbour_caller_sees_all', 'harbour_caller_shelters'].map((proname) => ({
        proname,
        prosecdef: true,
        owner: TEST_APP_ROLE,
        proconfig: ['search_path=pg_catalog, pg_temp'],
      })),
    );
  });

  it('the normal API still works as the runtime role: placing, reading, and the worker sealing the audit chain', async () => {
    const referral = await createReferral(h, net.officer, { acceptableRegions: [net.regionCode] });
    const placed = await h.ok<{ requestPlacement: { __typename: string } }>(
      net.officer,
      'mutation($id: ID!) { requestPlacement(referralId: $id) { __typename } }',
      {
        id: referral,
      },
    );
    expect(placed.requestPlacement.__typename).toBe('HoldOffered');
    const seen = await h.ok<{ referrals: { totalCount: number } }>(net.officer, '{ referrals { totalCount } }');
    expect(seen.referrals.totalCount).toBe(2);
    await h.settle();
    await waitFor(async () => (await h.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE hash IS NULL`))[0].n === 0);
    const verified = await h.ok<{ auditChain: { ok: boolean; checked: number } }>(net.coordinator, '{ auditChain { ok checked } }');
    expect(verified.auditChain.ok).toBe(true);
    expect(verified.auditChain.checked).toBeGreaterThan(3);
  });

  describe('at start', () => {
    // Nothing may move under these checks (one swaps the installed key for a moment).
    beforeAll(async () => h.stopWorker());
    const secret = () => randomBytes(32).toString('base64');
    const production = (databaseUrl: string, scopeKey: string) =>
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        REDIS_URL: h.config.REDIS_URL,
        QUEUE_PREFIX: h.config.QUEUE_PREFIX,
        JWT_SECRET: secret(),
        AUDIT_CHAIN_KEY: secret(),
        WEBHOOK_SIGNING_SECRET: secret(),
        NOTES_ENCRYPTION_KEYS: `k1:${secret()}`,
        DATABASE_SCOPE_KEY: scopeKey,
      });
    const startError = async (config: ReturnType<typeof loadConfig>): Promise<unknown> => {
      const app = await createApiApp(config, false);
      try {
        await app.init();
        return null;
      } catch (e) {
        return e;
      } finally {
        await app.close().catch(() => undefined);
      }
    };

    it('production refuses to start as the tables’ owner, with a typed configuration error', async () => {
      const e = await startError(production(h.config.MIGRATION_DATABASE_URL!, secret()));
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      // Every problem at once: the owner role, and the key that does not match the one installed.
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^DATABASE_URL: refusing to start: connected to PostgreSQL as "harbour_test_app", which owns .* of Harbour's tables/);
      expect(problems[1]).toMatch(/does not accept a caller scope signed with DATABASE_SCOPE_KEY/);
    });

    it('refuses a DATABASE_SCOPE_KEY other than the one migrate installed, in any environment', async () => {
      const e = await startError(
        loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: h.config.DATABASE_URL, REDIS_URL: h.config.REDIS_URL, DATABASE_SCOPE_KEY: secret() }),
      );
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([expect.stringMatching(/^DATABASE_URL: refusing to start: PostgreSQL does not accept a caller scope/)]);
    });

    it('production starts as the runtime role with the installed key', async () => {
      // The test database was migrated with the development key, which production refuses: install a real one first.
      const key = secret();
      await h.db.query(`SELECT harbour_private.install_scope_key(convert_to($1, 'UTF8'))`, [key]);
      try {
        expect(await startError(production(h.config.DATABASE_URL, key))).toBeNull();
      } finally {
        await h.db.query(`SELECT harbour_private.install_scope_key(convert_to($1, 'UTF8'))`, [h.config.DATABASE_SCOPE_KEY]);
      }
    });
  });
});
