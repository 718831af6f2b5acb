/**
 * The README's first session, followed literally: its shell block runs in
 * bash against a running Harbour, with `npm run -s harbour --` standing for
 * the CLI run from its sources (the same code `npm run harbour` runs built).
 * The officer's referral is held at the demo shelter, the demo staff member
 * confirms the arrival, and the officer sees the referral PLACED.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Harbour } from './support/harbour-harness';

const REPO = path.resolve(__dirname, '..');
const run = promisify(execFile);

/** The commands between the README's first-session markers. */
function firstSessionBlock(): string {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const m = /<!-- first-session:start -->\s*```sh\n([\s\S]*?)```\s*<!-- first-session:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no first-session block');
  return m[1];
}

describe('README first session (harbour demo)', () => {
  let h: Harbour;
  beforeAll(async () => {
    h = await Harbour.start('demo');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('takes at most five steps and ends with the referral placed at the demo shelter', async () => {
    const block = firstSessionBlock();
    const steps = block.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(steps.length).toBeLessThanOrEqual(5);
    const script = [
      'set -euo pipefail',
      `harbour() { node -r ${path.join(REPO, 'test/support/ts-register.js')} ${path.join(REPO, 'apps/cli/src/main.ts')} "$@"; }`,
      // Each step's output, marked, so the test can read every answer.
      ...steps.map((s, i) => `echo "--- step ${i + 1}"; ${s.replace(/npm run -s harbour --/g, 'harbour')}`),
    ].join('\n');
    const port = new URL(h.url).port;
    const { stdout, stderr } = await run('bash', ['-c', script], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: port, NODE_ENV: 'development', DATABASE_URL: h.config.DATABASE_URL },
      timeout: 120_000,
    });
    expect(stderr).toMatch(/Demo network ready: region DEMO/);
    const out = Object.fromEntries(
      stdout
        .split(/^--- step (\d)\n/m)
        .slice(1)
        .reduce<[string, string][]>((acc, x, i, all) => (i % 2 === 0 ? [...acc, [x, all[i + 1]]] : acc), []),
    );
    const hold = JSON.parse(out['2']).data.requestPlacement;
    expect(hold.__typename).toBe('HoldOffered');
    expect(hold.hold.shelter.codeName).toBe('DEMO-HARBOUR');
    expect(out['3'] ?? '').toBe('');
    expect(JSON.parse(out['4']).data.confirmArrival.arrivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.parse(out['5']).data.referral.status).toBe('PLACED');
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM placement`);
    expect(n).toBe(1);
  });

  it('can run again: it finds the demo network and adds one more referral', async () => {
    const { stdout } = await run('node', ['-r', './test/support/ts-register.js', 'apps/cli/src/main.ts', 'demo'], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: new URL(h.url).port, NODE_ENV: 'development' },
    });
    expect(stdout).toMatch(/^export REFERRAL=|export AGENCY='[0-9a-f-]{36}' SHELTER='[0-9a-f-]{36}' REFERRAL='[0-9a-f-]{36}'/m);
    const [{ shelters, referrals }] = await h.db.query(
      `SELECT (SELECT count(*)::int FROM shelter WHERE code_name = 'DEMO-HARBOUR') AS shelters, (SELECT count(*)::int FROM referral) AS referrals`,
    );
    expect({ shelters, referrals }).toEqual({ shelters: 1, referrals: 2 });
  });
});
