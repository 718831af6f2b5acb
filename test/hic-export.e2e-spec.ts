/**
 * `harbour export hic` writes the network as a HUD HIC "counts by CoC" file,
 * and `harbour import hic` reads it back into an empty database with the same
 * beds: per CoC, per program, DV kind and household type, and in total. The
 * network is written by SQL here (so the expected figures come from this test,
 * not from the importer), with shelters of both kinds: one imported from a
 * HIC file (its external ref names program, DV kind and household) and ones
 * made in Harbour (Emergency Shelter, DV, household from what they accept).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '@harbour/platform';
import { dataSourceOptions, runMigrations } from '@harbour/core';
import { parseHicCsv } from '@harbour/core/import/hic-csv';
import { createTestDatabase, dropTestDatabase } from './support/harbour-harness';

const REPO = path.resolve(__dirname, '..');
const run = promisify(execFile);

async function migrated(label: string): Promise<{ url: string; ds: DataSource }> {
  const url = await createTestDatabase(label);
  const config = loadConfig({ DATABASE_URL: url });
  const ds = new DataSource(dataSourceOptions(config, 'SERVICE'));
  await ds.initialize();
  await runMigrations(ds, config);
  return { url, ds };
}

function harbour(url: string, ...args: string[]) {
  return run('node', ['-r', './test/support/ts-register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, NODE_ENV: 'development' },
  });
}

/** A shelter with `rooms` rooms of `bedsPerRoom` beds; `outOfService` of its beds out of service. */
async function shelter(
  ds: DataSource,
  s: {
    code: string;
    region: string;
    families?: boolean;
    minors?: boolean;
    ref?: string;
    status?: string;
    rooms: number;
    bedsPerRoom: number;
    outOfService?: number;
  },
) {
  const [{ id }] = await ds.query(
    `INSERT INTO shelter (code_name, region_code, gender_policy, accepts_families, accepts_minors, external_ref, status, adult_max_age)
     VALUES ($1, $2, 'MIXED', $3, $4, $5, $6, $7) RETURNING id`,
    [s.code, s.region, s.families ?? false, s.minors ?? false, s.ref ?? null, s.status ?? 'OPEN', s.minors ? 24 : null],
  );
  for (let r = 1; r <= s.rooms; r++) {
    const [{ id: room }] = await ds.query(`INSERT INTO room (shelter_id, label) VALUES ($1, $2) RETURNING id`, [id, `R${r}`]);
    for (let b = 1; b <= s.bedsPerRoom; b++) await ds.query(`INSERT INTO bed (room_id, shelter_id, label) VALUES ($1, $2, $3)`, [room, id, `R${r}-B${b}`]);
  }
  if (s.outOfService) {
    await ds.query(`UPDATE bed SET status = 'OUT_OF_SERVICE' WHERE id IN (SELECT id FROM bed WHERE shelter_id = $1 ORDER BY label LIMIT $2)`, [
      id,
      s.outOfService,
    ]);
  }
}

/** Beds of OPEN shelters per region, straight from the tables. */
const bedsByRegion = (ds: DataSource) =>
  ds.query(`SELECT s.region_code AS region, count(*)::int AS beds FROM bed b JOIN shelter s ON s.id = b.shelter_id
             WHERE s.status = 'OPEN' GROUP BY 1 ORDER BY 1`);

