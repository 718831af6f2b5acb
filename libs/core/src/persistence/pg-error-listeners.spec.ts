import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * node-postgres emits 'error' on a Pool or Client whose connection the server
 * ends while idle (a restart, pg_terminate_backend, idle_session_timeout); with
 * no listener Node ends the process. Every place the shipped code (apps, libs,
 * scripts) makes a Pool or a Client must attach one: this scan fails when a
 * file makes more of them than it attaches 'error' listeners.
 */
const REPO = path.resolve(__dirname, '../../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (/\.(ts|js)$/.test(name) && !/\.spec\.ts$/.test(name)) out.push(full);
  }
  return out;
}

describe('PostgreSQL pools and clients in shipped code', () => {
  const files = ['apps', 'libs', 'scripts'].flatMap((d) => sources(path.join(REPO, d)));

  it('finds the files it scans (the clock, the data source, the services script)', () => {
    const made = files.filter((f) => /new (Pool|Client)\(/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(REPO, f));
    expect(made).toEqual(expect.arrayContaining(['libs/platform/src/clock/clock.ts', 'libs/core/src/persistence/data-source.ts', 'scripts/services.js']));
  });

  it.each(files.filter((f) => /new (Pool|Client)\(/.test(readFileSync(f, 'utf8'))).map((f) => [path.relative(REPO, f)]))(
    "%s attaches an 'error' listener to every pg Pool and Client it makes",
    (rel) => {
      const text = readFileSync(path.join(REPO, rel), 'utf8');
      const made = (text.match(/new (Pool|Client)\(/g) ?? []).length;
      const listeners = (text.match(/\.on\(\s*'error'/g) ?? []).length;
      expect(listeners).toBeGreaterThanOrEqual(made);
    },
  );
});
