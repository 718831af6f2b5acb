import { resolve } from 'node:path';
import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { formatHicSummary, importHic } from '@harbour/core/import/hic-import.service';
import { action, cliConfig, ExitCode, withDataSource } from '../cli-support';

/**
 * Registers `harbour import` and its sub-commands:
 * - `harbour import hic <file>`: imports the HIC 2023 "counts by CoC" CSV as the
 *   network (docs/hic-import.md), in one transaction, with a progress bar on
 *   stderr and the summary on stdout.
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
        const bar = new SingleBar(
          {
            stream: process.stderr,
            format: 'importing HIC |{bar}| {percentage}% | {value}/{total} shelters+rooms+beds | {duration}s',
            hideCursor: true,
            clearOnComplete: false,
          },
          Presets.shades_classic,
        );
        let started = false;
        try {
          const summary = await withDataSource(config, (ds) =>
            importHic(ds, path, {
              onProgress: (done, total) => {
                if (!started) {
                  bar.start(total, done);
                  started = true;
                } else {
                  bar.update(done);
                }
              },
            }),
          );
          if (started) bar.stop();
          process.stdout.write(`${formatHicSummary(summary)}\n`);
          if (!summary.ok) {
            process.stderr.write(`\n!!! ${summary.check}\n`);
            return ExitCode.CHECK_FAILED;
          }
          return ExitCode.OK;
        } finally {
          if (started) bar.stop();
        }
      }),
    );
}
