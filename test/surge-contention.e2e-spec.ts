/**
 * Concurrent surges (docs/waiting.md, "Joining"; docs/performance.md,
 * "Concurrent surges"): bulkCreateReferrals calls sent together all succeed,
 * in distinct waitlist places; a call whose transaction keeps losing to
 * contention is retried and then answered SERVICE_UNAVAILABLE (HTTP 503,
 * Retry-After, a typed reason), never INTERNAL_SERVER_ERROR, with nothing
 * written. The contention is made deterministic: the test holds the waitlist's
 * join lock and cancels the waiting statement itself (SQLSTATE 57014, as a
 * statement timeout raises it), once per attempt.
 */
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { onTransactionRetry, TransactionRetry } from '@harbour/core';
import { smallNetwork, Network, waitFor } from './support/fixtures';
import { Harbour } from './support/harbour-harness';

/** The advisory lock key WaitlistService.lockJoins takes. */
const WAITLIST_JOIN_LOCK_KEY = 726_384_003;

const BULK = `mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) {
  holdsOffered stillWaiting referrals { id status }
} }`;

const surge = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({
    agencyReference: `SC-${tag}-${i}`,
    initials: 'AB',
    ageBand: 'AGE_25_34',
    gender: 'FEMALE',
    languages: ['en'],
    exploitationTypes: ['SEXUAL'],
    urgency: 'URGENT',
    consentGiven: true,
  }));

describe('concurrent surges: typed outcomes, never INTERNAL_SERVER_ERROR', () => {
  let h: Harbour;
  let net: Network;
  /** A superuser session on the test database: may cancel the API's statements. */
  let admin: Client;
  beforeAll(async () => {
    h = await Harbour.start('surge-contention', { worker: false });
    net = await smallNetwork(h, { beds: 1 });
    // The server's own (superuser) credentials, on this test's database.
    const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const url = new URL(h.config.DATABASE_URL);
    url.username = server.username || 'postgres';
    url.password = server.password;
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await h?.close();
  });

  const count = async (sql: string) => Number((await h.db.query(sql))[0].n);

  it('three bulkCreateReferrals of 4 sent together all succeed: one hold, the other 11 wait in 11 distinct places', async () => {
    const tag = randomBytes(2).toString('hex');
    const answers = await Promise.all([0, 1, 2].map((k) => h.gql<{ bulkCreateReferrals: any }>(net.officer, BULK, { i: surge(4, `${tag}${k}`) })));
    expect(answers.map((a) => [a.status, a.errors ?? null])).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
    const statuses = answers.flatMap((a) => a.data!.bulkCreateReferrals.referrals.map((r: any) => r.status)).sort();
    expect(statuses).toEqual(['HELD', ...Array(11).fill('WAITLISTED')]);
    // Distinct places in the waitlist order (priority, joined, id) is what the join lock is for.
    const places = await h.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT (priority, joined_at, id))::int AS d FROM waitlist_entry WHERE status = 'WAITING'`,
    );
    expect(places).toEqual([{ n: 11, d: 11 }]);
  });

  it('a surge that keeps losing its join to contention is answered SERVICE_UNAVAILABLE with Retry-After and a reason; nothing is written', async () => {
    const before = await count('SELECT count(*)::int AS n FROM referral');
    const retries: TransactionRetry[] = [];
    const stop = onTransactionRetry((r) => retries.push(r));
    const holder = await h.db.createQueryRunner();
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [WAITLIST_JOIN_LOCK_KEY]);
    let answer: Response | undefined;
    try {
      const sent = fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${net.officer}` },
        body: JSON.stringify({ query: BULK, variables: { i: surge(4, randomBytes(2).toString('hex')) } }),
      });
      // inTransaction runs the work 3 times: cancel each attempt's wait for the lock, once the previous
      // cancel has been seen as a retry (so no cancel can land between two attempts).
      for (let attempt = 1; attempt <= 3; attempt++) {
        let pid: number | null = null;
        await waitFor(async () => {
          if (retries.length !== attempt - 1) return false;
          const rows = (await admin.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1`, [WAITLIST_JOIN_LOCK_KEY]))
            .rows as { pid: number }[];
          pid = rows[0]?.pid ?? null;
          return pid !== null;
        }, 60_000);
        await admin.query('SELECT pg_cancel_backend($1)', [pid]);
      }
      answer = await sent;
    } finally {
      stop();
      await holder.query('SELECT pg_advisory_unlock($1)', [WAITLIST_JOIN_LOCK_KEY]);
      await holder.release();
    }
    expect(retries).toEqual([
      { reason: 'STATEMENT_TIMEOUT', attempt: 1 },
      { reason: 'STATEMENT_TIMEOUT', attempt: 2 },
    ]);
    expect(answer!.status).toBe(503);
    expect(answer!.headers.get('retry-after')).toBe('2');
    const body = (await answer!.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', retryAfter: 2, reason: 'STATEMENT_TIMEOUT' }]);
    expect(body.errors[0].message).toBe('The database is busy (the request took too long); retry in 2 s');
    expect(await count('SELECT count(*)::int AS n FROM referral')).toBe(before);

    // The lock is free again: the same kind of call now succeeds.
    const again = await h.gql(net.officer, BULK, { i: surge(4, randomBytes(2).toString('hex')) });
    expect(again.errors).toBeUndefined();
    expect(await count('SELECT count(*)::int AS n FROM referral')).toBe(before + 4);
  }, 240_000);
});
