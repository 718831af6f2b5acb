/**
 * Defence in depth (issue 12), through the real API over HTTP on a real
 * PostgreSQL: lost database connections answered as a typed, retryable 503;
 * bad input typed (blank webhook URLs, too many invalid variables, an
 * oversized resumeWebhook URL, huge headers) and never logged as an error;
 * every string that reaches the audit trail capped in one place.
 */
import { request } from 'node:http';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { AuditService, inTransaction } from '@harbour/core';
import { AUDIT_STRING_MAX } from '@harbour/core/audit/audit-details';
import { Role } from '@harbour/domain';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@harbour/platform';
import { createApiApp } from '../apps/api/src/http';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, smallNetwork } from './support/fixtures';

type Answer = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };

/** POSTs a raw GraphQL body; returns the HTTP status, the Retry-After header and the parsed answer. */
async function post(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Answer };
}

/** The server's admin connection (the jest global setup's DATABASE_URL), for what the app's role may not do. */
async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  const c = new Client({ connectionString: url.toString() });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('defence in depth', () => {
  let h: Harbour;
  let net: Network;
  let dbName: string;
  let errorLogs: string[];
  beforeAll(async () => {
    h = await Harbour.start('defence', { worker: false });
    net = await smallNetwork(h, { beds: 1 });
    dbName = new URL(h.config.DATABASE_URL).pathname.slice(1);
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    errorLogs = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errorLogs.push(String(message));
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const auditCount = async (action: string) => (await h.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1`, [action]))[0].n as number;

  describe('lost database connections', () => {
    it('answer SERVICE_UNAVAILABLE with HTTP 503 and Retry-After while no connection can be made, and the next requests succeed', async () => {
      const referralId = await createReferral(h, net.officer);
      const read = 'query($id: ID!) { referral(id: $id) { id status } }';
      try {
        // No new connection for the app's role, and every existing one ended: what a failover looks like from the pool.
        await admin(async (c) => {
          await c.query(`ALTER DATABASE "${dbName}" CONNECTION LIMIT 0`);
          await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user`, [dbName]);
        });
        for (const [token, query, vars] of [
          [net.officer, read, { id: referralId }],
          [
            net.officer,
            'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }',
            {
              i: {
                agencyReference: 'LOST-1',
                initials: 'LC',
                ageBand: 'AGE_25_34',
                gender: 'FEMALE',
                languages: ['en'],
                exploitationTypes: ['SEXUAL'],
                urgency: 'ROUTINE',
                consentGiven: true,
              },
            },
          ],
        ] as const) {
          const r = await post(h.url, token, query, vars);
          expect(r.status).toBe(503);
          expect(r.retryAfter).toBe('2');
          expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: 2, reason: 'DATABASE_UNREACHABLE' });
          expect(r.body.errors?.[0]?.message).toMatch(/database is unavailable/);
        }
      } finally {
        await admin((c) => c.query(`ALTER DATABASE "${dbName}" CONNECTION LIMIT -1`));
      }
      // Not a bug: nothing logged at error level.
      expect(errorLogs).toEqual([]);
      const after = await h.ok<{ referral: { id: string } }>(net.officer, read, { id: referralId });
      expect(after.referral.id).toBe(referralId);
      expect((await h.db.query(`SELECT count(*)::int AS n FROM referral WHERE agency_reference = 'LOST-1'`))[0].n).toBe(0);
    });

    it('retries a transaction whose connection was ended before COMMIT, so a burst across a terminated pool all succeeds or answers 503', async () => {
      const answers = await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          if (i === 8)
            await admin((c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user`, [dbName]));
          return post(h.url, net.officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id agencyReference } }', {
            i: {
              agencyReference: `BURST-${i}`,
              initials: 'BU',
              ageBand: 'AGE_25_34',
              gender: 'FEMALE',
              languages: ['en'],
              exploitationTypes: ['SEXUAL'],
              urgency: 'ROUTINE',
              consentGiven: true,
            },
          });
        }),
      );
      for (const a of answers)
        expect([a.status, a.status === 200 ? undefined : a.body.errors?.[0]?.extensions?.code]).toEqual(
          a.status === 200 ? [200, undefined] : [503, 'SERVICE_UNAVAILABLE'],
        );
      const made: { ref: string; n: number }[] = await h.db.query(
        `SELECT agency_reference AS ref, count(*)::int AS n FROM referral WHERE agency_reference LIKE 'BURST-%' GROUP BY 1`,
      );
      expect(made.filter((m) => m.n !== 1)).toEqual([]);
      for (const a of answers.filter((x) => x.status === 200)) expect(made.map((m) => m.ref)).toContain(a.body.data.createReferral.agencyReference);
      expect(errorLogs).toEqual([]);
    });
  });

  describe('bad input', () => {
    it('testWebhook with a blank url is BAD_USER_INPUT naming url, not a NOT NULL violation', async () => {
      for (const url of ['', ' ', '\t']) {
        const r = await post(h.url, net.coordinator, 'mutation($u: String!) { testWebhook(url: $u) { ok error } }', { u: url });
        expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_INVALID', field: 'url' });
      }
      expect((await h.db.query(`SELECT count(*)::int AS n FROM webhook_endpoint`))[0].n).toBe(0);
      expect(errorLogs).toEqual([]);
    });

    it('more than 50 invalid variable values, with no token, are a 400 BAD_REQUEST, never INTERNAL_SERVER_ERROR, and not logged as an error', async () => {
      const unknownFields = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, i]));
      const r = await post(h.url, null, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', { i: unknownFields });
      expect(r.status).toBe(400);
      const codes = new Set(r.body.errors?.map((e) => e.extensions?.code));
      expect(codes.has('INTERNAL_SERVER_ERROR')).toBe(false);
      const tooMany = r.body.errors?.find((e) => /Too many errors processing variables/.test(e.message));
      expect(tooMany?.extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(errorLogs).toEqual([]);
    });

    it('resumeWebhook refuses a blank, malformed or 900,000-character url as BAD_USER_INPUT naming url, before anything is written or audited', async () => {
      const before = await auditCount('RESUME_WEBHOOK');
      for (const url of ['', 'not a url', 'ftp://example.org/x', `https://example.org/${'a'.repeat(900_000)}`]) {
        const r = await post(h.url, net.coordinator, 'mutation($u: String!) { resumeWebhook(url: $u) { requeued } }', { u: url });
        expect([url.slice(0, 30), r.body.errors?.[0]?.extensions]).toEqual([
          url.slice(0, 30),
          { code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_INVALID', field: 'url' },
        ]);
      }
      expect(await auditCount('RESUME_WEBHOOK')).toBe(before);
      const ok = await h.ok<{ resumeWebhook: { requeued: number } }>(net.coordinator, 'mutation($u: String!) { resumeWebhook(url: $u) { requeued } }', {
        u: 'http://127.0.0.1:9/hook',
      });
      expect(ok.resumeWebhook.requeued).toBe(0);
      const [event] = await h.db.query(`SELECT details FROM audit_event WHERE action = 'RESUME_WEBHOOK' ORDER BY id DESC LIMIT 1`);
      expect(event.details).toEqual({ url: 'http://127.0.0.1:9/hook' });
    });

    it('caps every string that reaches an audit event’s details, whatever the path, in the audit service', async () => {
      const audit = h.api.get(AuditService);
      const principal = { sub: 'coordinator-1', role: Role.COORDINATOR, shelterIds: [], agencyId: null } as never;
      await inTransaction(h.db, (em) =>
        audit.record(em, principal, new Date(), 'CAP_PROBE', 'webhook', null, { url: 'u'.repeat(900_000), nested: [{ note: 'n'.repeat(5000) }] }),
      );
      const [row] = await h.db.query(`SELECT details, octet_length(details::text) AS bytes FROM audit_event WHERE action = 'CAP_PROBE'`);
      expect(row.details.url).toBe(`${'u'.repeat(AUDIT_STRING_MAX)}…[+${900_000 - AUDIT_STRING_MAX} chars]`);
      expect(row.details.nested[0].note).toHaveLength(AUDIT_STRING_MAX + `…[+${5000 - AUDIT_STRING_MAX} chars]`.length);
      expect(row.bytes).toBeLessThan(3 * AUDIT_STRING_MAX);
    });

    it('a 100 KB Authorization header gets 431 with a JSON body and a code, like every other refusal', async () => {
      const { port } = new URL(h.url);
      const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${'x'.repeat(100_000)}` },
          },
          (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
          },
        );
        req.on('error', reject);
        req.end('{"query":"{ me { sub } }"}');
      });
      expect(answer.status).toBe(431);
      expect(answer.type).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body)).toEqual({
        errors: [{ message: 'Request headers are too large', extensions: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE' } }],
      });
      // The server still answers the next request.
      expect((await post(h.url, net.coordinator, '{ regions { code } }')).status).toBe(200);
    });
  });

  describe('the database role', () => {
    it('production refuses to start as a superuser (row-level security and the audit triggers would not bind it)', async () => {
      const superuser = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
      superuser.pathname = `/${dbName}`;
      const secret = () => randomBytes(32).toString('base64');
      const config = loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: superuser.toString(),
        REDIS_URL: h.config.REDIS_URL,
        QUEUE_PREFIX: h.config.QUEUE_PREFIX,
        JWT_SECRET: secret(),
        AUDIT_CHAIN_KEY: secret(),
        WEBHOOK_SIGNING_SECRET: secret(),
        NOTES_ENCRYPTION_KEYS: `k1:${secret()}`,
        DATABASE_SCOPE_KEY: secret(),
      });
      const app = await createApiApp(config, false);
      try {
        await expect(app.init()).rejects.toThrow(/refusing to start: connected to PostgreSQL as "[^"]+", a superuser or BYPASSRLS role/);
      } finally {
        await app.close().catch(() => undefined);
      }
    });
  });
});
