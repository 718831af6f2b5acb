import { Command } from 'commander';
import { AuditChainService } from '@harbour/core/audit/audit-chain.service';
import { readHeads } from '@harbour/core/audit/audit-head';
import { action, cliConfig, CliError, withDataSource } from '../cli-support';

/**
 * `harbour audit verify`: recomputes the audit trail's hash chain and says
 * whether any sealed event was altered, removed, inserted or reordered.
 * `harbour audit seal` seals events now (the worker does it every few seconds).
 */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description("verify the audit hash chain and every event's content MAC (exit 1 when broken)")
    .option('--heads <file>', 'also check the chain against the heads the worker exported (AUDIT_HEAD_FILE): finds a rewritten or cut-off chain')
    .action(
      action(async (opts: { heads?: string }) => {
        const config = cliConfig();
        let heads;
        try {
          heads = opts.heads ? readHeads(opts.heads) : [];
        } catch (e) {
          throw new CliError((e as Error).message);
        }
        const result = await withDataSource(config, (ds) => new AuditChainService(ds, config).verify(undefined, heads));
        if (!result.ok) {
          throw new CliError(`audit chain BROKEN at position ${result.firstBadSeq}: ${result.problem} (${result.checked} events verified before it)`);
        }
        process.stdout.write(
          `audit chain intact: ${result.checked} sealed events verified; ${result.unsealed} not yet sealed` +
            (heads.length ? `; ${heads.length} exported heads match\n` : '\n') +
            `head: position ${result.headSeq ?? '-'} hash ${result.headHash} (keep it elsewhere: removal of the newest events shows only against it)\n`,
        );
      }),
    );
  audit
    .command('seal')
    .description('seal committed audit events into the chain now')
    .action(
      action(async () => {
        let total = 0;
        const config = cliConfig();
        await withDataSource(config, async (ds) => {
          const chain = new AuditChainService(ds, config);
          for (let n = await chain.seal(); n > 0; n = await chain.seal()) total += n;
        });
        process.stdout.write(`sealed ${total} audit events\n`);
      }),
    );
}
