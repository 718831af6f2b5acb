import { Command } from 'commander';
import { ensureDatabaseExists, runMigrations } from '@harbour/core/persistence/data-source';
import { action, cliConfig, CliError, redactUrl, withDataSource } from '../cli-support';

/**
 * Registers `harbour migrate`: creates the database named in DATABASE_URL if it
 * does not exist, then applies pending migrations under the migration advisory
 * lock, printing the name of each one applied (or that the schema is up to date).
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create the database if needed and apply pending migrations (safe to run from many replicas)')
    .action(
      action(async () => {
        const config = cliConfig();
        try {
          await ensureDatabaseExists(config.DATABASE_URL);
        } catch (e: unknown) {
          throw new CliError(`cannot reach PostgreSQL at ${redactUrl(config.DATABASE_URL)}: ${(e as Error).message}`);
        }
        const applied = await withDataSource(config, (ds) => runMigrations(ds));
        if (applied.length === 0) {
          process.stdout.write('schema is up to date: no migration to apply\n');
        } else {
          process.stdout.write(`applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}\n`).join('')}`);
        }
      }),
    );
}
