'use strict';
// Builds Nest apps only when needed; shared by start.js and harbour.js.
//
//   node scripts/build.js [app ...]     build the apps that are stale (default: api worker cli)
//   node scripts/build.js --main <app>  print the path of <app>'s built main.js

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');

// Where `nest build <app>` puts the entry file, relative to the repo root.
// THE ONE PLACE TO FIX if the build output moves (tsconfig rootDir/outDir,
// nest-cli.json): `{app}` is replaced by the app name.
// With the current tsconfig.build.json (outDir ./dist from tsconfig.json, no
// per-app tsconfig) tsc mirrors the source tree: dist/apps/<app>/src/main.js,
// libs in dist/libs (checked with a stub app). A per-app tsconfig with
// "outDir": "dist/apps/<app>" would make it dist/apps/{app}/apps/{app}/src/main.js.
const MAIN_JS = 'dist/apps/{app}/src/main.js';

const APPS = ['api', 'worker', 'cli'];
// Inputs whose change means a rebuild (besides .ts under apps/ and libs/).
const CONFIG_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const SOURCE_DIRS = ['apps', 'libs'];
const WEB_DIR = path.join(REPO_ROOT, 'apps', 'web');

class BuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BuildError';
    this.userFacing = true;
  }
}

function mainJs(app) {
  return path.join(REPO_ROOT, MAIN_JS.replaceAll('{app}', app));
}

/** Newest mtime (ms) of the build inputs, and the file it belongs to. */
function newestInput() {
  let newest = { mtimeMs: 0, file: null };
  const consider = (file) => {
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, file };
  };
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // apps/web is the web app, built by scripts/build-web.js, not by nest.
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.') && full !== WEB_DIR) walk(full);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.d.ts') &&
        // tests are not part of the build (tsconfig.build.json excludes them)
        !entry.name.endsWith('.spec.ts') &&
        !entry.name.endsWith('.e2e-spec.ts')
      ) {
        consider(full);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(REPO_ROOT, dir));
  for (const file of CONFIG_INPUTS) {
    if (fs.existsSync(path.join(REPO_ROOT, file))) consider(path.join(REPO_ROOT, file));
  }
  return newest;
}

/** Why `app` needs building, or null if its main.js is up to date. */
function staleReason(app, newest = newestInput()) {
  let built;
  try {
    built = fs.statSync(mainJs(app)).mtimeMs;
  } catch {
    return `${path.relative(REPO_ROOT, mainJs(app))} does not exist`;
  }
  if (newest.mtimeMs > built) return `${path.relative(REPO_ROOT, newest.file)} is newer than the build`;
  return null;
}

function run(command, args, onChild) {
  return new Promise((resolve, reject) => {
    // Compiler output goes to stderr so a CLI's stdout stays clean.
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', (error) => reject(new BuildError(`could not run \`${command} ${args.join(' ')}\`: ${error.message}`)));
    child.on('close', (code, signal) => resolve({ code, signal }));
    if (onChild) onChild(child);
  });
}

/** <app>/src/main.js files anywhere under dist/, for a helpful message if MAIN_JS is wrong. */
function findMainCandidates(app) {
  const found = [];
  const walk = (dir, depth) => {
    if (depth > 8) return;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (full.endsWith(path.join(app, 'src', 'main.js'))) found.push(path.relative(REPO_ROOT, full));
    }
  };
  walk(path.join(REPO_ROOT, 'dist'), 0);
  return found;
}

/**
 * Builds each of `apps` whose main.js is missing or older than a source file.
 * Returns { [app]: absolute path of main.js }. Throws BuildError on failure.
 * options.onChild(child) sees each build process (to forward signals).
 */
async function ensureBuilt(apps = APPS, { log = console.error, onChild } = {}) {
  const newest = newestInput();
  for (const app of apps) {
    const reason = staleReason(app, newest);
    if (!reason) continue;
    const t0 = Date.now();
    log(`[build] nest build ${app} (${reason})`);
    const { code, signal } = await run('npx', ['nest', 'build', app], onChild);
    if (code !== 0) {
      invalidate();
      throw new BuildError(
        `\`npx nest build ${app}\` failed (${signal ? `signal ${signal}` : `exit code ${code}`}); ` + 'see the compiler output above. Nothing was started.',
      );
    }
    if (!fs.existsSync(mainJs(app))) {
      const candidates = findMainCandidates(app);
      throw new BuildError(
        `\`nest build ${app}\` succeeded but ${path.relative(REPO_ROOT, mainJs(app))} does not exist` +
          (candidates.length ? `; main.js found at: ${candidates.join(', ')}` : '') +
          `. Fix MAIN_JS in scripts/build.js (currently '${MAIN_JS}').`,
      );
    }
    // tsc keeps the old mtime of outputs whose content did not change; make
    // sure a successful build counts as fresh.
    const now = new Date();
    fs.utimesSync(mainJs(app), now, now);
    log(`[build] ${app} built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return Object.fromEntries(apps.map((app) => [app, mainJs(app)]));
}

/**
 * tsc emits JavaScript even when it reports errors, so after a failed build the
 * main.js files may look fresh: date them back so the next run builds again.
 */
function invalidate() {
  for (const app of APPS) {
    try {
      fs.utimesSync(mainJs(app), new Date(0), new Date(0));
    } catch {
      /* not there */
    }
  }
}

/** Exit code for a child that ended with (code, signal), the way a shell reports it. */
function exitCodeOf(code, signal) {
  if (code !== null && code !== undefined) return code;
  const number = signal ? require('node:os').constants.signals[signal] : undefined;
  return number ? 128 + number : 1;
}

/** Prints a user-facing error without a stack trace (set HARBOUR_DEBUG=1 for it). */
function reportFatal(prefix, error) {
  if (process.env.HARBOUR_DEBUG || !(error && (error.userFacing || error.message))) {
    console.error(`${prefix}:`, error);
  } else {
    console.error(`${prefix}: ${error.message}`);
    if (!error.userFacing) console.error(`${prefix}: (unexpected error; HARBOUR_DEBUG=1 shows the stack trace)`);
  }
}

module.exports = { ensureBuilt, staleReason, mainJs, exitCodeOf, reportFatal, BuildError, APPS, MAIN_JS, REPO_ROOT };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--main') {
    if (!APPS.includes(args[1])) {
      console.error(`usage: node scripts/build.js --main <${APPS.join('|')}>`);
      process.exit(2);
    }
    console.log(path.relative(process.cwd(), mainJs(args[1])));
  } else {
    const apps = args.length ? args : APPS;
    const unknown = apps.filter((app) => !APPS.includes(app));
    if (unknown.length) {
      console.error(`unknown app(s): ${unknown.join(', ')} (known: ${APPS.join(', ')})`);
      process.exit(2);
    }
    ensureBuilt(apps).catch((error) => {
      reportFatal('build', error);
      process.exit(1);
    });
  }
}
