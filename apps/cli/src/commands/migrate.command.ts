import { Command } from 'commander';
import { ensureDatabaseExists, runMigrations } from '@harbour/core/persistence/data-source';
import { action, cliConfig, CliError, redactUrl, withDataSource } from '../cli-support';

/**
 * Registers `harbour migrate`: connects as the owner role (MIGRATION_DATABASE_URL,
 * else DATABASE_URL), creates the database if it does not exist, applies
 * pending migrations under the migration advisory lock, installs
 * DATABASE_SCOPE_KEY and grants the runtime role (DATABASE_URL's user), then
 * prints the name of each migration applied (or that the schema is up to date).
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create the database if needed and apply pending migrations (safe to run from many replicas)')
    .action(
      action(async () => {
        const config = cliConfig();
        const ownerUrl = config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL;
        try {
          await ensureDatabaseExists(ownerUrl);
        } catch (e: unknown) {
          throw new CliError(`cannot reach PostgreSQL at ${redactUrl(ownerUrl)}: ${(e as Error).message}`);
        }
        const applied = await withDataSource(config, (ds) => runMigrations(ds, config), ownerUrl);
        if (applied.length === 0) {
          process.stdout.write('schema is up to date: no migration to apply\n');
        } else {
          process.stdout.write(`applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}\n`).join('')}`);
        }
      }),
    );
}
