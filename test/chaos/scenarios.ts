/**
 * Chaos scenarios (registered by test/chaos.e2e-spec.ts, a short subset in
 * `npm test`, and test/chaos/all.chaos-spec.ts, all of them, `npm run test:chaos`).
 *
 * Chaos suite: the BUILT API and worker as real processes (each scenario with
 * its own database and queue prefix), killed and restarted while they work,
 * then the database checked for exactly-once effects.
 *
 *  (a) a worker SIGKILLed in the middle of a delivery to a slow webhook
 *  (b) a worker SIGTERMed with a job still running: bounded exit, job handed back
 *  (c) two API and two worker processes, many concurrent requests for few beds
 *  (d) the API SIGKILLed between commit and relay
 *  (e) a private Redis restarted without persistence while the worker runs
 *  (f) every PostgreSQL backend terminated during a burst of requests (npm start's and production's configuration)
 *
 * Receivers dedupe by the idempotency key (delivery is at least once), so "effect
 * once" is counted as distinct keys at the receiver and rows in PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { JobIds, QueueName } from '@harbour/platform';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from '../support/fixtures';
import { ChaosHarbour, ensureBuilt, PrivateRedis } from '../support/processes';

const CONFIRM = 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }';

/** Values that make recovery quick: a dead worker's job is taken over after 2 s, retries start at 200 ms. */
const FAST = { JOB_LOCK_MS: '2000', JOB_BACKOFF_MS: '200' };

async function count(h: ChaosHarbour, sql: string, params: unknown[] = []): Promise<number> {
  return (await h.db.query(sql, params))[0].n;
}

/** Every committed outbox event was relayed. */
async function expectOutboxRelayed(h: ChaosHarbour): Promise<void> {
  expect(await count(h, 'SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL')).toBe(0);
}

/**
 * No bed is held twice: live claims name distinct beds (also a unique index),
 * and a bed is HELD or OCCUPIED exactly when it has a live claim.
 */
async function expectNoBedTwice(h: ChaosHarbour): Promise<void> {
  const [c] = await h.db.query(`SELECT count(*)::int AS claims, count(DISTINCT bed_id)::int AS beds FROM bed_claim WHERE released_at IS NULL`);
  expect(c.claims).toBe(c.beds);
  expect(
    await count(
      h,
      `SELECT count(*)::int AS n FROM bed b
        WHERE (b.status IN ('HELD','OCCUPIED')) <> EXISTS (SELECT 1 FROM bed_claim c WHERE c.bed_id = b.id AND c.released_at IS NULL)`,
    ),
  ).toBe(0);
}

/** Builds the API and worker if stale (once per file) and gives each scenario time for real processes. */
export function chaosSetup(): void {
  jest.setTimeout(120_000);
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);
}

/** Distinct idempotency keys: the effects a deduplicating receiver applies. */
function distinct(keys: string[]): number {
  return new Set(keys).size;
}

