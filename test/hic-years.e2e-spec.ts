/**
 * HIC files of other years, and a new year on top of an existing network, on
 * a real PostgreSQL (a fresh database per describe, the real migrations) with
 * the small fixtures in test/fixtures/hic/ (2023: libs/core/src/import/fixtures/).
 *
 * - year A then year B: B becomes the snapshot, A's shelters are closed (a bed
 *   in use keeps its state), the summary's region changes are right, no year
 *   mixes, and the beds in service equal B's file totals;
 * - the same year twice changes nothing;
 * - `harbour import hic --dry-run` writes nothing (every row count equal before/after);
 * - an earlier year, a file whose Total row disagrees with its rows, an
 *   ambiguous year and notes followed by figures all write nothing (exit 3 / 1);
 * - the 2007, 2010, 2013 and 2016 layouts import, one after the other;
 * - a code name already taken (by another year's shelter or one made by hand)
 *   gives the new shelter a longer code name of its own, instead of failing.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@harbour/platform';
import { dataSourceOptions, runMigrations } from '@harbour/core';
import { importHic } from '@harbour/core/import/hic-import.service';
import { readHicFile } from '@harbour/core/import/hic-csv';
import { hicCodeName, planHicNetwork } from '@harbour/core/import/hic-mapping';
import { createTestDatabase, dropTestDatabase } from './support/harbour-harness';

const REPO = path.resolve(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'hic');
const HIC_2023 = path.join(REPO, 'libs/core/src/import/fixtures/hic-2023-small.csv');
const yearFile = (year: number) => path.join(FIXTURES, `hic-${year}-counts-by-coc.csv`);

/** Runs the CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
function cli(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['-r', './test/support/ts-register.js', 'apps/cli/src/main.ts', ...args],
      { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, NODE_ENV: 'development' } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function migratedDatabase(label: string): Promise<{ url: string; ds: DataSource }> {
  const url = await createTestDatabase(label);
  const config = loadConfig({ DATABASE_URL: url });
  const ds = new DataSource({ ...dataSourceOptions(config, 'SERVICE'), logging: false });
  await ds.initialize();
  await runMigrations(ds, config);
  return { url, ds };
}

/** Every row count the import could touch, and the shelters' and beds' states. */
async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const [row] = await ds.query(`
    SELECT (SELECT count(*)::int FROM region) AS regions, (SELECT count(*)::int FROM shelter) AS shelters,
           (SELECT count(*)::int FROM room) AS rooms, (SELECT count(*)::int FROM bed) AS beds,
           (SELECT count(*)::int FROM shelter WHERE status = 'OPEN') AS open_shelters,
           (SELECT count(*)::int FROM bed WHERE status = 'AVAILABLE') AS available_beds,
           (SELECT coalesce(sum(total_beds), 0)::int FROM region_availability) AS counted_beds`);
  return row;
}

