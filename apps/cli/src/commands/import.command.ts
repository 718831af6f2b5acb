import { resolve } from 'node:path';
import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { formatHicSummary, importHic } from '@harbour/core/import/hic-import.service';
import { action, cliConfig, ExitCode, withDataSource } from '../cli-support';

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
  planned(p: { rows: number; shelters: number; rooms: number; beds: number }): void {
    this.stream.write(`read ${p.rows} CoC rows; writing ${p.shelters} shelters, ${p.rooms} rooms and ${p.beds} beds in one transaction\n`);
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
 * - `harbour import hic <file>`: imports the HIC 2023 "counts by CoC" CSV as the
 *   network (docs/hic-import.md), in one transaction, with progress on stderr
 *   (rows read, beds written) and the summary on stdout.
 *
 * Exit codes: 0 imported and totals check out; 1 bad file or database error
 * (nothing imported; the message names line and column); 2 bad configuration;
 * 3 imported but the bed totals disagree with the file's Total row.
 */
export function registerImportCommand(program: Command): void {
  const importCommand = program.command('import').description('import reference data into Harbour');

  importCommand
    .command('hic')
    .argument('<file>', 'the HIC "counts by CoC" CSV, e.g. ../shared/data/hic-2023-counts-by-coc.csv')
    .description('import the US Housing Inventory Count 2023 (counts by CoC) as regions, safe houses, rooms and beds')
    .action(
      action(async (file: string) => {
        const config = cliConfig();
        const path = resolve(file);
        const progress = new ImportProgress();
        progress.reading(path);
        try {
          const summary = await withDataSource(config, (ds) =>
            importHic(ds, path, {
              onPlanned: (p) => progress.planned(p),
              onBedsWritten: (written, total) => progress.beds(written, total),
            }),
          );
          progress.stop();
          process.stdout.write(`${formatHicSummary(summary)}\n`);
          if (!summary.ok) {
            process.stderr.write(`\n!!! ${summary.check}\n`);
            return ExitCode.CHECK_FAILED;
          }
          return ExitCode.OK;
        } finally {
          progress.stop();
        }
      }),
    );
}
