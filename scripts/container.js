'use strict';
// The container image's entry point and health check (see Dockerfile).
//
//   node scripts/container.js api|worker|cli [args...]   run that app (cli: a harbour command, e.g. `cli migrate`)
//   node scripts/container.js --healthcheck              exit 0 when this container's process is ready
//
// The entry point notes which app it runs in /tmp/harbour-role, so the
// HEALTHCHECK (a separate process with the same environment) knows whether to
// ask the API's PORT or the worker's WORKER_HTTP_PORT for /health/ready.

const fs = require('node:fs');
const http = require('node:http');
const { mainJs } = require('./build.js');

const ROLE_FILE = '/tmp/harbour-role';
const APPS = ['api', 'worker', 'cli'];

function healthcheck() {
  let role = 'cli';
  try {
    role = fs.readFileSync(ROLE_FILE, 'utf8').trim();
  } catch {
    // Not started yet: not ready.
    process.exit(1);
  }
  if (role === 'cli') process.exit(0); // one-off commands (migrate) have no server
  const port = role === 'api' ? process.env.PORT || '3000' : process.env.WORKER_HTTP_PORT || '3001';
  const req = http.get({ host: '127.0.0.1', port: Number(port), path: '/health/ready', timeout: 4000 }, (res) => {
    res.resume();
    process.exit(res.statusCode === 200 ? 0 : 1);
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => process.exit(1));
}

function run(app, args) {
  if (!APPS.includes(app)) {
    console.error(`usage: node scripts/container.js ${APPS.join('|')} [args...] (got "${app ?? ''}")`);
    process.exit(2);
  }
  try {
    fs.writeFileSync(ROLE_FILE, app);
  } catch {
    // A read-only /tmp only loses the Docker HEALTHCHECK (Kubernetes uses its own probes).
  }
  const main = mainJs(app);
  process.argv = [process.argv[0], main, ...args];
  require(main);
}

if (process.argv[2] === '--healthcheck') healthcheck();
else run(process.argv[2], process.argv.slice(3));
