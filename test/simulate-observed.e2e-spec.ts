/**
 * `harbour simulate --mix observed` takes the referral mix and the arrival
 * rate from Harbour's own history (report_event) instead of the NRM file, and
 * plans capacity on it. The history is written here by SQL, so the expected
 * shares are this test's own: 40 referrals over 90 days in AK-500, 10 of them
 * children, 12 of the 30 adults men, all labour exploitation, all EMERGENCY;
 * 20 offers, 4 declined and 2 no-shows; 10 stays of 30 days.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '@harbour/platform';
import { dataSourceOptions, runMigrations } from '@harbour/core';
import { observedMix } from '@harbour/core/reports/observed-mix';
import { createTestDatabase, dropTestDatabase } from './support/harbour-harness';

const REPO = path.resolve(__dirname, '..');
const run = promisify(execFile);

describe('harbour simulate --mix observed', () => {
  let url: string;
  let ds: DataSource;
  let dir: string;
  beforeAll(async () => {
    url = await createTestDatabase('simulate_observed');
    const config = loadConfig({ DATABASE_URL: url });
    ds = new DataSource(dataSourceOptions(config, 'SERVICE'));
    await ds.initialize();
    await runMigrations(ds, config);
    dir = await mkdtemp(path.join(tmpdir(), 'simulate-observed-'));
    const at = (i: number) => new Date(Date.parse('2026-01-01T12:00:00Z') + i * 2 * 86_400_000).toISOString();
    for (let i = 0; i < 40; i++) {
      const child = i < 10;
      await ds.query(
        `INSERT INTO report_event (kind, occurred_at, region_code, gender, household_type, urgency, exploitation_types, accessibility_need)
         VALUES ('REFERRAL_CREATED', $1, 'AK-500', $2, $3, 'EMERGENCY', '{LABOUR}', false)`,
        [at(i), !child && i < 22 ? 'MALE' : 'FEMALE', child ? 'UNACCOMPANIED_MINOR' : 'SINGLE_ADULT'],
      );
    }
    for (let i = 0; i < 20; i++)
      await ds.query(`INSERT INTO report_event (kind, occurred_at, region_code, reason, value) VALUES ('OFFER_MADE', $1, 'AK-500', 'REQUEST', 5)`, [at(i)]);
    for (let i = 0; i < 4; i++)
      await ds.query(`INSERT INTO report_event (kind, occurred_at, region_code, reason) VALUES ('OFFER_DECLINED', $1, 'AK-500', 'OTHER')`, [at(i)]);
    for (let i = 0; i < 2; i++) await ds.query(`INSERT INTO report_event (kind, occurred_at, region_code) VALUES ('NO_SHOW', $1, 'AK-500')`, [at(i)]);
    for (let i = 0; i < 10; i++)
      await ds.query(`INSERT INTO report_event (kind, occurred_at, region_code, value) VALUES ('EXITED', $1, 'AK-500', 30)`, [at(i + 20)]);
  });
  afterAll(async () => {
    await ds?.destroy();
    if (url) await dropTestDatabase(url);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('measures the mix from the history', async () => {
    const m = await observedMix(ds, '2026-01-01', '2026-03-31');
    expect(m).toMatchObject({
      days: 90,
      referrals: 40,
      childShare: 0.25,
      maleShare: 12 / 40,
      nonBinaryShare: 0,
      exploitation: { LABOUR: 1, CRIMINAL: 0, SEXUAL: 0, DOMESTIC_SERVITUDE: 0, OTHER: 0 },
      familyShareFemale: 0,
      urgency: { EMERGENCY: 1, URGENT: 0, ROUTINE: 0 },
      declineShare: 0.2,
      noShowShare: 0.1,
      meanStayDays: 30,
      regions: ['AK-500'],
    });
    expect(m.referralsPerDay).toBeCloseTo(40 / 90, 10);
  });

  it('simulates and plans capacity on it, in the regions the history names', async () => {
    const out = path.join(dir, 'sim');
    const { stdout } = await run(
      'node',
      [
        '-r',
        './test/support/ts-register.js',
        'apps/cli/src/main.ts',
        'simulate',
        '--mix',
        'observed',
        '--from',
        '2026-01-01',
        '--to',
        '2026-03-31',
        '--network',
        'hic',
        '--days',
        '60',
        '--hindsight',
        'off',
        '--no-charts',
        '--target-p90-days',
        '2',
        '--plan-max-steps',
        '1',
        '--out',
        out,
      ],
      {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, NODE_ENV: 'development' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(stdout).toContain('Capacity plan for');
    const md = await readFile(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      "Referral mix: Harbour's own history, 2026-01-01 to 2026-03-31 (40 referrals, `--mix observed`): 25% children (history), 30% male (history), exploitation labour 100%",
    );
    expect(md).toContain('Volume: referrals arrive as a Poisson process at the rate the history observed, 0.44 a day');
    expect(md).toContain('Stays: Gamma(shape 2) with mean 30 days');
    expect(md).toContain('Offers: 20% declined');
    expect(md).toContain('HIC 2023: AK-500');
    expect(await readdir(out)).toEqual(expect.arrayContaining(['capacity.csv', 'metrics.csv', 'report.md']));
  });

  it('refuses too short a history, naming the option', async () => {
    await expect(
      run(
        'node',
        [
          '-r',
          './test/support/ts-register.js',
          'apps/cli/src/main.ts',
          'simulate',
          '--mix',
          'observed',
          '--from',
          '2025-01-01',
          '--to',
          '2025-01-31',
          '--out',
          path.join(dir, 'none'),
        ],
        {
          cwd: REPO,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, NODE_ENV: 'development' },
        },
      ),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('--mix observed: the history has 0 referrals from 2025-01-01 to 2025-01-31; at least 20 are needed for a mix'),
    });
  });
});
