#!/usr/bin/env node
/**
 * `harbour`: Harbour's command line (plain commander, no Nest application).
 * One file per command under ./commands; each exports `registerXCommand(program)`
 * and is registered below with one line. Configuration comes from the
 * environment (loadConfig); an invalid configuration exits with code 2.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { registerAuditCommand } from './commands/audit.command';
import { registerBenchCommand } from './commands/bench.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerExportCommand } from './commands/export.command';
import { registerImportCommand } from './commands/import.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerReportCommand } from './commands/report.command';
import { registerRetentionCommand } from './commands/retention.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerTokenCommand } from './commands/token.command';
import { reportError } from './cli-support';

/** Builds the `harbour` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('harbour')
    .description('Harbour: safe-house bed coordination. Configuration is read from environment variables (see README).')
    .showHelpAfterError('(run with --help for usage)');

  registerMigrateCommand(program);
  registerImportCommand(program);
  registerTokenCommand(program);
  registerDemoCommand(program);
  registerReplayCommand(program);
  registerSimulateCommand(program);
  registerBenchCommand(program);
  registerAuditCommand(program);
  registerKeysCommand(program);
  registerRetentionCommand(program);
  registerExportCommand(program);
  registerReportCommand(program);

  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.exitCode = reportError(e);
    });
}
