import { Command, InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import { loadConfig } from '@harbour/platform/config/config';
import { mintDevToken, TOKEN_ROLES } from './token.command';
import { readReferralMix } from '@harbour/simulation';
import { median, Replay, ReplayTotals } from '../replay/replay';
import { GraphQLClient } from '../replay/graphql-client';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};
const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

/**
 * `harbour replay`: drives the running API and worker as officers and staff
 * would, with Harbour's clock moved forward between rounds, and prints what
 * happened. Needs the API on CLOCK_MODE=adjustable (as `npm start` runs it).
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay referrals, arrivals, declines, no-shows and exits against the running system through its GraphQL API')
    .option('--url <url>', 'GraphQL endpoint (default http://127.0.0.1:$PORT/graphql)')
    .option('--seed <n>', 'random seed: same seed, same replay', int('seed'), 1)
    .option('--days <n>', 'simulated days', int('days'), 120)
    .option('--step-hours <n>', 'clock step between rounds, hours', num('step-hours'), 6)
    .option('--regions <codes>', 'comma-separated region codes to replay in (default: the 3 smallest regions with 40+ beds of every kind)')
    .option('--load <x>', 'demand relative to bed turnover (beds / mean stay per day)', num('load'), 1.4)
    .option('--max-referrals <n>', 'cap on referrals created', int('max-referrals'), 600)
    .option('--year <yyyy>', 'NRM year whose referral mix to follow (default: latest in the file)', int('year'))
    .option('--data-dir <dir>', 'folder with uk-nrm-referrals-by-year.csv', process.env.HARBOUR_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data'))
    .action(async (opts) => {
      const config = loadConfig();
      const url = opts.url ?? `http://127.0.0.1:${config.PORT}/graphql`;
      const token = (claims: { role: string; sub: string; shelterIds?: string[]; agencyId?: string }) =>
        mintDevToken(config, {
          role: claims.role as (typeof TOKEN_ROLES)[number],
          sub: claims.sub,
          shelterIds: claims.shelterIds ?? [],
          agencyId: claims.agencyId ?? null,
          ttl: '12h',
        });
      const mix = readReferralMix(resolve(opts.dataDir, 'uk-nrm-referrals-by-year.csv'), opts.year);
      const regions: string[] = opts.regions
        ? String(opts.regions)
            .split(',')
            .map((s: string) => s.trim())
            .filter(Boolean)
        : await smallestRegions(new GraphQLClient(url), await token({ role: 'COORDINATOR', sub: 'replay-coordinator' }));
      console.error(
        `Replaying ${opts.days} days in ${regions.join(', ')} (seed ${opts.seed}, load ${opts.load}); ` +
          `referral mix of ${mix.year}: ${Math.round(mix.maleShare * 100)}% male, ${Math.round(mix.childShare * 100)}% children`,
      );
      const started = Date.now();
      const replay = new Replay({
        url,
        seed: opts.seed,
        days: opts.days,
        stepHours: opts.stepHours,
        regions,
        load: opts.load,
        maxReferrals: opts.maxReferrals,
        meanStayDays: 81,
        arriveShare: 0.8,
        declineShare: 0.1,
        mix,
        // A minute of work, plus the time a SIGKILLed worker's job needs to be handed back (3 x JOB_LOCK_MS).
        workerWaitMs: 60_000 + 3 * config.JOB_LOCK_MS,
        timeZone: config.TIME_ZONE,
        token,
        onProgress: (day, t) => {
          const line = `day ${String(Math.round(day)).padStart(4)}: ${t.referrals} referrals, ${t.placed} placed, ${t.waitlisted} waitlisted`;
          // Redrawn in place on a terminal; one line every 10 days in a log.
          if (process.stderr.isTTY) process.stderr.write(`\r${line}   `);
          else if (Math.round(day) % 10 === 0) process.stderr.write(`${line}\n`);
        },
      });
      const totals = await replay.run();
      process.stderr.write('\n');
      console.log(formatTotals(totals, (Date.now() - started) / 1000));
    });
}

/**
 * The 3 smallest regions with 40+ beds that have every kind of bed the NRM mix
 * asks for (women-only, men-only, family and minors' beds), so no part of the
 * referral stream is turned away by the choice of regions alone.
 */
async function smallestRegions(gql: GraphQLClient, coordinator: string): Promise<string[]> {
  const d = await gql.request(coordinator, '{ availability { regionCode totalBeds womenOnly menOnly family minors } }');
  type Row = { regionCode: string; totalBeds: number; womenOnly: number; menOnly: number; family: number; minors: number };
  const picked = (d.availability as Row[])
    .filter((a) => a.totalBeds >= 40 && a.womenOnly > 0 && a.menOnly > 0 && a.family > 0 && a.minors > 0)
    .sort((a, b) => a.totalBeds - b.totalBeds || a.regionCode.localeCompare(b.regionCode))
    .slice(0, 3)
    .map((a) => a.regionCode);
  if (picked.length === 0) throw new Error('No region has 40+ beds of every kind: import a network first (harbour import hic <file>), or name --regions.');
  return picked;
}

/** The replay's closing report, one figure a line. */
export function formatTotals(t: ReplayTotals, seconds: number): string {
  const med = median(t.waitHours);
  const medWaitlisted = median(t.waitlistedWaitHours);
  // "(network)": counted across the whole network during the replay, so a
  // replay run twice also counts reminders for the first run's placements.
  const rows: [string, string | number][] = [
    ['referrals created', t.referrals],
    ['beds offered (holds)', t.holdsOffered],
    ['waitlisted on request', t.waitlisted],
    ['placed (arrival confirmed)', t.placed],
    ['holds declined', t.declined],
    ['holds expired (no-shows; network)', t.holdsExpired],
    ['recovery periods extended', t.extensions],
    ['placements ended', t.exits],
    ['reminders sent (network)', t.remindersSent],
    ['capacity alerts opened (network)', t.alertsOpened],
    ['capacity alerts resolved (network)', t.alertsResolved],
    ['waitlisted and never offered a bed', t.stillWaiting],
    ['median wait to a bed offer (hours)', Number.isNaN(med) ? '-' : med.toFixed(1)],
    [`  of those waitlisted first (${t.waitlistedWaitHours.length})`, Number.isNaN(medWaitlisted) ? '-' : medWaitlisted.toFixed(1)],
    ['API calls', t.apiCalls],
    ['  and worker status polls', t.pollCalls],
    ['wall-clock seconds', seconds.toFixed(1)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
