import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { AgeBand, ExploitationType, Gender, ReferralStatus, Urgency } from '@harbour/domain';
import { MatchingService } from '@harbour/core/placements/matching.service';
import { ReferralEntity } from '@harbour/core/referrals/referral.entity';
import { action, cliConfig, withDataSource } from '../cli-support';

/** Percentile (0..1) of sorted numbers. */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * `harbour bench match`: times the candidate search (SQL + ranking) on the
 * network in the database, read-only, for a few kinds of referral, and prints
 * p50/p95 per kind. Compare kinds within one run; the machine is shared.
 */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure the candidate search on the current network (read-only)')
    .argument('<what>', 'what to measure: match')
    .option('--samples <n>', 'searches per kind', (v) => Number(v), 20)
    .action(
      action(async (what: string, opts: { samples: number }) => {
        if (what !== 'match') throw new Error(`unknown benchmark ${what}; try: match`);
        await withDataSource(cliConfig(), async (ds) => {
          const matching = new MatchingService();
          const [{ code: region }] = await ds.query(
            `SELECT region_code AS code FROM shelter GROUP BY region_code ORDER BY count(*) DESC LIMIT 1`,
          );
          const base = {
            id: '00000000-0000-0000-0000-000000000000',
            ageBand: AgeBand.AGE_25_34,
            languages: ['ro', 'en'],
            exploitationTypes: [ExploitationType.SEXUAL],
            dependants: [],
            accessibilityNeeds: [],
            exclusionRegions: [],
            preferredRegions: [region],
            acceptableRegions: [],
            urgency: Urgency.URGENT,
            status: ReferralStatus.OPEN,
          };
          const kinds: [string, Partial<ReferralEntity>][] = [
            ['woman, anywhere', { gender: Gender.FEMALE }],
            ['man, anywhere', { gender: Gender.MALE }],
            ['mother + 2 children, anywhere', { gender: Gender.FEMALE, dependants: [{ ageBand: AgeBand.UNDER_18 }, { ageBand: AgeBand.UNDER_18 }] }],
            ['woman, one acceptable region', { gender: Gender.FEMALE, acceptableRegions: [region] }],
            ['wheelchair user, anywhere', { gender: Gender.MALE, accessibilityNeeds: ['WHEELCHAIR' as never] }],
          ];
          const [{ beds }] = await ds.query('SELECT count(*)::int AS beds FROM bed');
          console.log(`candidate search on a network of ${beds} beds; ${opts.samples} searches per kind`);
          console.log(`${'referral'.padEnd(32)} ${'candidates'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
          for (const [name, k] of kinds) {
            const referral = { ...base, ...k } as ReferralEntity;
            const times: number[] = [];
            let n = 0;
            for (let i = 0; i < opts.samples; i++) {
              const t0 = performance.now();
              n = (await matching.candidates(ds.manager, referral)).length;
              times.push(performance.now() - t0);
            }
            times.sort((a, b) => a - b);
            console.log(`${name.padEnd(32)} ${String(n).padStart(10)} ${pct(times, 0.5).toFixed(1).padStart(8)} ${pct(times, 0.95).toFixed(1).padStart(8)}`);
          }
        });
      }),
    );
}
