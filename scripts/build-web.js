'use strict';
// Builds the web app (apps/web): GraphQL types from schema.gql (graphql-codegen),
// then `vite build` into apps/web/dist, then measures the initial JavaScript
// (the app's entry chunk and the chunks it imports statically, gzipped; not
// the GraphiQL page, graphiql.html, which only developers load) and fails
// when it is over the budget. Shared by `npm run build`, `npm start` and the
// browser tests.
//
//   node scripts/build-web.js          build if stale
//   node scripts/build-web.js --force  build anyway
//   node scripts/build-web.js --size   only measure the last build

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');
const WEB = path.join(REPO_ROOT, 'apps', 'web');
const DIST = path.join(WEB, 'dist');
const INDEX = path.join(DIST, 'index.html');
/** Most initial JavaScript the build may ship, gzipped (bytes). */
const INITIAL_JS_BUDGET = 200 * 1024;

class WebBuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WebBuildError';
    this.userFacing = true;
  }
}

/** Newest mtime of the web app's inputs (src, public, configs, schema.gql, package-lock.json). */
function newestInput() {
  let newest = 0;
  const consider = (file) => {
    try {
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
    } catch {
      /* not there */
    }
  };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else consider(full);
    }
  };
  walk(path.join(WEB, 'src'));
  if (fs.existsSync(path.join(WEB, 'public'))) walk(path.join(WEB, 'public'));
  for (const f of ['index.html', 'graphiql.html', 'vite.config.mts', 'codegen.yml', 'tsconfig.json']) consider(path.join(WEB, f));
  consider(path.join(REPO_ROOT, 'schema.gql'));
  consider(path.join(REPO_ROOT, 'package-lock.json'));
  return newest;
}

/** Why the web app needs building, or null when apps/web/dist is up to date. */
function webStaleReason() {
  let built;
  try {
    built = fs.statSync(INDEX).mtimeMs;
  } catch {
    return 'apps/web/dist/index.html does not exist';
  }
  return newestInput() > built ? 'its sources are newer than the build' : null;
}

function run(bin, args, onChild) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules', bin), ...args], {
      cwd: REPO_ROOT,
      // Always a production bundle, whatever NODE_ENV the caller runs under (jest sets test).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (onChild) onChild(child);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new WebBuildError(`${path.basename(bin)} ${args.join(' ')} failed (${signal || `exit code ${code}`}); see its output above`)),
    );
  });
}

/**
 * The initial JavaScript of the last build: the entry chunk of index.html and
 * every chunk it imports statically (transitively), each gzipped at level 9.
 * Returns { files: [{ file, bytes, gzip }], gzip, bytes } (bytes).
 */
function measureInitialJs() {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8'));
  // The app's entry (index.html), not GraphiQL's (graphiql.html, a developer page loaded on its own).
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && manifest[k].src === 'index.html');
  if (!entry) throw new WebBuildError('the web build has no entry chunk for index.html in dist/.vite/manifest.json');
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key].imports || []) visit(imported);
  };
  visit(entry);
  const files = [...seen]
    .map((key) => manifest[key].file)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const content = fs.readFileSync(path.join(DIST, file));
      return { file, bytes: content.length, gzip: zlib.gzipSync(content, { level: 9 }).length };
    });
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

/** Prints the initial JS size and throws WebBuildError when it is over the budget. */
function reportSize(log = console.error) {
  const size = measureInitialJs();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  log(`[web] initial JavaScript: ${kb(size.gzip)} gzipped (${kb(size.bytes)} raw, ${size.files.length} file(s)); budget ${kb(INITIAL_JS_BUDGET)}`);
  if (size.gzip > INITIAL_JS_BUDGET) {
    throw new WebBuildError(`the initial JavaScript is ${kb(size.gzip)} gzipped, over the ${kb(INITIAL_JS_BUDGET)} budget`);
  }
  return size;
}

/** Generates the GraphQL types and builds the web app with Vite, then checks its weight. */
async function buildWeb({ log = console.error, onChild } = {}) {
  const t0 = Date.now();
  log('[web] graphql-codegen (types from schema.gql)');
  await run('@graphql-codegen/cli/cjs/bin.js', ['--config', 'apps/web/codegen.yml', '--silent'], onChild);
  log('[web] vite build');
  await run('vite/bin/vite.js', ['build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], onChild);
  const now = new Date();
  fs.utimesSync(INDEX, now, now);
  const size = reportSize(log);
  log(`[web] built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return size;
}

/** Builds the web app when its sources changed since the last build. */
async function ensureWebBuilt(options = {}) {
  const reason = webStaleReason();
  if (!reason) return null;
  (options.log || console.error)(`[web] building the web app (${reason})`);
  return buildWeb(options);
}

module.exports = { buildWeb, ensureWebBuilt, webStaleReason, measureInitialJs, reportSize, INITIAL_JS_BUDGET, DIST };

if (require.main === module) {
  const arg = process.argv[2];
  const job = arg === '--size' ? Promise.resolve(reportSize()) : arg === '--force' ? buildWeb() : ensureWebBuilt().then((r) => r ?? reportSize());
  job.catch((error) => {
    console.error(`build-web: ${error.message}`);
    process.exit(1);
  });
}
