/**
 * `harbour import hic` shows progress while it works, also when stderr is not
 * a terminal (a log file, CI): what it reads at once, then beds written in
 * steps of 10%, then the summary on stdout.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '@harbour/platform';
import { dataSourceOptions, runMigrations } from '@harbour/core';
import { createTestDatabase, dropTestDatabase } from './support/harbour-harness';

const REPO = path.resolve(__dirname, '..');
const run = promisify(execFile);

describe('harbour import hic progress', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase('import_progress');
    const config = loadConfig({ DATABASE_URL: url });
    const ds = new DataSource(dataSourceOptions(config, 'SERVICE'));
    await ds.initialize();
    await runMigrations(ds, config);
    await ds.destroy();
  });
  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it('prints rows read and beds written as it goes, without a terminal', async () => {
    const fixture = path.join(REPO, 'libs/core/src/import/fixtures/hic-2023-small.csv');
    const { stdout, stderr } = await run('node', ['-r', './test/support/ts-register.js', 'apps/cli/src/main.ts', 'import', 'hic', fixture], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, NODE_ENV: 'development' },
    });
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe(`reading ${fixture}`);
    const planned = /^read (\d+) CoC rows of HIC 2023; writing (\d+) shelters, (\d+) rooms and (\d+) beds in one transaction$/.exec(lines[1]);
    expect(planned).not.toBeNull();
    const beds = Number(planned![4]);
    const written = lines.slice(2).map((l) => /^beds written: (\d+) of (\d+) \((\d+)%\) after [\d.]+ s$/.exec(l));
    expect(written.every((m) => m !== null)).toBe(true);
    expect(written[0]![1]).toBe('0');
    expect(written.at(-1)!.slice(1, 4)).toEqual([String(beds), String(beds), '100']);
    // Counts only go up, one line per 10% step at most.
    const counts = written.map((m) => Number(m![1]));
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(written.length).toBeLessThanOrEqual(11);
    expect(stdout).toMatch(new RegExp(`beds: +${beds} created, 0 already present`));
    // Networks outside the UK (every CoC region of the import) take the generic ECAT profile (docs/nrm-stages.md).
    const ds = new DataSource(dataSourceOptions(loadConfig({ DATABASE_URL: url }), 'SERVICE'));
    await ds.initialize();
    try {
      expect(await ds.query(`SELECT DISTINCT jurisdiction FROM region`)).toEqual([{ jurisdiction: 'GENERIC_ECAT' }]);
    } finally {
      await ds.destroy();
    }
  });
});
