import { Command } from 'commander';
import { AuditService } from '@harbour/core/audit/audit.service';
import { RetentionService } from '@harbour/core/referrals/retention.service';
import { action, cliConfig, withCliClock, withDataSource } from '../cli-support';

/**
 * `harbour retention run`: anonymises now the closed referrals past
 * RETENTION_DAYS (what the worker does once a day), by Harbour's clock.
 */
export function registerRetentionCommand(program: Command): void {
  program
    .command('retention')
    .description('data retention of closed referrals')
    .command('run')
    .description('anonymise now the referrals closed more than RETENTION_DAYS ago (the worker does this daily)')
    .action(
      action(async () => {
        const config = cliConfig();
        const n = await withCliClock(config, (clock) =>
          withDataSource(config, (ds) => new RetentionService(ds, config, clock, new AuditService(config)).anonymiseClosedReferrals()),
        );
        process.stdout.write(`anonymised ${n} referrals closed more than ${config.RETENTION_DAYS} days ago\n`);
      }),
    );
}
