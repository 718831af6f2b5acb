/**
 * `harbour simulate` end to end, in a child process (vega, which draws the
 * charts, is ESM-only and cannot load inside jest): runs the real command on a
 * short span and checks the files it writes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DATA = process.env.HARBOUR_DATA_DIR ?? join(ROOT, '..', 'shared', 'data');

function harbour(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(ROOT, 'apps', 'cli', 'src', 'main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, HARBOUR_DATA_DIR: DATA }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('harbour simulate (child process)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'harbour-simulate-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes metrics, groups, capacity plan, report and charts for a 45-day Poppy-sized run', async () => {
    const dir = join(out, 'poppy');
    const r = await harbour(['simulate', '--days', '45', '--seed', '5', '--load', '2', '--out', dir, '--target-median-wait', '0', '--plan-max-steps', '1']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'capacity.csv',
        'fairness.png',
        'fairness.svg',
        'fairness.vl.json',
        'groups.csv',
        'metrics.csv',
        'report.md',
        'result.png',
        'result.svg',
        'result.vl.json',
        'time-to-bed.csv',
        'waits.png',
        'waits.svg',
        'waits.vl.json',
      ].sort(),
    );

    const metrics: Record<string, string>[] = parse(readFileSync(join(dir, 'metrics.csv')), { columns: true });
    expect(metrics.map((m) => m.policy)).toEqual(['first_come_greedy', 'best_score_greedy', 'harbour_batch', 'hindsight_bound']);
    const referrals = Number(metrics[0].referrals);
    expect(referrals).toBeGreaterThan(0);
    for (const m of metrics.slice(0, 3)) {
      expect(m.violations).toBe('0');
      expect(Number(m.placed) + Number(m.never_placed)).toBe(referrals);
      expect(Number(m.value)).toBeLessThanOrEqual(Number(metrics[3].value) + 1e-6);
      expect(Number(m.occupancy)).toBeGreaterThan(0);
      expect(Number(m.occupancy)).toBeLessThanOrEqual(1);
    }
    expect(metrics[3].bound_method).toMatch(/^(MIP|MIP dual bound|LP relaxation)$/);

    const groups: Record<string, string>[] = parse(readFileSync(join(dir, 'groups.csv')), { columns: true });
    expect(new Set(groups.map((g) => g.dimension))).toEqual(new Set(['gender', 'household', 'exploitation', 'urgency']));
    // Every policy's gender groups add up to the referrals.
    for (const p of ['first_come_greedy', 'best_score_greedy', 'harbour_batch']) {
      expect(groups.filter((g) => g.policy === p && g.dimension === 'gender').reduce((n, g) => n + Number(g.referrals), 0)).toBe(referrals);
    }

    // Time to a safe bed: one overall row per policy, whose never placed add up.
    const ttb: Record<string, string>[] = parse(readFileSync(join(dir, 'time-to-bed.csv')), { columns: true });
    const overall = ttb.filter((t) => t.dimension === 'all');
    expect(overall.map((t) => [t.policy, t.cohort, t.group])).toEqual(
      ['first_come_greedy', 'best_score_greedy', 'harbour_batch'].map((p) => [p, 'ALL', 'ALL']),
    );
    for (const t of overall) {
      const parts = ['placed', 'never_placed_no_suitable_provision', 'never_placed_no_show', 'never_placed_capacity'].map((k) => Number(t[k]));
      expect(parts.reduce((a, b) => a + b, 0)).toBe(Number(t.referrals));
      expect(Number(t.in_bed_24h_share)).toBeLessThanOrEqual(Number(t.in_bed_7d_share));
    }
    expect(new Set(ttb.map((t) => t.dimension))).toEqual(new Set(['all', 'gender', 'household', 'urgency', 'accessibility', 'exploitation']));
    // Poppy takes adult women only: every minor is "no suitable provision".
    const minors = ttb.find((t) => t.policy === 'harbour_batch' && t.group === 'MINOR')!;
    expect(Number(minors.never_placed_no_suitable_provision)).toBe(Number(minors.referrals));

    const capacity: Record<string, string>[] = parse(readFileSync(join(dir, 'capacity.csv')), { columns: true });
    expect(capacity).toHaveLength(1);
    expect(['LONDON', 'CARDIFF', 'SHEFFIELD']).toContain(capacity[0].region);
    expect(Number(capacity[0].beds)).toBeGreaterThanOrEqual(2);

    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('## Time to a safe bed');
    expect(report).toContain('EMERGENCY referrals in a bed within 24 h >= 90%');
    expect(report).toContain('## Results');
    expect(report).toContain('Hindsight bound');
    expect(report).toContain('## Capacity plan');
    expect(report).toContain('## Assumptions and sources');
    expect(report).toContain('81-day mean stay');

    for (const chart of ['waits', 'result', 'fairness']) {
      expect(readFileSync(join(dir, `${chart}.svg`), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(readFileSync(join(dir, `${chart}.png`)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    // One bar per policy and measure, named in full.
    expect(readFileSync(join(dir, 'waits.svg'), 'utf8')).toContain("policy: Harbour's batch assignment; measure: median");
    expect(readFileSync(join(dir, 'waits.svg'), 'utf8')).toContain(">Harbour's batch assignment</text>");
    expect(r.stdout).toContain('| policy | placed |');
  }, 120_000);

  it('runs on a HIC region subset, and is repeatable with the same seed', async () => {
    const args = ['simulate', '--network', 'hic', '--regions', 'AK-500', '--days', '10', '--seed', '9', '--no-charts', '--hindsight', 'lp'];
    const a = await harbour([...args, '--out', join(out, 'a')]);
    const b = await harbour([...args, '--out', join(out, 'b')]);
    const rows = (d: string) =>
      (parse(readFileSync(join(out, d, 'metrics.csv')), { columns: true }) as Record<string, string>[]).map(({ wall_ms: _w, ...rest }) => rest);
    // AK-500 has rooms of several beds. The domain's eligibility takes each room's occupants,
    // so no policy offers an incompatible room: the simulator's own check finds none.
    expect(
      rows('a')
        .slice(0, 3)
        .map((m) => m.sharing_violations),
    ).toEqual(['0', '0', '0']);
    expect(a.code).toBe(0);
    expect(
      rows('a')
        .slice(0, 3)
        .map((m) => m.hard_rule_violations),
    ).toEqual(['0', '0', '0']);
    expect(b.code).toBe(a.code);
    expect(rows('b')).toEqual(rows('a'));
    expect(readFileSync(join(out, 'b', 'time-to-bed.csv'), 'utf8')).toEqual(readFileSync(join(out, 'a', 'time-to-bed.csv'), 'utf8'));
    expect(readFileSync(join(out, 'b', 'groups.csv'), 'utf8')).toEqual(readFileSync(join(out, 'a', 'groups.csv'), 'utf8'));
    expect(rows('a')[3]).toMatchObject({ policy: 'hindsight_bound', bound_method: 'LP relaxation' });
    expect(readdirSync(join(out, 'a')).filter((f) => f.endsWith('.svg'))).toEqual([]);
  }, 120_000);

  it('injects a surge from the example scenario file and plans for the per-group p90 target', async () => {
    const dir = join(out, 'surge');
    const example = join(ROOT, 'libs', 'simulation', 'scenarios', 'operation-example.json');
    const r = await harbour([
      'simulate',
      '--days',
      '40',
      '--seed',
      '2',
      '--load',
      '1.5',
      '--no-charts',
      '--hindsight',
      'off',
      '--surge',
      example,
      '--surge-start-day',
      '10',
      '--target-p90-days',
      '0',
      '--plan-max-steps',
      '1',
      '--out',
      dir,
    ]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    const metrics: Record<string, string>[] = parse(readFileSync(join(dir, 'metrics.csv')), { columns: true });
    expect(r.code).toBe(metrics.some((m) => Number(m.sharing_violations) > 0) ? 3 : 0);
    const ttb: Record<string, string>[] = parse(readFileSync(join(dir, 'time-to-bed.csv')), { columns: true });
    const overall = (cohort: string) => ttb.find((t) => t.policy === 'harbour_batch' && t.cohort === cohort && t.dimension === 'all')!;
    // The file's 40 referrals, day 60 moved to day 10 by --surge-start-day, all counted (they arrive
    // before the last 7 days); Poppy takes adult women only, so the men, families and minors have no suitable provision.
    expect(Number(overall('SURGE').referrals)).toBe(40);
    expect(Number(overall('SURGE').never_placed_no_suitable_provision)).toBeGreaterThan(10);
    expect(ttb.find((t) => t.cohort === 'SURGE' && t.group === 'MALE')).toMatchObject({ placed: '0' });
    expect(Number(overall('ALL').referrals)).toBe(Number(overall('SURGE').referrals) + Number(overall('BACKGROUND').referrals));
    const capacity: Record<string, string>[] = parse(readFileSync(join(dir, 'capacity.csv')), { columns: true });
    expect(capacity).toHaveLength(1);
    expect(capacity[0]).toMatchObject({ measure: 'p90' });
    expect(['LONDON', 'CARDIFF', 'SHEFFIELD']).toContain(capacity[0].region);
    expect(capacity[0].for_group).toMatch(/^(gender|household|urgency|accessibility|exploitation) /);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('Surge: Example operation');
    expect(report).toContain("Target: every group's p90 time to a bed offer at most 0.0 days");
    expect(r.stdout).toContain('The surge, every policy:');

    const bad = join(out, 'bad-surge.json');
    writeFileSync(bad, JSON.stringify({ count: 10, startDay: 1, durationHours: 2, gender: { MEN: 1 }, household: { SINGLE: 1 }, exploitation: { LABOUR: 1 } }));
    const refused = await harbour(['simulate', '--days', '5', '--surge', bad, '--out', join(out, 'bad-surge')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: --surge .*bad-surge.json: gender.MEN: /);
  }, 120_000);

  it('refuses an unknown region with a clear message and exit code 1', async () => {
    const r = await harbour(['simulate', '--network', 'hic', '--regions', 'ZZ-999', '--days', '5', '--out', join(out, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: --regions: unknown region code\(s\) ZZ-999/);
  }, 180_000);

  it('refuses a span, load or output folder it cannot handle before simulating anything, exit code 1', async () => {
    const days = await harbour(['simulate', '--days', '1e9', '--out', join(out, 'long')]);
    expect(days.code).toBe(1);
    expect(days.stderr).toMatch(/--days <n>' argument '1e9' is invalid\. days must be a whole number from 1 to 3650/);
    const load = await harbour(['simulate', '--days', '5', '--load', '1000000', '--out', join(out, 'load')]);
    expect(load.code).toBe(1);
    expect(load.stderr).toMatch(/load must be a number from 0.01 to 20/);
    const file = join(out, 'a-file');
    writeFileSync(file, 'x');
    const unwritable = await harbour(['simulate', '--days', '5', '--out', join(file, 'sub')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/error: --out: cannot write to .*a-file\/sub \(ENOTDIR\)/);
    expect(unwritable.stderr).not.toMatch(/Simulating/);
  }, 180_000);
});
