'use strict';
// `npm run bench [-- --seconds N --requests N --placements N]`: issue 13's
// benchmark suite (docs/performance.md). On the PostgreSQL and Redis that
// `npm start` uses (scripts/services.js), in a database of its own
// (`harbour_bench`, or BENCH_DATABASE; never the development database): migrates
// it, imports the full HIC network when it holds fewer beds than the file
// (HIC_FILE, default ../shared/data/hic-2023-counts-by-coc.csv), starts the API
// and the worker on a free localhost port (or uses BENCH_URL, an API already
// running on this machine), runs `harbour bench suite`, which writes the table
// into docs/performance.md, and stops what it started.

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { Client } = require('pg');
const { ensureServices, harbourDatabaseUrls } = require('./services');
const { ensureBuilt, reportFatal, REPO_ROOT } = require('./build');

/** Beds of the HIC 2023 file's Total row (docs/hic-import.md). */
const HIC_BEDS = 449567;

const say = (s) => console.error(`[bench] ${s}`);
const started = [];
let services = null;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function bedCount(url) {
  const c = new Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query('SELECT count(*)::int AS n FROM bed')).rows[0].n;
  } finally {
    await c.end();
  }
}

function runCli(cli, args, env) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: REPO_ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`harbour ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

async function waitForHealth(base, child, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited (code ${child.exitCode}) before answering; see its log`);
    try {
      const res = await fetch(`${base}/health/live`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not answer ${base}/health/live within ${seconds} s`);
}

function startApp(name, main, env) {
  const log = path.join(os.tmpdir(), `harbour-bench-${name}.log`);
  const out = fs.openSync(log, 'w');
  const child = spawn(process.execPath, [main], { cwd: REPO_ROOT, env, stdio: ['ignore', out, out] });
  started.push(child);
  say(`${name} started (pid ${child.pid}), log ${log}`);
  return child;
}

async function stopAll() {
  for (const child of started.splice(0).reverse()) {
    if (child.exitCode !== null) continue;
    child.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        r();
      }, 10_000);
      child.on('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
  if (services) await services.stop();
  services = null;
}

async function main() {
  const passThrough = process.argv.slice(2);
  services = await ensureServices();
  const database = process.env.BENCH_DATABASE || 'harbour_bench';
  // DATABASE_URL is ignored on purpose: it names the development database.
  // As in `npm start`: the API, worker and CLI as the runtime role, migrations as the owner role.
  const { databaseUrl, migrationDatabaseUrl } = await harbourDatabaseUrls(services.databaseUrl, { env: {}, database });
  const { api, worker, cli } = await ensureBuilt(['api', 'worker', 'cli']);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ...(migrationDatabaseUrl ? { MIGRATION_DATABASE_URL: migrationDatabaseUrl } : {}),
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: 'harbour-bench',
    CLOCK_MODE: 'system',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    // The limiter still runs (its Redis call is part of each request) but never refuses the bench's load.
    RATE_LIMIT_PER_USER_PER_MINUTE: '100000000',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
  };
  say(`database ${database}: migrating`);
  runCli(cli, ['migrate'], env);
  let importSeconds = null;
  const beds = await bedCount(databaseUrl);
  if (beds < HIC_BEDS) {
    const file = process.env.HIC_FILE || path.resolve(REPO_ROOT, '..', 'shared', 'data', 'hic-2023-counts-by-coc.csv');
    if (!fs.existsSync(file)) throw new Error(`${database} holds ${beds} beds and the HIC file ${file} is missing: set HIC_FILE`);
    say(`${database} holds ${beds} beds: importing ${file}`);
    const t0 = Date.now();
    runCli(cli, ['import', 'hic', file], env);
    importSeconds = (Date.now() - t0) / 1000;
  } else {
    say(`${database} holds ${beds} beds: reusing it`);
  }

  let url = process.env.BENCH_URL || null;
  const pids = [];
  if (!url) {
    const port = await freePort();
    const appEnv = { ...env, PORT: String(port), HOST: '127.0.0.1' };
    const apiChild = startApp('api', api, appEnv);
    const workerChild = startApp('worker', worker, { ...appEnv, WORKER_HTTP_PORT: '0' });
    await waitForHealth(`http://127.0.0.1:${port}`, apiChild);
    url = `http://127.0.0.1:${port}/graphql`;
    pids.push('--api-pid', String(apiChild.pid), '--worker-pid', String(workerChild.pid));
  }
  runCli(
    cli,
    [
      'bench',
      'suite',
      '--url',
      url,
      '--out',
      path.join(REPO_ROOT, 'docs', 'performance.md'),
      ...pids,
      ...(importSeconds === null ? [] : ['--import-seconds', String(importSeconds)]),
      ...passThrough,
    ],
    env,
  );
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll().finally(() => process.exit(130));
  });
}

main()
  .then(() => stopAll())
  .catch(async (error) => {
    reportFatal('bench', error);
    await stopAll();
    process.exit(1);
  });