/** Beds in OPEN shelters, by the year of their external ref, program and DV kind, straight from the tables. */
async function inService(ds: DataSource): Promise<Record<string, number>> {
  const rows: { k: string; n: number }[] = await ds.query(`
    SELECT k, count(*)::int AS n FROM (
      SELECT unnest(ARRAY['total', split_part(s.external_ref, ':', 1), split_part(s.external_ref, ':', 3),
                          split_part(s.external_ref, ':', 4), 'region:' || s.region_code]) AS k
        FROM bed b JOIN shelter s ON s.id = b.shelter_id WHERE s.status = 'OPEN') x
     GROUP BY k ORDER BY k`);
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

describe('HIC import: a new year replaces the snapshot, or nothing is written', () => {
  let url: string;
  let ds: DataSource;
  let dir: string;
  beforeAll(async () => {
    ({ url, ds } = await migratedDatabase('hic_years'));
    dir = mkdtempSync(path.join(tmpdir(), 'hic-years-'));
  });
  afterAll(async () => {
    await ds?.destroy();
    if (url) await dropTestDatabase(url);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports 2023, then 2024 as a new snapshot: 2023 retired (a bed in use untouched), changes summarised, no years mixed', async () => {
    const first = await importHic(ds, HIC_2023);
    expect(first).toMatchObject({ year: 2023, yearSource: 'file name', snapshot: 'FIRST', previousYear: null, ok: true });
    expect(first.beds).toEqual({ created: 2852, alreadyPresent: 0 });
    expect(first.change).toMatchObject({ bedsBefore: 0, bedsAfter: 2852, regionsRemoved: [], regionsChanged: [] });
    expect(first.change.regionsAdded.map((r) => r.code)).toEqual(['AK-500', 'AK-501', 'AL-500']);

    // Someone is living in one 2023 bed.
    const [occupied]: { id: string }[] = await ds.query(
      `WITH u AS (UPDATE bed SET status = 'OCCUPIED', status_changed_at = now()
                   WHERE id = (SELECT b.id FROM bed b JOIN shelter s ON s.id = b.shelter_id WHERE s.region_code = 'AL-500' ORDER BY b.label, b.id LIMIT 1)
                  RETURNING id)
       SELECT id FROM u`,
    );
    const sheltersOf2023: number = (await ds.query(`SELECT count(*)::int AS n FROM shelter WHERE external_ref LIKE 'hic2023:%'`))[0].n;

    const second = await importHic(ds, yearFile(2024));
    expect(second).toMatchObject({ year: 2024, snapshot: 'NEW', previousYear: 2023, ok: true, otherYearsOpen: 0, dryRun: false });
    expect(second.check).toBe("bed total equals the file's Total row: 2669");
    expect(second.beds).toEqual({ created: 2669, alreadyPresent: 0 });
    expect(second.regions).toEqual({ created: 1, alreadyPresent: 2 });
    expect(second.retired).toEqual({ shelters: sheltersOf2023, beds: 2852, liveBeds: 1 });
    expect(second.change).toEqual({
      regionsAdded: [{ code: 'AL-501', before: 0, after: 357 }],
      regionsRemoved: [{ code: 'AL-500', before: 544, after: 0 }],
      regionsChanged: [{ code: 'AK-500', before: 1188, after: 1192 }],
      regionsUnchanged: 1, // AK-501: 1,120 beds both years
      bedsBefore: 2852,
      bedsAfter: 2669,
    });

    // Straight from the tables: only 2024 beds are in service, and they are the file's figures.
    expect(await inService(ds)).toEqual({
      total: 2669,
      hic2024: 2669,
      ES: 2109,
      TH: 548,
      SH: 12,
      DV: 582,
      NONDV: 2087,
      'region:AK-500': 1192,
      'region:AK-501': 1120,
      'region:AL-501': 357,
    });
    // Nothing deleted: the 2023 beds are all there, closed with their shelters; the occupied one still occupied.
    const [kept] = await ds.query(
      `SELECT count(*)::int AS beds, count(*) FILTER (WHERE s.status = 'CLOSED')::int AS closed,
              (SELECT status FROM bed WHERE id = $1) AS occupied
         FROM bed b JOIN shelter s ON s.id = b.shelter_id WHERE s.external_ref LIKE 'hic2023:%'`,
      [occupied.id],
    );
    expect(kept).toEqual({ beds: 2852, closed: 2852, occupied: 'OCCUPIED' });
    // Free beds as the application counts them (region_availability) are the 2024 beds only.
    expect((await tableCounts(ds)).counted_beds).toBe(2669);
  }, 120_000);

  it('imports the same year again without any change', async () => {
    const before = await tableCounts(ds);
    const again = await importHic(ds, yearFile(2024));
    expect(again).toMatchObject({ year: 2024, snapshot: 'SAME', previousYear: 2024, ok: true });
    expect([again.regions.created, again.shelters.created, again.rooms.created, again.beds.created]).toEqual([0, 0, 0, 0]);
    expect(again.retired).toEqual({ shelters: 0, beds: 0, liveBeds: 0 });
    expect(again.change).toMatchObject({ regionsAdded: [], regionsRemoved: [], regionsChanged: [], regionsUnchanged: 3, bedsBefore: 2669, bedsAfter: 2669 });
    expect(await tableCounts(ds)).toEqual(before);
  }, 60_000);

  it('--dry-run prints what a later year would change and writes nothing', async () => {
    const file2025 = path.join(dir, 'hic-2025-counts-by-coc.csv');
    copyFileSync(yearFile(2024), file2025);
    const before = await tableCounts(ds);
    const run = await cli(url, ['import', 'hic', file2025, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('DRY RUN (nothing written): HIC import of');
    expect(run.stdout).toContain('Snapshot: HIC 2025 replaces HIC 2024');
    expect(run.stdout).toMatch(/beds: +2669 created, 0 already present/);
    expect(run.stdout).toMatch(/retired: +\d+ shelters of earlier years closed, 2669 beds \(0 held or occupied/);
    expect(run.stdout).toContain('Change in service: 2669 → 2669 beds; regions 0 added, 0 removed, 0 changed, 3 unchanged');
    expect(await tableCounts(ds)).toEqual(before);
    expect((await ds.query(`SELECT count(*)::int AS n FROM shelter WHERE external_ref LIKE 'hic2025:%'`))[0].n).toBe(0);
  }, 60_000);

  it('refuses an earlier year than the network holds, and writes nothing', async () => {
    const before = await tableCounts(ds);
    const run = await cli(url, ['import', 'hic', yearFile(2016)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the network holds the HIC 2024 snapshot; this file is HIC 2016, an earlier year: refused, nothing written');
    expect(await tableCounts(ds)).toEqual(before);
  }, 60_000);

  it('rolls back a later year whose Total row disagrees with its rows (exit 3), and writes nothing', async () => {
    const bad = path.join(dir, 'hic-2026-counts-by-coc.csv');
    const lines = readFileSync(yearFile(2024), 'utf8').split('\r\n');
    const total = lines.findIndex((l) => l.startsWith('Total,'));
    lines[total] = lines[total].replace(/^Total,2669,/, 'Total,2670,');
    writeFileSync(bad, lines.join('\r\n'));
    const before = await tableCounts(ds);
    const run = await cli(url, ['import', 'hic', bad]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("!!! MISMATCH: bed totals differ from the file's Total row: total beds: database 2669 ≠ file 2670");
    expect(run.stderr).toContain('!!! rolled back: nothing was written');
    expect(await tableCounts(ds)).toEqual(before);
    expect((await ds.query(`SELECT count(*)::int AS n FROM shelter WHERE external_ref LIKE 'hic2026:%'`))[0].n).toBe(0);
  }, 60_000);

  it('refuses hostile files before writing: an ambiguous year, figures after the notes', async () => {
    const before = await tableCounts(ds);
    const ambiguous = path.join(dir, 'hic-2027-counts-by-coc.csv');
    writeFileSync(ambiguous, `2023 Housing Inventory Count\r\n${readFileSync(yearFile(2024), 'utf8').replace(/^\uFEFF/, '')}`);
    let run = await cli(url, ['import', 'hic', ambiguous]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the HIC year is ambiguous: the title row says 2023, the file name says 2027; nothing imported');

    const smuggled = path.join(dir, 'hic-2028-counts-by-coc.csv');
    const text = readFileSync(yearFile(2010), 'utf8');
    writeFileSync(smuggled, `${text.trimEnd()}\r\nZZ-999,${text.split('\r\n')[3].split(',').slice(1).join(',')}`);
    run = await cli(url, ['import', 'hic', smuggled, '--year', '2028']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 10, column "CoC Number": a row with figures after the notes that end the table (line 8)');
    expect(await tableCounts(ds)).toEqual(before);
  }, 60_000);
});

describe('HIC import of the layouts of other years, one after the other', () => {
  let url: string;
  let ds: DataSource;
  beforeAll(async () => {
    ({ url, ds } = await migratedDatabase('hic_layouts'));
  });
  afterAll(async () => {
    await ds?.destroy();
    if (url) await dropTestDatabase(url);
  });

  it.each([
    [2007, 5545, "the file's Total row"],
    [2010, 4027, "the file's Total row"],
    [2013, 5708, "the file's Total row"],
    [2016, 8115, 'the sum of the CoC rows (the file has no Total row)'],
  ])(
    'imports HIC %d: beds in service equal the file (%d), all of that year',
    async (year, beds, reference) => {
      const summary = await importHic(ds, yearFile(year));
      expect(summary).toMatchObject({ year, ok: true, otherYearsOpen: 0, check: `bed total equals ${reference}: ${beds}` });
      expect(summary.change.bedsAfter).toBe(beds);
      const service = await inService(ds);
      expect(service.total).toBe(beds);
      expect(service[`hic${year}`]).toBe(beds);
    },
    60_000,
  );
});

describe("HIC import: a code name another year's shelter already has", () => {
  let url: string;
  let ds: DataSource;
  beforeAll(async () => {
    ({ url, ds } = await migratedDatabase('hic_code_names'));
  });
  afterAll(async () => {
    await ds?.destroy();
    if (url) await dropTestDatabase(url);
  });

  it('gives the new shelter a longer code name of its own ref (12, then 16 characters), and keeps it on re-import', async () => {
    await importHic(ds, HIC_2023);
    const file = await readHicFile(yearFile(2024));
    const [first, second, third] = planHicNetwork(file.rows, 2024).shelters.map((s) => s.externalRef);
    // Code names are unique whatever their case: 2023 shelters (as if their refs had hashed alike) take
    // the 8-character names of two 2024 shelters, and the 12-character one of the second; a shelter
    // made by hand takes the third's.
    const old: { id: string; code_name: string }[] = await ds.query(
      `SELECT id, code_name FROM shelter WHERE external_ref LIKE 'hic2023:%' ORDER BY external_ref LIMIT 3`,
    );
    const taken = [hicCodeName(first).toLowerCase(), hicCodeName(second), hicCodeName(second, 12)];
    for (const [i, s] of old.entries()) await ds.query(`UPDATE shelter SET code_name = $2 WHERE id = $1`, [s.id, taken[i]]);
    await ds.query(`INSERT INTO shelter (code_name, region_code, gender_policy, status) VALUES ($1, 'AK-500', 'MIXED', 'CLOSED')`, [hicCodeName(third)]);

    const run = await cli(url, ['import', 'hic', yearFile(2024)]);
    expect(run.stderr).not.toContain('duplicate key');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Check: bed total equals the file's Total row: 2669");
    expect(run.stdout).toContain(
      'Note: 3 code name(s) were taken by shelters of other years or made by hand: those shelters got longer code names of their own refs',
    );
    const nameOf = async (ref: string) => (await ds.query(`SELECT code_name FROM shelter WHERE external_ref = $1`, [ref]))[0].code_name;
    expect(await nameOf(first)).toBe(hicCodeName(first, 12));
    expect(await nameOf(second)).toBe(hicCodeName(second, 16));
    expect(await nameOf(third)).toBe(hicCodeName(third, 12));
    // The others keep their 8 characters, the 2023 shelters their names, and no name is there twice.
    const [names] = await ds.query(
      `SELECT count(*)::int AS all, count(DISTINCT lower(code_name))::int AS distinct,
              count(*) FILTER (WHERE external_ref LIKE 'hic2024:%' AND length(code_name) = 10)::int AS short
         FROM shelter`,
    );
    expect(names.distinct).toBe(names.all);
    expect(names.short).toBe((await ds.query(`SELECT count(*)::int AS n FROM shelter WHERE external_ref LIKE 'hic2024:%'`))[0].n - 3);
    expect(
      (await ds.query(`SELECT code_name FROM shelter WHERE id = ANY($1) ORDER BY external_ref`, [old.map((s) => s.id)])).map(
        (r: { code_name: string }) => r.code_name,
      ),
    ).toEqual(taken);

    // The same year again: nothing created, every name as it was.
    const before = await ds.query(`SELECT id, code_name FROM shelter ORDER BY id`);
    const again = await importHic(ds, yearFile(2024));
    expect(again).toMatchObject({ snapshot: 'SAME', ok: true });
    expect(again.shelters.created).toBe(0);
    expect(await ds.query(`SELECT id, code_name FROM shelter ORDER BY id`)).toEqual(before);
  }, 120_000);
});
