/**
 * The README's first session, followed literally: its shell block runs in
 * bash against a running Harbour, with `npm run -s harbour --` standing for
 * the CLI run from its sources (the same code `npm run harbour` runs built).
 * The officer's referral is held at the demo shelter, the demo staff member
 * confirms that referral's arrival, and the officer sees it PLACED; four runs
 * in a row (more than the demo shelter's 3 beds), each ending what the last left.
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

  it('takes at most five steps and ends with the referral placed at the demo shelter, four runs in a row', async () => {
    const block = firstSessionBlock();
    const steps = block.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(steps.length).toBeLessThanOrEqual(5);
    const script = [
      'set -euo pipefail',
      `harbour() { node -r ${path.join(REPO, 'test/support/ts-register.js')} ${path.join(REPO, 'apps/cli/src/main.ts')} "$@"; }`,
      // Each step's output, marked, so the test can read every answer; then the run's referral id.
      ...steps.map((s, i) => `echo "--- step ${i + 1}"; ${s.replace(/npm run -s harbour --/g, 'harbour')}`),
      'echo "--- step 9"; echo "$REFERRAL"; echo "$HOLD"',
    ].join('\n');
    const port = new URL(h.url).port;
    const referrals: string[] = [];
    // The demo shelter has 3 beds: a fourth run only works if each run ends what the last one left.
    for (let runNo = 1; runNo <= 4; runNo++) {
      const { stdout, stderr } = await run('bash', ['-c', script], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: port, NODE_ENV: 'development', DATABASE_URL: h.config.DATABASE_URL },
        timeout: 120_000,
      });
      expect(stderr).toMatch(/Demo network ready: region DEMO/);
      // Sign-in links for the web app, one per demo person, naming the demo shelter and agency (no token in them).
      expect(stderr).toMatch(
        /staff http:\/\/127\.0\.0\.1:\d+\/sign-in\?role=SHELTER_STAFF&shelterId=[0-9a-f-]{36} +officer http:\/\/127\.0\.0\.1:\d+\/sign-in\?role=REFERRAL_OFFICER&agencyId=[0-9a-f-]{36} +coordinator http:\/\/127\.0\.0\.1:\d+\/sign-in\?role=COORDINATOR/,
      );
      expect(stderr).not.toMatch(/sign-in\?[^ ]*(token|eyJ)/);
      expect(stderr).toMatch(/an open referral \(REFERRAL\)/);
      expect(stderr).not.toMatch(/waiting referral/);
      const out = Object.fromEntries(
        stdout
          .split(/^--- step (\d)\n/m)
          .slice(1)
          .reduce<[string, string][]>((acc, x, i, all) => (i % 2 === 0 ? [...acc, [x, all[i + 1]]] : acc), []),
      );
      const [referralId, holdId] = out['9'].trim().split('\n');
      referrals.push(referralId);
      const hold = JSON.parse(out['2']).data.requestPlacement;
      expect({ runNo, typename: hold.__typename }).toEqual({ runNo, typename: 'HoldOffered' });
      expect(hold.hold.shelter.codeName).toBe('DEMO-HARBOUR');
      // Step 3 took this run's hold, and step 4 confirmed this run's household's arrival.
      expect(holdId).toBe(hold.hold.id);
      const placement = JSON.parse(out['4']).data.confirmArrival;
      expect(placement.arrivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const [row] = await h.db.query(`SELECT referral_id, status FROM placement WHERE id = $1`, [placement.id]);
      expect(row).toEqual({ referral_id: referralId, status: 'ACTIVE' });
      expect(JSON.parse(out['5']).data.referral.status).toBe('PLACED');
      const [{ total, active }] = await h.db.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'ACTIVE')::int AS active FROM placement`);
      expect({ runNo, total, active }).toEqual({ runNo, total: runNo, active: 1 });
    }
    expect(new Set(referrals).size).toBe(4);
    // The earlier runs' households moved on; the last one is placed.
    const statuses = await h.db.query(`SELECT id, status FROM referral WHERE id = ANY($1::uuid[])`, [referrals]);
    expect(Object.fromEntries(statuses.map((r: any) => [r.id, r.status]))).toEqual(
      Object.fromEntries(referrals.map((id, i) => [id, i === 3 ? 'PLACED' : 'EXITED'])),
    );
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
    expect({ shelters, referrals }).toEqual({ shelters: 1, referrals: 5 });
  });
});