/** (a) A worker SIGKILLed in the middle of a delivery to a slow webhook: the job is retried by another worker, the effect happens once. */
export function sigkillMidJob(): void {
  describe('chaos (a): worker SIGKILLed in the middle of a job', () => {
    let h: ChaosHarbour;
    let sink: WebhookSink;
    afterAll(async () => {
      await h?.close();
      await sink?.stop();
    });

    it('retries the job on another worker; the effect happens once', async () => {
      sink = await new WebhookSink().start();
      h = await ChaosHarbour.create('sigkill', FAST);
      await h.startApi();
      const worker1 = await h.startWorker();
      const net = await smallNetwork(h, { beds: 2, webhookUrl: sink.url });
      sink.delayMs = 60_000; // the endpoint hangs: the worker is mid-delivery when killed
      const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
      const holdId = r.requestPlacement.hold.id;
      await waitFor(() => sink.of('HOLD_OFFERED').length >= 1);
      const killed = await worker1.stop('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      sink.delayMs = 0;
      await h.startWorker();
      await waitFor(
        async () => (await count(h, `SELECT count(*)::int AS n FROM notification WHERE payload->>'holdId' = $1 AND status = 'SENT'`, [holdId])) === 2,
        30_000,
      );
      await h.settle();
      const keys = sink.keys.filter((k) => k.startsWith(`hold-offered:${holdId}`));
      // At least one delivery was cut short by the kill and made again...
      expect(keys.length).toBeGreaterThan(2);
      // ...yet there are two effects (agency and shelter), each with its own key, and two rows.
      expect(distinct(keys)).toBe(2);
      expect(await count(h, `SELECT count(*)::int AS n FROM notification WHERE payload->>'holdId' = $1`, [holdId])).toBe(2);
      expect(await count(h, `SELECT count(*)::int AS n FROM hold`)).toBe(1);
      await expectOutboxRelayed(h);
    });
  });
}

/** (b) A worker SIGTERMed with jobs running: exits within WORKER_SHUTDOWN_GRACE_MS and hands the jobs back, delivered once. */
export function sigtermBounded(): void {
  describe('chaos (b): worker SIGTERMed with a job running', () => {
    let h: ChaosHarbour;
    let sink: WebhookSink;
    afterAll(async () => {
      await h?.close();
      await sink?.stop();
    });

    it('exits within WORKER_SHUTDOWN_GRACE_MS, hands the job back at once, and it is delivered once', async () => {
      sink = await new WebhookSink().start();
      // A 30 s lock: a handed-back job is taken at once, not after the lock expires.
      h = await ChaosHarbour.create('sigterm', { JOB_BACKOFF_MS: '200', JOB_LOCK_MS: '30000', WORKER_SHUTDOWN_GRACE_MS: '1500' });
      await h.startApi();
      const worker1 = await h.startWorker();
      const net = await smallNetwork(h, { beds: 2, webhookUrl: sink.url });

      // Idle: SIGTERM stops at once.
      const idle = await h.startWorker();
      const idleStop = await idle.stop('SIGTERM');
      expect(idleStop.code).toBe(0);
      expect(idleStop.ms).toBeLessThan(1500);

      sink.delayMs = 60_000;
      const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
      const holdId = r.requestPlacement.hold.id;
      await waitFor(() => sink.of('HOLD_OFFERED').length >= 2);
      const busy = await worker1.stop('SIGTERM');
      console.log(`chaos (b): idle worker stopped ${idleStop.ms} ms after SIGTERM; busy worker ${busy.ms} ms (grace 1500 ms)`);
      expect(busy.code).toBe(0);
      expect(busy.ms).toBeGreaterThanOrEqual(1400);
      expect(busy.ms).toBeLessThan(1500 + 2000);
      expect(worker1.output).toMatch(/2 unfinished job\(s\) handed back/);

      sink.delayMs = 0;
      const started = Date.now();
      await h.startWorker();
      await waitFor(
        async () => (await count(h, `SELECT count(*)::int AS n FROM notification WHERE payload->>'holdId' = $1 AND status = 'SENT'`, [holdId])) === 2,
        20_000,
      );
      // Well before the 30 s lock would have expired: they were handed back, not left to stall.
      expect(Date.now() - started).toBeLessThan(15_000);
      await h.settle();
      const keys = sink.keys.filter((k) => k.startsWith(`hold-offered:${holdId}`));
      expect(distinct(keys)).toBe(2);
      expect(keys.length).toBe(4);
      expect(await count(h, `SELECT count(*)::int AS n FROM notification WHERE payload->>'holdId' = $1`, [holdId])).toBe(2);
    });
  });
}

/** (c) Two API and two worker processes, 24 concurrent requests for 5 beds: no bed held twice, each reminder and alert sent once. */
export function twoApisTwoWorkers(): void {
  describe('chaos (c): two API and two worker processes', () => {
    let h: ChaosHarbour;
    let sink: WebhookSink;
    afterAll(async () => {
      await h?.close();
      await sink?.stop();
    });

    it('holds no bed twice and sends each reminder and each alert once', async () => {
      sink = await new WebhookSink().start();
      h = await ChaosHarbour.create('replicas', { ...FAST, COORDINATOR_WEBHOOK_URL: sink.url });
      await Promise.all([h.startApi(), h.startApi()]);
      await Promise.all([h.startWorker(), h.startWorker()]);
      const net: Network = await smallNetwork(h, { beds: 5, webhookUrl: sink.url });
      await h.ok(net.coordinator, `mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }`, {
        i: { regionCode: net.regionCode, category: 'WOMEN_ONLY', threshold: 2, resolveAt: 3 },
      });
      // Each with a positive RG before arrival: its recovery period (and three reminders) starts on arrival.
      const referrals = await Promise.all(
        Array.from({ length: 24 }, async () => {
          const id = await createReferral(h, net.officer);
          await recordPositiveRg(h, net.officer, id);
          return id;
        }),
      );
      // 24 requests for 5 beds at once, spread over both API processes.
      const results = await Promise.all(referrals.map((id, i) => h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id }, i % 2)));
      const offered = results.filter((r) => r.requestPlacement.__typename === 'HoldOffered');
      expect(offered).toHaveLength(5);
      expect(results.filter((r) => r.requestPlacement.__typename === 'Waitlisted')).toHaveLength(19);
      await expectNoBedTwice(h);
      expect(await count(h, `SELECT count(DISTINCT bed_id)::int AS n FROM bed_claim WHERE released_at IS NULL`)).toBe(5);

      await Promise.all(offered.map((r, i) => h.ok(net.staff, CONFIRM, { i: { holdId: r.requestPlacement.hold.id } }, i % 2)));
      await h.settle();
      // 46 days on: every reminder of the five first recovery periods (7, 2 and 0 days before the end) falls due.
      await h.ok(net.coordinator, 'mutation($h: Float!) { advanceClock(hours: $h) }', { h: 46 * 24 }, 0);
      await waitFor(async () => (await count(h, `SELECT count(*)::int AS n FROM reminder WHERE status = 'SENT'`)) === 15, 30_000);
      await waitFor(
        async () => (await count(h, `SELECT count(*)::int AS n FROM notification WHERE status <> 'SENT' AND status <> 'UNDELIVERABLE'`)) === 0,
        30_000,
      );
      await h.settle();

      expect(await count(h, `SELECT count(*)::int AS n FROM reminder`)).toBe(15);
      // One notification per reminder and audience (shelter staff, agency), each delivered once.
      expect(
        await count(
          h,
          `SELECT count(*)::int AS n FROM (SELECT payload->>'reminderId', audience_type FROM notification WHERE kind = 'RECOVERY_PERIOD_REMINDER' GROUP BY 1, 2 HAVING count(*) = 1) x`,
        ),
      ).toBe(30);
      const reminderKeys = sink.keys.filter((k) => k.startsWith('reminder:'));
      expect(reminderKeys).toHaveLength(30);
      expect(distinct(reminderKeys)).toBe(30);
      // The region fell below 2 free women-only beds once: one alert, one notice.
      expect(await count(h, `SELECT count(*)::int AS n FROM alert`)).toBe(1);
      const alertKeys = sink.keys.filter((k) => k.startsWith('alert-opened:'));
      expect(alertKeys).toHaveLength(1);
      await expectNoBedTwice(h);
      await expectOutboxRelayed(h);
    });
  });
}