describe('harbour export hic round trip', () => {
  let a: { url: string; ds: DataSource };
  let b: { url: string; ds: DataSource };
  let dir: string;
  beforeAll(async () => {
    a = await migrated('hic_export_a');
    b = await migrated('hic_export_b');
    dir = await mkdtemp(path.join(tmpdir(), 'hic-export-'));
    await a.ds.query(`INSERT INTO region (code, name, jurisdiction) VALUES ('AA-100', 'AA-100', 'GENERIC_ECAT'), ('AA-200', 'AA-200', 'GENERIC_ECAT')`);
    await shelter(a.ds, { code: 'TH-ADULT', region: 'AA-100', ref: 'hic2023:AA-100:TH:NONDV:ADULT:1', rooms: 3, bedsPerRoom: 2 });
    await shelter(a.ds, { code: 'SH-ADULT', region: 'AA-100', ref: 'hic2023:AA-100:SH:NONDV:ADULT:1', rooms: 1, bedsPerRoom: 2 });
    await shelter(a.ds, { code: 'FAMILIES', region: 'AA-100', families: true, rooms: 2, bedsPerRoom: 4 });
    await shelter(a.ds, { code: 'YOUTH', region: 'AA-200', minors: true, rooms: 1, bedsPerRoom: 2, outOfService: 1 });
    await shelter(a.ds, { code: 'ADULTS', region: 'AA-200', rooms: 1, bedsPerRoom: 3 });
    await shelter(a.ds, { code: 'SHUT', region: 'AA-200', status: 'CLOSED', rooms: 1, bedsPerRoom: 5 });
  });
  afterAll(async () => {
    for (const x of [a, b]) {
      if (!x) continue;
      await x.ds.destroy();
      await dropTestDatabase(x.url);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('exports the counts by CoC, and imports them back with the same beds', async () => {
    const file = path.join(dir, 'hic-2023-counts-by-coc.csv');
    const exported = await harbour(a.url, 'export', 'hic', '--out', file, '--year', '2023');
    expect(exported.stdout).toBe(`wrote 2 CoC rows (21 beds) to ${file}\n`);
    expect(exported.stderr).toBe('');

    // The file in the HIC's own terms, read by the importer's reader.
    const parsed = parseHicCsv(await readFile(file));
    expect(parsed.totalRowMismatches).toEqual([]);
    const byCoc = Object.fromEntries(parsed.rows.map((r) => [r.coc, r]));
    expect(Object.keys(byCoc)).toEqual(['AA-100', 'AA-200']);
    const counts = (
      yearRoundBeds: number,
      nonDvBeds: number,
      unitsWithChildren: number,
      bedsWithChildren: number,
      bedsWithoutChildren: number,
      bedsOnlyChildren: number,
    ) => ({
      yearRoundBeds,
      nonDvBeds,
      unitsWithChildren,
      bedsWithChildren,
      bedsWithoutChildren,
      bedsOnlyChildren,
    });
    // AA-100: TH 6 non-DV adult beds and SH 2 (imported), ES 8 family beds in 2 rooms (made here: DV).
    expect(byCoc['AA-100'].total).toEqual(counts(16, 8, 2, 8, 8, 0));
    expect(byCoc['AA-100'].programs).toEqual({ ES: counts(8, 0, 2, 8, 0, 0), TH: counts(6, 6, 0, 0, 6, 0), SH: counts(2, 2, 0, 0, 2, 0) });
    // AA-200: ES 2 youth beds (one out of service: still inventory) and 3 adult beds; the closed shelter is not counted.
    expect(byCoc['AA-200'].total).toEqual(counts(5, 0, 0, 0, 3, 2));
    expect(parsed.totalRow!.totals.ALL.yearRoundBeds).toBe(21);

    // Into an empty database: the same beds per region, and per program, DV kind and household type.
    await harbour(b.url, 'import', 'hic', file);
    expect(await bedsByRegion(b.ds)).toEqual(await bedsByRegion(a.ds));
    expect(await bedsByRegion(b.ds)).toEqual([
      { region: 'AA-100', beds: 16 },
      { region: 'AA-200', beds: 5 },
    ]);
    const again = path.join(dir, 'again-2023.csv');
    await harbour(b.url, 'export', 'hic', '--out', again, '--year', '2023');
    const reparsed = parseHicCsv(await readFile(again));
    expect(reparsed.rows.map((r) => [r.coc, r.total, r.programs])).toEqual(parsed.rows.map((r) => [r.coc, r.total, r.programs]));
    expect(reparsed.totalRow!.totals).toEqual(parsed.totalRow!.totals);
  });

  it('warns when a region code is not a CoC number, and refuses a bad year', async () => {
    await a.ds.query(`INSERT INTO region (code, name, jurisdiction) VALUES ('NORTH', 'North', 'GENERIC_ECAT')`);
    await shelter(a.ds, { code: 'NORTHERN', region: 'NORTH', rooms: 1, bedsPerRoom: 1 });
    const file = path.join(dir, 'north.csv');
    const r = await harbour(a.url, 'export', 'hic', '--out', file, '--year', '2023');
    expect(r.stderr).toBe('warning: 1 region codes are not CoC numbers (e.g. NORTH); harbour import hic will refuse the file\n');
    await expect(harbour(a.url, 'export', 'hic', '--out', file, '--year', '23')).rejects.toMatchObject({
      stderr: expect.stringContaining('--year "23" is not a HIC year (2007–2099)'),
    });
  });
});
