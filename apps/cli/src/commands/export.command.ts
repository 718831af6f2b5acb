import { Command } from 'commander';
import { AUDIT_COLUMNS, auditRows, OCCUPANCY_COLUMNS, occupancyRows } from '@harbour/core/export/exports';
import { writeSafeCsv } from '@harbour/core/export/csv-safe';
import { writeHicExport } from '@harbour/core/export/hic-export';
import type { HarbourConfig } from '@harbour/platform/config/config';
import { action, cliConfig, CliError, withCliClock, withDataSource } from '../cli-support';

/** What `harbour export` can write. */
export type ExportKind = 'occupancy' | 'audit';

/**
 * Writes one CSV export to `out` (see libs/core export/exports.ts for the
 * columns): every text cell neutralised against formula injection, the file
 * renamed into place only when complete.
 * @param since audit only: events at or after this instant
 * @returns rows written
 * @throws CliError for a `since` that is not a date
 */
export async function runExport(config: HarbourConfig, kind: ExportKind, out: string, since?: string): Promise<number> {
  let from: Date | undefined;
  if (since !== undefined) {
    from = new Date(since);
    if (Number.isNaN(from.getTime())) throw new CliError(`--since "${since}" is not a date (ISO 8601, e.g. 2026-01-31 or 2026-01-31T09:00:00Z)`);
  }
  return withDataSource(config, (ds) =>
    kind === 'occupancy' ? writeSafeCsv(out, OCCUPANCY_COLUMNS, occupancyRows(ds)) : writeSafeCsv(out, AUDIT_COLUMNS, auditRows(ds, from)),
  );
}

/**
 * Writes the network's inventory as a HUD HIC "counts by CoC" file
 * (libs/core export/hic-export.ts) for `year` (default: the year of
 * Harbour's clock), readable by `harbour import hic`.
 * @returns CoC rows written, and region codes that are not CoC numbers
 * @throws CliError for a year outside 2007–2099
 */
export async function runHicExport(config: HarbourConfig, out: string, year?: string): Promise<{ rows: number; beds: number; notCoc: string[] }> {
  let y: number;
  if (year !== undefined) {
    y = Number(year);
    if (!/^\d{4}$/.test(year) || y < 2007 || y > 2099) throw new CliError(`--year "${year}" is not a HIC year (2007–2099)`);
  } else y = await withCliClock(config, async (clock) => (await clock.now()).getUTCFullYear());
  const { rows, notCoc } = await withDataSource(config, (ds) => writeHicExport(ds, out, y));
  return { rows: rows.length, beds: rows.reduce((s, r) => s + r.counts.ALL.yearRoundBeds, 0), notCoc };
}

/**
 * Registers `harbour export occupancy --out file.csv` (beds by status per
 * shelter, with the referrals waiting for its region) and
 * `harbour export audit --out file.csv [--since date]` (the audit trail) and
 * `harbour export hic --out file.csv [--year YYYY]` (the HIC-shaped inventory).
 */
export function registerExportCommand(program: Command): void {
  const exp = program.command('export').description('CSV exports for coordinators (injection-safe: formula-like cells are quote-prefixed)');
  exp
    .command('occupancy')
    .description('per shelter (code name, region): beds total/free/held/occupied/out of service, and referrals waiting for its region')
    .requiredOption('--out <file>', 'CSV file to write')
    .action(
      action(async (opts: { out: string }) => {
        const n = await runExport(cliConfig(), 'occupancy', opts.out);
        process.stdout.write(`wrote ${n} shelters to ${opts.out}\n`);
      }),
    );
  exp
    .command('audit')
    .description('the audit trail, oldest first: id, at, actor, role, action, entity, ip, chain position and hash')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--since <date>', 'only events at or after this date/time (ISO 8601)')
    .action(
      action(async (opts: { out: string; since?: string }) => {
        const n = await runExport(cliConfig(), 'audit', opts.out, opts.since);
        process.stdout.write(`wrote ${n} audit events to ${opts.out}\n`);
      }),
    );
  exp
    .command('hic')
    .description('the bed inventory as a HUD HIC "counts by CoC" CSV (per region: beds by program, DV and household type), readable by harbour import hic')
    .requiredOption('--out <file>', 'CSV file to write, e.g. hic-2026-counts-by-coc.csv')
    .option('--year <yyyy>', "the HIC year named in the file's title (default: the year of Harbour's clock)")
    .action(
      action(async (opts: { out: string; year?: string }) => {
        const r = await runHicExport(cliConfig(), opts.out, opts.year);
        process.stdout.write(`wrote ${r.rows} CoC rows (${r.beds} beds) to ${opts.out}\n`);
        if (r.notCoc.length) {
          process.stderr.write(`warning: ${r.notCoc.length} region codes are not CoC numbers (e.g. ${r.notCoc[0]}); harbour import hic will refuse the file\n`);
        }
      }),
    );
}