/** (d) The API SIGKILLed between commit and relay: every committed event is relayed and handled once. */
export function apiKilledBeforeRelay(): void {
  describe('chaos (d): API SIGKILLed between commit and relay', () => {
    let h: ChaosHarbour;
    let sink: WebhookSink;
    afterAll(async () => {
      await h?.close();
      await sink?.stop();
    });

    it('relays every committed event once a worker runs, and handles each once', async () => {
      sink = await new WebhookSink().start();
      h = await ChaosHarbour.create('apikill', FAST);
      const api = await h.startApi();
      // No worker yet: nothing the API commits can be relayed before it dies.
      const net = await smallNetwork(h, { beds: 6, webhookUrl: sink.url });
      const referrals = await Promise.all(Array.from({ length: 12 }, () => createReferral(h, net.officer)));
      const inFlight = referrals.map((id) => h.gql(net.officer, REQUEST_PLACEMENT, { id }).catch(() => null));
      // Killed as soon as the first requests commit, with others still in flight.
      await waitFor(async () => (await count(h, `SELECT count(*)::int AS n FROM hold`)) >= 2, 20_000);
      await api.stop('SIGKILL');
      h.dropApi(api);
      await Promise.all(inFlight);
      const committed = await count(h, `SELECT count(*)::int AS n FROM hold`);
      expect(committed).toBeGreaterThanOrEqual(2);
      const unrelayed = await count(h, 'SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL');
      expect(unrelayed).toBeGreaterThan(0);

      await h.startWorker();
      await h.startApi();
      // Referrals waitlisted in the race (their candidate beds were locked by the others) get offers from the
      // waitlist once the worker relays the bed changes: so the holds to check are counted after it settles.
      await waitFor(async () => {
        const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM hold`);
        return n >= committed && (await count(h, `SELECT count(*)::int AS n FROM notification WHERE status = 'SENT'`)) === 2 * n;
      }, 30_000);
      await h.settle();
      const holds: { id: string }[] = await h.db.query(`SELECT id FROM hold WHERE status = 'ACTIVE'`);
      expect(await count(h, `SELECT count(*)::int AS n FROM hold`)).toBe(holds.length);
      await expectOutboxRelayed(h);
      await expectNoBedTwice(h);
      // Each committed hold: one offer per audience, each delivered once, and its expiry job in Redis.
      const keys = sink.keys.filter((k) => k.startsWith('hold-offered:'));
      expect(keys).toHaveLength(2 * holds.length);
      expect(distinct(keys)).toBe(2 * holds.length);
      const q = h.queue(QueueName.HOLD_EXPIRY);
      try {
        for (const { id } of holds) expect(await q.getJobState(JobIds.holdExpiry(id))).toBe('delayed');
      } finally {
        await q.close();
      }
    });
  });
}

/** (e) A private Redis restarted without persistence under a running worker: jobs rebuilt from PostgreSQL, each reminder once. */
export function redisRestart(): void {
  describe('chaos (e): Redis restarted without persistence', () => {
    let h: ChaosHarbour;
    let sink: WebhookSink;
    let redis: PrivateRedis;
    afterAll(async () => {
      await h?.close();
      await redis?.kill();
      await sink?.stop();
    });

    it('the running worker notices, rebuilds every job from PostgreSQL, and each reminder goes out once', async () => {
      sink = await new WebhookSink().start();
      redis = await PrivateRedis.start();
      h = await ChaosHarbour.create('redis', { ...FAST, REDIS_URL: redis.url });
      await h.startApi();
      const worker = await h.startWorker();
      const net = await smallNetwork(h, { beds: 3, webhookUrl: sink.url });
      for (let i = 0; i < 2; i++) {
        const referralId = await createReferral(h, net.officer);
        await recordPositiveRg(h, net.officer, referralId);
        const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
        await h.ok(net.staff, CONFIRM, { i: { holdId: r.requestPlacement.hold.id } });
      }
      // A third hold stays unconfirmed: its expiry job must survive too.
      const third = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
      await h.settle();
      const delayed = async (name: string) => {
        const q = h.queue(name);
        try {
          return (await q.getJobCounts('delayed')).delayed;
        } finally {
          await q.close();
        }
      };
      expect(await delayed(QueueName.REMINDERS)).toBe(6);

      await redis.kill();
      await redis.restart();
      expect(await delayed(QueueName.REMINDERS)).toBe(0);
      // The worker keeps running; within seconds it finds the sweeps gone and reconciles.
      await waitFor(async () => (await delayed(QueueName.REMINDERS)) === 6 && (await delayed(QueueName.HOLD_EXPIRY)) === 1, 30_000);
      expect(worker.running).toBe(true);
      expect(worker.output).toMatch(/Redis lost its jobs/);

      await h.ok(net.coordinator, 'mutation($h: Float!) { advanceClock(hours: $h) }', { h: 46 * 24 });
      await waitFor(async () => (await count(h, `SELECT count(*)::int AS n FROM reminder WHERE status = 'SENT'`)) === 6, 30_000);
      await h.settle();
      const reminderKeys = sink.keys.filter((k) => k.startsWith('reminder:'));
      expect(reminderKeys).toHaveLength(12);
      expect(distinct(reminderKeys)).toBe(12);
      expect(await count(h, `SELECT count(*)::int AS n FROM notification WHERE kind = 'RECOVERY_PERIOD_REMINDER'`)).toBe(12);
      // The unconfirmed hold expired once.
      expect((await h.db.query(`SELECT status FROM hold WHERE id = $1`, [third.requestPlacement.hold.id]))[0].status).toBe('EXPIRED');
      expect(sink.keys.filter((k) => k.startsWith('hold-expired:'))).toHaveLength(1);
      await expectOutboxRelayed(h);
    });
  });
}

/** Secrets of a production-configured chaos Harbour (production refuses the committed development ones). */
function productionEnv(): Record<string, string> {
  const secret = () => randomBytes(32).toString('base64');
  return {
    NODE_ENV: 'production',
    CLOCK_MODE: 'system',
    JWT_SECRET: secret(),
    AUDIT_CHAIN_KEY: secret(),
    WEBHOOK_SIGNING_SECRET: secret(),
    NOTES_ENCRYPTION_KEYS: `k1:${secret()}`,
    DATABASE_SCOPE_KEY: secret(),
  };
}

/** Terminates every backend connected to `h`'s database (as the server's admin); returns how many. */
async function terminateAllBackends(h: ChaosHarbour): Promise<number> {
  const name = new URL(h.config.DATABASE_URL).pathname.slice(1);
  const admin = new Client({ connectionString: adminUrl() });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t`,
      [name],
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

/** The server's `postgres` database as its admin (the jest global setup's DATABASE_URL). */
function adminUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

const CREATE_REFERRAL = 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id agencyReference } }';

/**
 * (f) Every PostgreSQL backend terminated (pg_terminate_backend: what a
 * restart, a failover or idle_session_timeout does) twice during a burst of
 * writes and reads, under npm start's configuration (CLOCK_MODE=adjustable,
 * whose clock keeps a pool of its own) and under production's. The API and
 * the worker stay up; every answer is data or a typed, retryable
 * SERVICE_UNAVAILABLE (HTTP 503, Retry-After), never a 500; every referral
 * answered as created exists exactly once and none exists twice; the next
 * requests succeed and the worker relays everything.
 */
export function backendsTerminated(): void {
  for (const [label, env] of [
    ['npm start', {}],
    ['production', productionEnv()],
  ] as const) {
    describe(`chaos (f): every database backend terminated during a burst (${label} configuration)`, () => {
      let h: ChaosHarbour;
      afterAll(async () => h?.close());

      it('keeps API and worker up, answers 503 SERVICE_UNAVAILABLE or data, loses and doubles nothing, and serves the next requests', async () => {
        h = await ChaosHarbour.create(`terminate_${label.replace(/\W/g, '')}`, { ...FAST, ...env });
        const api = await h.startApi();
        const worker = await h.startWorker();
        expect(h.config.CLOCK_MODE).toBe(label === 'production' ? 'system' : 'adjustable');
        const net = await smallNetwork(h, { beds: 1 });
        const refs = Array.from({ length: 60 }, (_, i) => `CHAOS-${i}-${randomBytes(3).toString('hex')}`);
        const answers: { ref: string | null; status: number; code?: string; message?: string; retryAfter?: string | null; created?: string }[] = [];
        const one = async (i: number) => {
          const write = i % 3 !== 2;
          const res = await fetch(h.apiUrls[0], {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${write ? net.officer : net.coordinator}` },
            body: JSON.stringify(
              write
                ? { query: CREATE_REFERRAL, variables: { i: referralInput(refs[i]) } }
                : { query: '{ referrals(first: 5) { totalCount } shelters(first: 5) { totalCount } }', variables: {} },
            ),
          });
          const body = (await res.json()) as { data?: any; errors?: { message?: string; extensions?: { code?: string } }[] };
          answers.push({
            ref: write ? refs[i] : null,
            status: res.status,
            code: body.errors?.[0]?.extensions?.code,
            message: body.errors?.[0]?.message,
            retryAfter: res.headers.get('retry-after'),
            created: body.data?.createReferral?.agencyReference,
          });
        };
        // Three waves of 20 concurrent requests; every backend is terminated while the second and third are in flight.
        let terminated = 0;
        for (let wave = 0; wave < 3; wave++) {
          const inFlight = Promise.all(Array.from({ length: 20 }, (_, k) => one(wave * 20 + k)));
          if (wave > 0) terminated += await terminateAllBackends(h);
          await inFlight;
        }
        // The API's pool, the clock's pool (npm start) and the worker's connections were all ended.
        expect(terminated).toBeGreaterThan(0);

        const bad = answers.filter((a) => !(a.status === 200 && !a.code) && !(a.status === 503 && a.code === 'SERVICE_UNAVAILABLE' && a.retryAfter));
        if (bad.length) console.log(`chaos (f, ${label}) API output:\n${api.output.slice(-20000)}`);
        expect(bad).toEqual([]);
        const failed = answers.filter((a) => a.status === 503);
        console.log(`chaos (f, ${label}): ${terminated} backends terminated; ${answers.length - failed.length} answered, ${failed.length} SERVICE_UNAVAILABLE`);

        // Both processes survived the lost connections...
        expect(api.running).toBe(true);
        expect(worker.running).toBe(true);
        // ...every referral answered as created exists exactly once, and none twice.
        const rows: { ref: string; n: number }[] = await h.db.query(
          `SELECT agency_reference AS ref, count(*)::int AS n FROM referral WHERE agency_reference LIKE 'CHAOS-%' GROUP BY 1`,
        );
        const stored = new Map(rows.map((r) => [r.ref, r.n]));
        for (const a of answers.filter((x) => x.created)) expect([a.created, stored.get(a.created!)]).toEqual([a.created, 1]);
        expect(rows.filter((r) => r.n !== 1)).toEqual([]);

        // The next requests succeed, and the worker relays every committed event.
        const again = await h.ok<{ createReferral: { id: string } }>(net.officer, CREATE_REFERRAL, {
          i: referralInput(`AFTER-${randomBytes(3).toString('hex')}`),
        });
        expect(again.createReferral.id).toBeTruthy();
        await h.ok(net.coordinator, '{ referrals(first: 1) { totalCount } }');
        await h.settle();
        expect(api.running && worker.running).toBe(true);
        await expectOutboxRelayed(h);
      });
    });
  }
}

function referralInput(agencyReference: string): Record<string, unknown> {
  return {
    agencyReference,
    initials: 'CH',
    ageBand: 'AGE_25_34',
    gender: 'FEMALE',
    languages: ['en'],
    exploitationTypes: ['SEXUAL'],
    urgency: 'ROUTINE',
    consentGiven: true,
  };
}
