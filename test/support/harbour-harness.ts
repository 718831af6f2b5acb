/**
 * End-to-end harness: boots the real API (HTTP on a random port) and the real
 * worker against a fresh PostgreSQL database built by the real migrations and
 * a queue prefix of its own, on the PostgreSQL and Redis the jest global setup
 * found or started. Tests talk to the API over real HTTP.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { ALL_QUEUES, HarbourConfig, loadConfig, redisOptionsFromUrl } from '@harbour/platform';
import { dataSourceOptions, runMigrations } from '@harbour/core';
import type { DestinationStream } from 'pino';
import { createApiApp } from '../../apps/api/src/http';
import { createWorkerApp } from '../../apps/worker/src/http';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export interface TokenClaims {
  sub?: string;
  role: Role | string;
  shelterIds?: string[];
  agencyId?: string | null;
  /** Token version (`ver` claim); omitted when undefined (the API reads 0). */
  ver?: number;
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

/** The server's `postgres` database, from which test databases are created and dropped. */
function serverUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

/**
 * The owner role of test databases, like in production: an ordinary role
 * that owns its database and tables and runs the migrations, never a
 * superuser (a superuser bypasses row-level security even where it is FORCEd,
 * so nothing would be tested). Created once per server; the password only
 * matters where pg_hba.conf asks for one.
 */
export const TEST_APP_ROLE = 'harbour_test_app';

/**
 * The runtime role the test API and workers connect as: owns nothing, has
 * only the grants `runMigrations` gives it (docs/security.md, "Two database
 * roles"). NOINHERIT and a member of nothing.
 */
export const TEST_RUNTIME_ROLE = 'harbour_test_runtime';

async function ensureRole(admin: Client, sql: string): Promise<void> {
  try {
    await admin.query(sql);
  } catch (e: unknown) {
    // Already there (42710), or another test file created it at the same moment (23505).
    if (!['42710', '23505'].includes((e as { code?: string }).code ?? '')) throw e;
  }
}

async function ensureAppRoles(admin: Client): Promise<void> {
  await ensureRole(admin, `CREATE ROLE ${TEST_APP_ROLE} LOGIN PASSWORD '${TEST_APP_ROLE}' NOSUPERUSER NOBYPASSRLS NOCREATEROLE`);
  await ensureRole(admin, `CREATE ROLE ${TEST_RUNTIME_ROLE} LOGIN PASSWORD '${TEST_RUNTIME_ROLE}' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT`);
}

/**
 * Creates an empty database for one test file, owned by {@link TEST_APP_ROLE},
 * and returns its URL as that role (the owner's: migrations, and what the
 * tests themselves check or break on purpose). {@link runtimeUrlOf} gives the
 * runtime role's URL of the same database.
 */
export async function createTestDatabase(label: string): Promise<string> {
  const name = `harbour_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await ensureAppRoles(admin);
    await admin.query(`CREATE DATABASE "${name}" OWNER ${TEST_APP_ROLE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  url.username = TEST_APP_ROLE;
  url.password = TEST_APP_ROLE;
  return url.toString();
}

/** The same database's URL as the runtime role {@link TEST_RUNTIME_ROLE}. */
export function runtimeUrlOf(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = TEST_RUNTIME_ROLE;
  url.password = TEST_RUNTIME_ROLE;
  return url.toString();
}

/** Drops a database made by createTestDatabase. */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: serverUrl() });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

/**
 * Configuration for one test file: its own database (DATABASE_URL as the
 * runtime role, MIGRATION_DATABASE_URL as the owner) and queue prefix,
 * adjustable clock, fast relay.
 */
export async function testConfig(label: string, overrides: Record<string, string> = {}): Promise<HarbourConfig> {
  const ownerUrl = await createTestDatabase(label);
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: runtimeUrlOf(ownerUrl),
    MIGRATION_DATABASE_URL: ownerUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `harbour-test-${randomBytes(4).toString('hex')}`,
    CLOCK_MODE: 'adjustable',
    OUTBOX_POLL_MS: '20',
    DATABASE_POOL_SIZE: '20',
    LOG_LEVEL: 'warn',
    // Waitlist offers at once unless a test is about the coalescing window (settle() ignores delayed jobs).
    ASSIGNMENT_WINDOW_SECONDS: '0',
    ...overrides,
  });
}

/** Mints a bearer token signed with `config`'s JWT secret, issuer and audience. */
export async function mintToken(config: HarbourConfig, claims: TokenClaims, ttl = '1h'): Promise<string> {
  return new SignJWT({
    role: claims.role,
    shelterIds: claims.shelterIds ?? [],
    agencyId: claims.agencyId ?? null,
    ...(claims.ver === undefined ? {} : { ver: claims.ver }),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? `user-${randomBytes(3).toString('hex')}`)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(config.JWT_SECRET));
}

