import { Command } from 'commander';
import { AUDIT_COLUMNS, auditRows, OCCUPANCY_COLUMNS, occupancyRows } from '@harbour/core/export/exports';
import { writeSafeCsv } from '@harbour/core/export/csv-safe';
import type { HarbourConfig } from '@harbour/platform/config/config';
import { action, cliConfig, CliError, withDataSource } from '../cli-support';

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
 * Registers `harbour export occupancy --out file.csv` (beds by status per
 * shelter, with the referrals waiting for its region) and
 * `harbour export audit --out file.csv [--since date]` (the audit trail).
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
}
