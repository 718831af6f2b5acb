import { resolve } from 'node:path';
import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { formatHicSummary, HicCheckError, importHic } from '@harbour/core/import/hic-import.service';
import { action, CliError, cliConfig, ExitCode, withDataSource } from '../cli-support';

/**
 * Progress of one import on `stream` (stderr): what was read and planned at
 * once, then beds written: a bar on a terminal, else one plain line per 10%
 * (a log file or CI shows progress too; cli-progress draws nothing without a TTY).
 */
export class ImportProgress {
  private bar: SingleBar | null = null;
  private lastTenth = -1;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** The file is being read. */
  reading(file: string): void {
    this.stream.write(`reading ${file}\n`);
  }

  /** The file was read and the network planned. */
  planned(p: { rows: number; year: number; shelters: number; rooms: number; beds: number }): void {
    this.stream.write(`read ${p.rows} CoC rows of HIC ${p.year}; writing ${p.shelters} shelters, ${p.rooms} rooms and ${p.beds} beds in one transaction\n`);
  }

  /** `written` of `total` beds are written. */
  beds(written: number, total: number): void {
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar(
          { stream: this.stream, format: 'beds written |{bar}| {percentage}% | {value}/{total} | {duration}s', hideCursor: true, clearOnComplete: false },
          Presets.shades_classic,
        );
        this.bar.start(total, written);
      } else this.bar.update(written);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((written / total) * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`beds written: ${written} of ${total} (${tenth * 10}%) after ${((Date.now() - this.started) / 1000).toFixed(1)} s\n`);
  }

  /** Stops the bar (if any). */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/**
 * Registers `harbour import` and its sub-commands:
 * - `harbour import hic <file> [--year YYYY] [--dry-run]`: imports a HIC
 *   "counts by CoC" CSV of any year (2007–2024 layouts) as the network's
 *   snapshot of that year (docs/hic-import.md), in one transaction, with
 *   progress on stderr (rows read, beds written) and the summary (what was
 *   added, retired and changed) on stdout. `--dry-run` does it all and rolls back.
 *
 * Exit codes: 0 imported (or dry run) and totals check out; 1 bad file, unknown
 * or ambiguous year, an earlier year than the network's, or a database error
 * (nothing written; the message names line and column where there is one);
 * 2 bad configuration; 3 the bed totals written disagreed with the file's Total
 * row, so the import was rolled back (nothing written).
 */
export function registerImportCommand(program: Command): void {
  const importCommand = program.command('import').description('import reference data into Harbour');

  importCommand
    .command('hic')
    .argument('<file>', 'the HIC "counts by CoC" CSV, e.g. ../shared/data/hic-2023-counts-by-coc.csv')
    .option('--year <year>', 'the HIC year of the file, when neither its title rows nor its name say it (if they do, they must agree)')
    .option('--dry-run', 'print what the import would add, retire and change, and write nothing')
    .description('import a US Housing Inventory Count (counts by CoC, any year) as regions, safe houses, rooms and beds')
    .action(
      action(async (file: string, opts: { year?: string; dryRun?: boolean }) => {
        const config = cliConfig();
        const path = resolve(file);
        let year: number | undefined;
        if (opts.year !== undefined) {
          if (!/^\d{4}$/.test(opts.year)) throw new CliError(`--year must be a four-digit year such as 2024, got "${opts.year}"`);
          year = Number(opts.year);
        }
        const progress = new ImportProgress();
        progress.reading(path);
        try {
          const summary = await withDataSource(config, (ds) =>
            importHic(ds, path, {
              year,
              dryRun: opts.dryRun === true,
              onPlanned: (p) => progress.planned(p),
              onBedsWritten: (written, total) => progress.beds(written, total),
            }),
          );
          progress.stop();
          process.stdout.write(`${formatHicSummary(summary)}\n`);
          return ExitCode.OK;
        } catch (e: unknown) {
          if (!(e instanceof HicCheckError)) throw e;
          progress.stop();
          process.stdout.write(`${formatHicSummary(e.summary)}\n`);
          process.stderr.write(`\n!!! ${e.summary.check}\n!!! rolled back: nothing was written\n`);
          return ExitCode.CHECK_FAILED;
        } finally {
          progress.stop();
        }
      }),
    );
}
