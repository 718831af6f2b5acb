/**
 * Real Harbour processes for the chaos suite: the BUILT API and worker
 * (`node dist/apps/<app>/src/main.js`, built by scripts/build.js when stale),
 * each a child process we can SIGKILL or SIGTERM, all sharing one fresh
 * database and one queue prefix; and a private, non-persistent redis-server we
 * can kill and restart (never the shared Redis).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ALL_QUEUES, HarbourConfig, loadConfig, redisOptionsFromUrl } from '@harbour/platform';
import { dataSourceOptions, runMigrations } from '@harbour/core';
import { createTestDatabase, dropTestDatabase, runtimeUrlOf, GqlResult, mintToken, postGql, settleWork, TokenClaims } from './harbour-harness';

const REPO = path.resolve(__dirname, '../..');

const build = require(path.join(REPO, 'scripts/build.js')) as {
  ensureBuilt(apps: string[], opts?: { log?: (m: string) => void }): Promise<void>;
  mainJs(app: string): string;
};

/** Builds the API and worker if their sources changed since the last build (about 30 s when it has to). */
export async function ensureBuilt(): Promise<void> {
  await build.ensureBuilt(['api', 'worker'], { log: () => undefined });
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One child process with its output kept (for readiness lines and for the failure message). */
export class Proc {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitedAt = 0;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitedAt = Date.now();
        resolve({ code, signal });
      }),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the output matches `re` (or the process exits, or `timeoutMs` passes: both throw). */
  async waitFor(re: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!re.test(this.output)) {
      if (!this.running) throw new Error(`${this.name} exited before printing ${re}:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print ${re} in ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends `signal` and waits for the exit; returns how long the exit took, in ms. */
  async stop(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 30_000): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null }> {
    const sent = Date.now();
    if (!this.running) return { ms: 0, ...(await this.exited) };
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}`)), timeoutMs);
    });
    try {
      const result = await Promise.race([this.exited, timeout]);
      return { ms: this.exitedAt - sent, ...result };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A private redis-server without persistence, on its own port, killed and restarted at will. */
export class PrivateRedis {
  proc: Proc | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.restart();
    return r;
  }

  /** Starts (again) on the same port, empty: nothing was saved. */
  async restart(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = new Proc(`redis:${this.port}`, child);
    await this.proc.waitFor(/Ready to accept connections/, 10_000);
  }

  async kill(): Promise<void> {
    await this.proc?.stop('SIGKILL');
  }
}

/**
 * Harbour as separate processes: any number of API and worker processes on one
 * fresh database (built by the real migrations) and one queue prefix.
 */
export class ChaosHarbour {
  readonly procs: Proc[] = [];
  readonly apiUrls: string[] = [];
  db!: DataSource;
  private nextApi = 0;

  private constructor(
    readonly config: HarbourConfig,
    readonly env: Record<string, string>,
  ) {}

  /** A fresh database and queue prefix; `env` adds or overrides variables for every process. */
  static async create(label: string, env: Record<string, string> = {}): Promise<ChaosHarbour> {
    const ownerUrl = await createTestDatabase(`chaos_${label}`);
    const full: Record<string, string> = {
      NODE_ENV: 'test',
      // The API and workers as the runtime role; migrations and the test's own connection as the owner.
      DATABASE_URL: runtimeUrlOf(ownerUrl),
      MIGRATION_DATABASE_URL: ownerUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `harbour-chaos-${randomBytes(4).toString('hex')}`,
      CLOCK_MODE: 'adjustable',
      OUTBOX_POLL_MS: '50',
      DATABASE_POOL_SIZE: '10',
      LOG_LEVEL: 'info',
      // Several workers run on this host at once: each takes any free port for its /health and /metrics.
      WORKER_HTTP_PORT: '0',
      ...env,
    };
    const h = new ChaosHarbour(loadConfig(full), full);
    h.db = new DataSource(dataSourceOptions(h.config, 'SERVICE', h.config.MIGRATION_DATABASE_URL));
    await h.db.initialize();
    await runMigrations(h.db, h.config);
    return h;
  }

  private spawnApp(app: 'api' | 'worker', name: string, env: Record<string, string>): Proc {
    const child = spawn(process.execPath, [build.mainJs(app)], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new Proc(name, child);
    this.procs.push(proc);
    return proc;
  }

  /** Starts one more API process on a free port and waits until it listens. */
  async startApi(): Promise<Proc> {
    const port = await freePort();
    const proc = this.spawnApp('api', `api:${port}`, { PORT: String(port) });
    await proc.waitFor(/GraphQL API at/);
    this.apiUrls.push(`http://127.0.0.1:${port}/graphql`);
    return proc;
  }

  /** Starts one more worker process and waits until it has reconciled and runs. */
  async startWorker(env: Record<string, string> = {}): Promise<Proc> {
    const proc = this.spawnApp('worker', `worker#${this.procs.length}`, env);
    await proc.waitFor(/Harbour worker running/);
    return proc;
  }

  /** Forgets an API process (after it was killed), so requests go to the others. */
  dropApi(proc: Proc): void {
    const port = proc.name.split(':')[1];
    const i = this.apiUrls.findIndex((u) => u.includes(`:${port}/`));
    if (i >= 0) this.apiUrls.splice(i, 1);
  }

  /** Mints a bearer token signed with the shared development secret. */
  async token(claims: TokenClaims): Promise<string> {
    return mintToken(this.config, claims);
  }

  /** One GraphQL operation; round-robin over the API processes unless `api` picks one. */
  async gql<T = Record<string, any>>(token: string | null, query: string, variables: Record<string, unknown> = {}, api?: number): Promise<GqlResult<T>> {
    return postGql<T>(this.apiUrls[api ?? this.nextApi++ % this.apiUrls.length], token, query, variables);
  }

  async ok<T = Record<string, any>>(token: string | null, query: string, variables: Record<string, unknown> = {}, api?: number): Promise<T> {
    const r = await this.gql<T>(token, query, variables, api);
    if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  /** A BullMQ queue handle on this Harbour's Redis and prefix (close it after use). */
  queue(name: string): Queue {
    return new Queue(name, { connection: redisOptionsFromUrl(this.config.REDIS_URL) as never, prefix: this.config.QUEUE_PREFIX });
  }

  /** Waits until every outbox event is relayed and no queue has waiting or active jobs. */
  async settle(timeoutMs = 30_000): Promise<void> {
    await settleWork(this.db, this.config, timeoutMs);
  }

  /** Kills every process, removes this prefix's keys and drops the database. */
  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop('SIGKILL').catch(() => undefined)));
    for (const name of ALL_QUEUES) {
      const q = this.queue(name);
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close().catch(() => undefined);
    }
    await this.db?.destroy();
    await dropTestDatabase(this.config.DATABASE_URL);
  }
}
