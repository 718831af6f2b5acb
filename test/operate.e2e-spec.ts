/**
 * Operating Harbour: /health/live and /health/ready (PostgreSQL, Redis,
 * migrations, worker heartbeat) on the API and the worker, Prometheus
 * /metrics with the named series after real requests and jobs, and JSON log
 * lines with request ids carried into the jobs a request causes, with no
 * personal data and no stack floods while Redis is down.
 */
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork, waitFor } from './support/fixtures';
import { PrivateRedis } from './support/processes';

/** Collects JSON log lines written by pino. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  private partial = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((l) => l.length > 0));
    done();
  }
  /** Every line parsed; throws naming a line that is not JSON. */
  records(): Record<string, any>[] {
    return this.lines.map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`log line is not JSON: ${l.slice(0, 200)}`);
      }
    });
  }
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

async function metrics(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one series (`name{labels}` exactly as exposed), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * One capture for the whole file: nestjs-pino keeps one pino instance per
 * process (the first one configured), so every Harbour in this file logs to it.
 */
const logs = new LogCapture();

describe('operate: health, metrics and logs', () => {
  let h: Harbour;

  beforeAll(async () => {
    h = await Harbour.start('operate', {
      workerHttp: true,
      logs: { levels: ['log', 'warn', 'error'], destination: logs },
      env: { LOG_LEVEL: 'info', WORKER_HEARTBEAT_MS: '200' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers live and ready on the API and the worker, naming each check', async () => {
    expect(await getJson(`${h.baseUrl}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(`${h.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.info).sort()).toEqual(['migrations', 'postgres', 'redis', 'worker']);
    expect(ready.body.info.worker.alive).toBe(1);
    const [worker] = h.workerUrls;
    expect((await getJson(`${worker}/health/live`)).status).toBe(200);
    const workerReady = await getJson(`${worker}/health/ready`);
    expect(workerReady.status).toBe(200);
    expect(Object.keys(workerReady.body.info).sort()).toEqual(['migrations', 'postgres', 'redis', 'worker']);
  });

  it('reports the worker down when no worker beats, and up again when one starts', async () => {
    await h.stopWorker();
    const down = await getJson(`${h.baseUrl}/health/ready`);
    expect(down.status).toBe(503);
    expect(down.body.error.worker.status).toBe('down');
    expect(down.body.info.postgres.status).toBe('up');
    await h.startWorker();
    await waitFor(async () => (await getJson(`${h.baseUrl}/health/ready`)).status === 200);
  });

  it('exposes the named series with the values the requests and jobs produced', async () => {
    const n = await smallNetwork(h, { beds: 3 });
    await h.ok(n.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
      i: { category: 'ALL', regionCode: n.regionCode, threshold: 10 },
    });
    for (let i = 0; i < 3; i++) await h.ok(n.coordinator, 'query OperateRegions { regions { code } }');
    const unauth = await h.gql('not-a-token', 'query OperateMe { me { role } }');
    expect(unauth.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await h.settle();

    const api = await metrics(h.baseUrl);
    expect(sample(api, 'harbour_graphql_request_duration_seconds_count{operation="OperateRegions",type="query"}')).toBe(3);
    expect(sample(api, 'harbour_graphql_request_duration_seconds_sum{operation="OperateRegions",type="query"}')).toBeGreaterThan(0);
    expect(sample(api, 'harbour_graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(api, `harbour_free_beds{region="${n.regionCode}",category="ALL"}`)).toBe(3);
    expect(sample(api, `harbour_free_beds{region="${n.regionCode}",category="WOMEN_ONLY"}`)).toBe(3);
    expect(sample(api, `harbour_free_beds{region="${n.regionCode}",category="MEN_ONLY"}`)).toBe(0);
    expect(sample(api, 'harbour_alerts_open{status="OPEN"}')).toBe(1);
    expect(sample(api, 'harbour_outbox_lag_seconds')).toBe(0);
    expect(sample(api, 'harbour_outbox_backlog')).toBe(0);
    expect(sample(api, 'harbour_queue_jobs{queue="capacity",state="waiting"}')).toBe(0);
    expect(sample(api, 'harbour_queue_oldest_job_age_seconds{queue="capacity"}')).toBe(0);
    for (const status of ['OPEN', 'CLAIMED', 'ACKNOWLEDGED']) expect(sample(api, `harbour_escalations_open{status="${status}"}`)).toBe(0);
    expect(sample(api, 'harbour_needs_attention{kind="dead_letter"}')).toBe(0);
    expect(sample(api, 'harbour_needs_attention{kind="webhook_paused"}')).toBe(0);

    // A hold takes a bed: the free beds drop by one, and the worker runs the capacity job the change caused.
    const referral = await createReferral(h, n.officer, { initials: 'QZ', notes: 'Sister lives at 9 Hidden Lane', agencyReference: 'OPS-SECRET-77' });
    const held = await h.ok<{ requestPlacement: { __typename: string } }>(n.officer, REQUEST_PLACEMENT, { id: referral });
    expect(held.requestPlacement.__typename).toBe('HoldOffered');
    await h.settle();
    expect(sample(await metrics(h.baseUrl), `harbour_free_beds{region="${n.regionCode}",category="ALL"}`)).toBe(2);
    const worker = await metrics(h.workerUrls[0]);
    expect(sample(worker, 'harbour_job_duration_seconds_count{queue="capacity",outcome="completed"}')).toBeGreaterThanOrEqual(1);
    expect(sample(worker, 'harbour_job_duration_seconds_count{queue="capacity",outcome="failed"}') ?? 0).toBe(0);
    expect(worker).toMatch(/^harbour_reminder_lateness_seconds_count 0$/m);
    expect(worker).toMatch(/^harbour_process_cpu_seconds_total /m);
  });

  it('writes JSON lines: one per request with operation, status and duration, and the request id in the jobs it caused', async () => {
    const n = await smallNetwork(h, { beds: 1 });
    const requestId = 'operate-req-0001';
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${n.staff}`, 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'mutation OperateAddBeds($i: AddBedsInput!) { addBeds(input: $i) { id } }',
        variables: { i: { shelterId: n.shelterId, roomLabel: 'Extra', count: 2 } },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    await h.settle();
    await waitFor(() => logs.records().some((r) => r.msg === 'job completed' && r.reqId === requestId && r.queue === 'capacity'));

    const records = logs.records();
    const line = records.find((r) => r.msg === 'request completed' && r.reqId === requestId);
    expect(line).toMatchObject({
      service: 'api',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'OperateAddBeds',
      operationType: 'mutation',
      codes: [],
    });
    expect(typeof line!.durationMs).toBe('number');
    const job = records.find((r) => r.msg === 'job completed' && r.reqId === requestId)!;
    // (`service` is not checked here: in one test process the API and worker share Nest's global logger.)
    expect(job).toMatchObject({ queue: 'capacity', job: 'evaluate' });
    expect(job.durationMs).toBeGreaterThanOrEqual(0);
    // A request without a usable id gets a fresh one (a header with a newline or spaces is not trusted).
    const other = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id' },
      body: '{"query":"{ __typename }"}',
    });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The health and metrics scrapes are not logged.
    expect(records.some((r) => typeof r.path === 'string' && /^\/(health|metrics)/.test(r.path))).toBe(false);
  });

  it('logs no personal data: no initials, notes, references, addresses, emails or tokens', async () => {
    const text = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const secret of ['"QZ"', 'Hidden Lane', 'OPS-SECRET-77', '1 Secret Street', 'AB1 2CD', 'Bearer ', 'eyJ']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});

describe('operate: a Redis outage', () => {
  let redis: PrivateRedis;
  let h: Harbour;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    h = await Harbour.start('operate_redis', {
      workerHttp: true,
      logs: { levels: ['log', 'warn', 'error'], destination: logs },
      env: { LOG_LEVEL: 'info', REDIS_URL: redis.url, WORKER_HEARTBEAT_MS: '200' },
    });
  });
  afterAll(async () => {
    if (redis && !redis.proc?.running) await redis.restart();
    await h?.close();
    await redis?.kill();
  });

  it('turns ready 503 naming Redis, summarises the connection errors, and recovers', async () => {
    expect((await getJson(`${h.baseUrl}/health/ready`)).status).toBe(200);
    // How many connections Harbour holds to this Redis (API, worker, BullMQ's blocking clients), so the
    // test can wait for every one to come back before teardown: closing a BullMQ worker whose blocking
    // client is still reconnecting never resolves (taskforcesh/bullmq#4656), which hung afterAll in CI.
    const connected = await redisClients(redis.url);
    const before = logs.lines.length;
    await redis.kill();

    await waitFor(async () => (await getJson(`${h.baseUrl}/health/ready`)).status === 503);
    const down = await getJson(`${h.baseUrl}/health/ready`);
    expect(down.body.error.redis.status).toBe('down');
    expect(down.body.info.postgres.status).toBe('up');
    expect((await getJson(`${h.workerUrls[0]}/health/ready`)).status).toBe(503);
    // Liveness does not depend on Redis: restarting the process would not help.
    expect((await getJson(`${h.baseUrl}/health/live`)).status).toBe(200);
    // Metrics still answer (the queue gauges keep their last values).
    await metrics(h.baseUrl);

    // Let the clients retry for a while: many reconnect attempts, few lines.
    const outageStart = Date.now();
    await waitFor(() => Date.now() - outageStart > 3000, 10_000);
    const during = logs.lines.slice(before);
    const records = during.map((l) => JSON.parse(l));
    const redisLines = records.filter((r) => /redis connection/.test(r.msg ?? ''));
    expect(redisLines.length).toBeGreaterThanOrEqual(1);
    // One line per process for the first failure (API and worker), no repeats within the minute.
    expect(redisLines.length).toBeLessThanOrEqual(4);
    expect(during.join('\n')).not.toMatch(/\n\s+at /);
    expect(during.join('\n')).not.toContain('TCPConnectWrap');

    await redis.restart();
    await waitFor(async () => (await getJson(`${h.baseUrl}/health/ready`)).status === 200, 30_000);
    await waitFor(() => logs.records().some((r) => /redis connection restored/.test(r.msg ?? '')));
    await waitFor(async () => (await redisClients(redis.url)) >= connected, 30_000);
  });
});

/** The number of client connections a Redis server has, not counting the one that asks. */
async function redisClients(url: string): Promise<number> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    const list = (await probe.client('LIST')) as string;
    return list.trim().split('\n').length - 1;
  } finally {
    probe.disconnect();
  }
}