/** POSTs one GraphQL operation to `url`. */
export async function postGql<T = Record<string, any>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: GqlResult<T>;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON answer (HTTP ${res.status}): ${text.slice(0, 300)}`);
  }
  return { ...body, status: res.status };
}

/**
 * Waits until every committed outbox event in `db` is relayed and no queue
 * under `config`'s prefix has waiting or active jobs (delayed jobs due later
 * are left alone).
 */
export async function settleWork(db: DataSource, config: HarbourConfig, timeoutMs = 20_000): Promise<void> {
  const queues = ALL_QUEUES.map((name) => new Queue(name, { connection: redisOptionsFromUrl(config.REDIS_URL) as never, prefix: config.QUEUE_PREFIX }));
  try {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error('Harbour did not settle in time');
      const [{ n }] = await db.query('SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL');
      let busy = n;
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        busy += c.waiting + c.active + c.prioritized + c['waiting-children'];
      }
      quiet = busy === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 40));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

/** How a test Harbour logs (default: errors only, to stdout). */
export interface HarnessLogs {
  /** Nest levels kept, e.g. ['log', 'warn', 'error'] for the request log. */
  levels: ('fatal' | 'error' | 'warn' | 'log' | 'debug')[];
  /** Where the API's and workers' JSON lines go. */
  destination: DestinationStream;
}

/** A running Harbour (API + worker) for one test file. */
export class Harbour {
  api!: INestApplication;
  /** Running worker processes (in-process Nest contexts); more than one to test replicas. */
  workers: INestApplicationContext[] = [];
  /** Base URLs (http://127.0.0.1:port) of the workers' health and metrics servers, with `workerHttp`. */
  workerUrls: string[] = [];
  url!: string;
  /** The owner role's connection, acting as SERVICE (migrations, fixtures, assertions on rows). */
  db!: DataSource;

  private constructor(
    readonly config: HarbourConfig,
    private readonly opts: { logs?: HarnessLogs; workerHttp?: boolean } = {},
  ) {}

  /**
   * Boots API and (unless `worker: false`) the worker on a fresh database.
   * `logs` sends both processes' JSON lines to a destination at the given
   * levels; `workerHttp` starts workers as main.ts does, with /health and
   * /metrics on a free port (see workerUrls).
   */
  static async start(label: string, opts: { worker?: boolean; env?: Record<string, string>; logs?: HarnessLogs; workerHttp?: boolean } = {}): Promise<Harbour> {
    const config = await testConfig(label, opts.env);
    const h = new Harbour(config, opts);
    // The tests' own connection (migrations, assertions on rows, what only the owner may do) is the
    // owner role's, acting as SERVICE like the CLI; the API and workers connect as the runtime role.
    h.db = new DataSource(dataSourceOptions(config, 'SERVICE', config.MIGRATION_DATABASE_URL));
    await h.db.initialize();
    await runMigrations(h.db, config);
    h.api = await createApiApp(config, opts.logs?.levels ?? ['error'], opts.logs?.destination);
    await h.api.listen(0, '127.0.0.1');
    h.url = `${(await h.api.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
    if (opts.worker !== false) await h.startWorker();
    return h;
  }

  /** The API's base URL (http://127.0.0.1:port), for paths other than /graphql. */
  get baseUrl(): string {
    return this.url.replace(/\/graphql$/, '');
  }

  /** Starts one more worker against the same database and Redis. */
  async startWorker(): Promise<INestApplicationContext> {
    if (this.opts.workerHttp) {
      const app = await createWorkerApp(this.config, { levels: this.opts.logs?.levels ?? ['error'], destination: this.opts.logs?.destination });
      await app.listen(0, '127.0.0.1');
      this.workers.push(app);
      this.workerUrls.push(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
      return app;
    }
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(this.config, { levels: ['error'] }), { logger: ['error'] });
    await worker.init();
    this.workers.push(worker);
    return worker;
  }

  /** Stops every worker (graceful: active jobs finish). */
  async stopWorker(): Promise<void> {
    for (const w of this.workers.splice(0)) await w.close();
    this.workerUrls = [];
  }

  /** A BullMQ queue handle on this Harbour's prefix (close it after use). */
  queue(name: string): Queue {
    return new Queue(name, { connection: redisOptionsFromUrl(this.config.REDIS_URL) as never, prefix: this.config.QUEUE_PREFIX });
  }

  /** Mints a bearer token signed with the test configuration's secret. */
  async token(claims: TokenClaims, ttl = '1h'): Promise<string> {
    return mintToken(this.config, claims, ttl);
  }

  /** Sends one GraphQL operation over HTTP. */
  async gql<T = Record<string, any>>(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    return postGql<T>(this.url, token, query, variables);
  }

  /** Like gql, but fails the test on any error and returns data. */
  async ok<T = Record<string, any>>(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await this.gql<T>(token, query, variables);
    if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  /**
   * Waits until every committed outbox event is relayed and no queue has
   * waiting or active jobs (delayed jobs due later are left alone).
   */
  async settle(timeoutMs = 20_000): Promise<void> {
    await settleWork(this.db, this.config, timeoutMs);
  }

  /** Moves Harbour's clock forward through the API and waits for the work that fell due. */
  async advance(hours: number, coordinatorToken: string): Promise<void> {
    await this.ok(coordinatorToken, 'mutation($h: Float!) { advanceClock(hours: $h) }', { h: hours });
    // Without a worker nothing would ever drain: there is no work to wait for.
    if (this.workers.length) await this.settle();
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.api?.close();
    const queues = ALL_QUEUES.map(
      (name) => new Queue(name, { connection: redisOptionsFromUrl(this.config.REDIS_URL) as never, prefix: this.config.QUEUE_PREFIX }),
    );
    for (const q of queues) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await this.db?.destroy();
    await dropTestDatabase(this.config.DATABASE_URL);
  }
}
