import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { AgeBand, ExploitationType, Gender, ReferralStatus, Role, Urgency } from '@harbour/domain';
import { MatchingService } from '@harbour/core/placements/matching.service';
import { ReferralEntity } from '@harbour/core/referrals/referral.entity';
import { randomBytes } from 'node:crypto';
import { action, cliConfig, withDataSource } from '../cli-support';
import { surgeReferrals } from '../bench/surge';
import { runSuite } from '../bench/suite';
import { benchContention } from '../bench/contention';
import { GraphQLClient } from '../replay/graphql-client';
import { mintDevToken } from './token.command';

/** Percentile (0..1) of sorted numbers. */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * `harbour bench surge`: sends one bulkCreateReferrals of `count` referrals
 * (the surge mix of bench/surge.ts, preferring the first region) to the
 * running API and prints how long the call took (creation + waitlisting + one
 * batch assignment), how many were offered a bed, and in which regions.
 * Writes to the database it runs against: use a database of your own.
 */
async function benchSurge(opts: { url?: string; count: number; regions?: string }): Promise<void> {
  const config = cliConfig();
  const gql = new GraphQLClient(opts.url ?? `http://127.0.0.1:${config.PORT}/graphql`);
  const coordinator = await mintDevToken(config, { role: Role.COORDINATOR, sub: 'bench-coordinator', shelterIds: [], agencyId: null, ttl: '1h' });
  type Row = { regionCode: string; totalBeds: number };
  const regions = opts.regions
    ? opts.regions
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
    : ((await gql.request(coordinator, '{ availability { regionCode totalBeds } }')).availability as Row[])
        .filter((a) => a.totalBeds > 0)
        .sort((a, b) => b.totalBeds - a.totalBeds || a.regionCode.localeCompare(b.regionCode))
        .slice(0, 5)
        .map((a) => a.regionCode);
  if (regions.length === 0) throw new Error('No region has free beds: import a network first, or name --regions.');
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const agency = await gql.request(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
    i: { name: `Surge bench ${tag}`, kind: 'POLICE' },
  });
  const officer = await mintDevToken(config, {
    role: Role.REFERRAL_OFFICER,
    sub: 'bench-officer',
    shelterIds: [],
    agencyId: agency.createAgency.id,
    ttl: '1h',
  });
  const [{ beds }] = await withDataSource(config, (ds) => ds.query(`SELECT count(*)::int AS beds FROM bed WHERE status = 'AVAILABLE'`));
  const t0 = performance.now();
  const out = await gql.request(
    officer,
    `mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) {
       holdsOffered stillWaiting runs solverStatus objective referrals { status activeHold { shelter { regionCode } } } } }`,
    { i: surgeReferrals(opts.count, regions, tag) },
  );
  const ms = performance.now() - t0;
  const r = out.bulkCreateReferrals;
  const byRegion = new Map<string, number>();
  for (const x of r.referrals) if (x.activeHold) byRegion.set(x.activeHold.shelter.regionCode, (byRegion.get(x.activeHold.shelter.regionCode) ?? 0) + 1);
  console.log(`surge of ${opts.count} referrals (preferring ${regions[0]}) on a network with ${beds} free beds`);
  console.log(`bulkCreateReferrals: ${ms.toFixed(0)} ms (create + waitlist + one batch assignment + holds)`);
  console.log(`offered ${r.holdsOffered}, still waiting ${r.stillWaiting}, runs ${r.runs}, solver ${r.solverStatus}, objective ${r.objective}`);
  console.log(
    `holds by region: ${[...byRegion]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}

/** Options of `harbour bench` (each names the benchmarks it applies to). */
interface BenchCommandOptions {
  samples: number;
  count: number;
  regions?: string;
  url?: string;
  seconds: number;
  requests: number;
  placements: number;
  apiPid?: number;
  workerPid?: number;
  importSeconds?: number;
  out?: string;
  rounds: number;
  parallel: number;
  size: number;
  region?: string;
  regionCount: number;
}

/**
 * `harbour bench match`: times the candidate search (SQL + ranking) on the
 * network in the database, read-only, for a few kinds of referral, and prints
 * p50/p95 per kind. Compare kinds within one run; the machine is shared.
 */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      "measure the candidate search (match, read-only), a surge intake (surge, writes), concurrent surges (contention, writes) or issue 13's figures (suite, writes then withdraws; behind `npm run bench`) against the running API",
    )
    .argument('<what>', 'what to measure: match | surge | suite | contention')
    .option('--samples <n>', 'match: searches per kind', (v) => Number(v), 20)
    .option('--count <n>', 'surge: referrals in the one bulkCreateReferrals call (1..200)', (v) => Number(v), 200)
    .option('--regions <codes>', 'surge: comma-separated region codes, the first preferred (default: the 5 with most beds)')
    .option('--url <url>', 'surge, suite: GraphQL endpoint, localhost only (default http://127.0.0.1:$PORT/graphql)')
    .option('--seconds <n>', 'suite: upper bound of each load loop, in seconds', (v) => Number(v), 6)
    .option('--requests <n>', 'suite: upper bound of each load loop, in requests', (v) => Number(v), 3000)
    .option('--placements <n>', 'suite: referrals created for the region-restricted requestPlacement loop (national: at most 50)', (v) => Number(v), 100)
    .option('--api-pid <pid>', 'suite: process id of the API, for its RSS', (v) => Number(v))
    .option('--worker-pid <pid>', 'suite: process id of the worker, for its RSS', (v) => Number(v))
    .option('--import-seconds <s>', 'suite: how long the HIC import of this run took (when it imported)', (v) => Number(v))
    .option('--out <file>', 'suite: Markdown file to write the table into, between <!-- bench:start --> and <!-- bench:end -->')
    .option('--rounds <n>', 'contention: rounds of concurrent surges', (v) => Number(v), 2)
    .option('--parallel <n>', 'contention: concurrent bulkCreateReferrals calls per round', (v) => Number(v), 3)
    .option('--size <n>', 'contention: referrals per concurrent call', (v) => Number(v), 4)
    .option('--region <code>', 'contention: the region every referral prefers (default AK-500)')
    .option('--region-count <n>', 'contention: referrals of the one-region surge', (v) => Number(v), 60)
    .action(
      action(async (what: string, opts: BenchCommandOptions) => {
        if (what === 'surge') return benchSurge(opts);
        if (what === 'contention') {
          const config = cliConfig();
          return benchContention(config, {
            url: opts.url ?? `http://127.0.0.1:${config.PORT}/graphql`,
            rounds: opts.rounds,
            parallel: opts.parallel,
            size: opts.size,
            region: opts.region ?? 'AK-500',
            regionCount: opts.regionCount,
          });
        }
        if (what === 'suite') {
          const config = cliConfig();
          return runSuite(config, {
            url: opts.url ?? `http://127.0.0.1:${config.PORT}/graphql`,
            apiPid: opts.apiPid ?? null,
            workerPid: opts.workerPid ?? null,
            seconds: opts.seconds,
            requests: opts.requests,
            placements: opts.placements,
            out: opts.out ?? null,
            importSeconds: opts.importSeconds ?? null,
          });
        }
        if (what !== 'match') throw new Error(`unknown benchmark ${what}; try: match, surge, suite, contention`);
        await withDataSource(cliConfig(), async (ds) => {
          const matching = new MatchingService();
          const [{ code: region }] = await ds.query(`SELECT region_code AS code FROM shelter GROUP BY region_code ORDER BY count(*) DESC LIMIT 1`);
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
