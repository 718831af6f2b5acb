import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { OccupancySnapshotService } from '@harbour/core/reports/occupancy-snapshot.service';
import { NRM_QUARTERLY_BREAKDOWNS, NrmQuarterRow, Report, ReportDimension, ReportService } from '@harbour/core/reports/report.service';
import { toSafeCsv } from '@harbour/core/export/csv-safe';
import type { Principal } from '@harbour/core/identity/principal';
import { Role } from '@harbour/domain';
import type { Clock } from '@harbour/platform/clock/clock';
import type { HarbourConfig } from '@harbour/platform/config/config';
import { writeChart } from '@harbour/simulation/charts';
import { action, cliConfig, CliError, withCliClock, withDataSource } from '../cli-support';

/** The CLI reads reports as a commissioner would: aggregates only (row-level security applies). */
const REPORT_READER: Principal = { sub: 'cli:report', role: Role.COMMISSIONER, shelterIds: [], agencyId: null };

/** The four reports `harbour report` builds for one period. */
export interface ReportSet {
  overall: Report;
  byMonth: Report;
  byRegion: Report;
  byHousehold: Report;
  byReason: Report;
  /** The NRM-statistics-shaped quarterly summary. */
  nrm: NrmQuarterRow[];
}

/**
 * Builds the report set for a period: rebuilds the occupancy snapshots of the
 * period first (idempotent; days after today are left out), then asks the
 * report service as a commissioner. `log` gets one line on each step's
 * progress and time (the CLI prints them on stderr).
 */
export async function buildReportSet(
  ds: DataSource,
  config: HarbourConfig,
  clock: Clock,
  from: string,
  to: string,
  regionCodes: string[] = [],
  log: (line: string) => void = () => undefined,
): Promise<ReportSet> {
  const today = (await clock.now()).toISOString().slice(0, 10);
  const snapshots = new OccupancySnapshotService(ds, clock);
  if (from <= today) {
    const last = to < today ? to : today;
    const started = Date.now();
    let batches = 0;
    const rows = await snapshots.rebuild(from, last, { onProgress: (p) => (batches = p.batches) });
    log(`occupancy snapshots ${from} to ${last} rebuilt: ${rows} rows in ${batches} batches, ${seconds(started)} s`);
  }
  const started = Date.now();
  const reports = new ReportService(ds, config, clock);
  const ask = (groupBy: ReportDimension[]) => reports.report(REPORT_READER, { from, to, groupBy, regionCodes });
  const set: ReportSet = {
    overall: await ask([]),
    byMonth: await ask([ReportDimension.MONTH]),
    byRegion: await ask([ReportDimension.REGION]),
    byHousehold: await ask([ReportDimension.HOUSEHOLD_TYPE]),
    byReason: await ask([ReportDimension.REASON]),
    nrm: await reports.nrmQuarterly(REPORT_READER, from, to),
  };
  log(`reports read in ${seconds(started)} s`);
  return set;
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? 'suppressed' : n.toFixed(digits));

/** The Markdown report a commissioner reads (no shelter, no location, suppressed cells shown as "suppressed"). */
export function reportMarkdown(set: ReportSet): string {
  const o = set.overall;
  const total = (m: string) => o.totals.find((t) => t.metric === m)?.total ?? null;
  const lines: string[] = [
    `# Harbour report, ${o.from} to ${o.to}`,
    '',
    `Counts of people under ${o.suppressionThreshold} are suppressed ("suppressed"), and so are cells that would let one be worked out (docs/reports.md).`,
    '',
    '## Demand and outcomes',
    '',
    '| measure | count |',
    '|---|---|',
    ...o.totals.map((t) => `| ${t.metric.toLowerCase().replace(/_/g, ' ')} | ${fmt(t.total)} |`),
    '',
    '## Time to a safe bed',
    '',
    '| group | people | time to offer p50 (h) | p90 (h) | time to arrival p50 (h) | p90 (h) |',
    '|---|---|---|---|---|---|',
  ];
  const groups = new Set(set.byHousehold.durations.map((d) => d.key[0]));
  for (const g of ['(all)', ...[...groups].sort()]) {
    const src = g === '(all)' ? o.durations : set.byHousehold.durations.filter((d) => d.key[0] === g);
    const offer = src.find((d) => d.duration === 'TIME_TO_OFFER_HOURS');
    const arrival = src.find((d) => d.duration === 'TIME_TO_ARRIVAL_HOURS');
    lines.push(
      `| ${g.toLowerCase().replace(/_/g, ' ')} | ${fmt(offer?.people ?? null)} | ${fmt(offer?.p50, 1)} | ${fmt(offer?.p90, 1)} | ${fmt(arrival?.p50, 1)} | ${fmt(arrival?.p90, 1)} |`,
    );
  }
  const stay = o.durations.find((d) => d.duration === 'LENGTH_OF_STAY_DAYS');
  lines.push('', `Stays that ended: ${fmt(total('EXITS'))}; length of stay p50 ${fmt(stay?.p50, 1)} days, p90 ${fmt(stay?.p90, 1)} days.`);
  const occ = o.occupancy[0];
  lines.push('', '## Occupancy', '');
  if (occ) {
    lines.push(
      `${occ.bedNights} bed-nights, ${occ.availableNights} in service, ${occ.usedNights} used (utilisation ${occ.utilisation === null ? 'n/a' : `${Math.round(occ.utilisation * 100)}%`}), ${occ.heldNights} held for an arrival, ${occ.outOfServiceNights} out of service.`,
    );
    if (occ.outOfServiceByReason.length)
      lines.push('', 'Out of service by reason: ' + occ.outOfServiceByReason.map((r) => `${r.reason} (${r.nights})`).join(', ') + '.');
  } else {
    lines.push('No occupancy snapshots in this period.');
  }
  if (o.daysWithoutSnapshot) lines.push('', `${o.daysWithoutSnapshot} days of the period have no snapshot and are not counted.`);
  lines.push('', '## Regional pressure', '', '| region | bed-nights | utilisation | capacity alerts opened | hours below threshold |', '|---|---|---|---|---|');
  const pressure = new Map<string, { opened: number; hours: number }>();
  for (const p of o.pressure) {
    const cur = pressure.get(p.regionCode) ?? { opened: 0, hours: 0 };
    pressure.set(p.regionCode, { opened: cur.opened + p.alertsOpened, hours: Math.max(cur.hours, p.hoursBelowThreshold) });
  }
  const regions = [...set.byRegion.occupancy]
    .map((r) => ({ region: r.key[0], nights: r.bedNights, util: r.utilisation, ...(pressure.get(r.key[0]) ?? { opened: 0, hours: 0 }) }))
    .sort((a, b) => b.hours - a.hours || (b.util ?? 0) - (a.util ?? 0) || a.region.localeCompare(b.region));
  for (const r of regions.slice(0, 30)) {
    lines.push(`| ${r.region} | ${r.nights} | ${r.util === null ? 'n/a' : `${Math.round(r.util * 100)}%`} | ${r.opened} | ${r.hours.toFixed(1)} |`);
  }
  if (regions.length > 30) lines.push('', `(${regions.length - 30} more regions in pressure.csv and occupancy.csv)`);
  lines.push(
    '',
    '## Charts',
    '',
    '![Occupancy](occupancy.png)',
    '',
    '![Time to a safe bed](time-to-safe-bed.png)',
    '',
    '![Turnaways and declines by reason](outcomes-by-reason.png)',
    '',
  );
  return lines.join('\n');
}

/** Writes the CSVs, report.md and the charts (PNG, SVG and vega-lite spec) into `dir`. Returns the file names. */
export async function writeReportFiles(dir: string, set: ReportSet): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, text: string) => {
    await fs.writeFile(join(dir, name), text);
    files.push(name);
  };
  const counts = [set.overall, set.byMonth, set.byRegion, set.byHousehold, set.byReason].flatMap((r) =>
    r.counts.map((c) => ({
      groupBy: r.groupBy.join('+') || 'ALL',
      group: c.key.join('+') || 'ALL',
      metric: c.metric,
      count: c.count ?? '',
      suppressed: c.suppressed ? 'yes' : 'no',
    })),
  );
  await write('counts.csv', toSafeCsv(['groupBy', 'group', 'metric', 'count', 'suppressed'], counts));
  const durations = [set.overall, set.byHousehold, set.byMonth].flatMap((r) =>
    r.durations.map((d) => ({
      groupBy: r.groupBy.join('+') || 'ALL',
      group: d.key.join('+') || 'ALL',
      duration: d.duration,
      people: d.people ?? '',
      p50: d.p50 ?? '',
      p90: d.p90 ?? '',
    })),
  );
  await write('durations.csv', toSafeCsv(['groupBy', 'group', 'duration', 'people', 'p50', 'p90'], durations));
  const occupancy = [set.byMonth, set.byRegion].flatMap((r) =>
    r.occupancy.map((o) => ({
      groupBy: r.groupBy.join('+'),
      group: o.key.join('+'),
      bedNights: o.bedNights,
      availableNights: o.availableNights,
      usedNights: o.usedNights,
      heldNights: o.heldNights,
      outOfServiceNights: o.outOfServiceNights,
      utilisation: o.utilisation ?? '',
    })),
  );
  await write(
    'occupancy.csv',
    toSafeCsv(['groupBy', 'group', 'bedNights', 'availableNights', 'usedNights', 'heldNights', 'outOfServiceNights', 'utilisation'], occupancy),
  );
  await write(
    'pressure.csv',
    toSafeCsv(['regionCode', 'category', 'alertsOpened', 'hoursBelowThreshold'], set.overall.pressure as unknown as Record<string, unknown>[]),
  );
  const nrmColumns = [
    'referrals',
    ...NRM_QUARTERLY_BREAKDOWNS.flatMap((b) => (b.of === 'referrals' ? b.columns : [])),
    'rg_decisions',
    'rg_positive',
    'rg_negative',
    'cg_decisions',
    'cg_positive',
    'cg_negative',
  ];
  await write(
    'nrm-quarterly.csv',
    toSafeCsv(
      ['quarter', ...nrmColumns],
      set.nrm.map((q) => ({ quarter: q.quarter, ...Object.fromEntries(nrmColumns.map((c) => [c, q.values[c] ?? 'suppressed'])) })),
    ),
  );
  await write('report.md', reportMarkdown(set));

  const monthly = set.byMonth.occupancy.flatMap((o) => [
    { month: o.key[0], status: 'used', nights: o.usedNights },
    { month: o.key[0], status: 'held', nights: o.heldNights },
    { month: o.key[0], status: 'free', nights: o.availableNights - o.usedNights - o.heldNights },
    { month: o.key[0], status: 'out of service', nights: o.outOfServiceNights },
  ]);
  files.push(
    ...(await writeChart(dir, 'occupancy', {
      title: 'Bed-nights by month',
      data: { values: monthly },
      mark: 'bar',
      encoding: {
        x: { field: 'month', type: 'ordinal', title: null },
        y: { field: 'nights', type: 'quantitative', title: 'bed-nights' },
        color: { field: 'status', type: 'nominal', title: null, sort: ['used', 'held', 'free', 'out of service'] },
      },
      width: 420,
    })),
  );
  const waits = set.byHousehold.durations
    .filter((d) => d.duration === 'TIME_TO_OFFER_HOURS' || d.duration === 'TIME_TO_ARRIVAL_HOURS')
    .filter((d) => d.p90 !== null)
    .flatMap((d) => [
      { group: d.key[0].toLowerCase().replace(/_/g, ' '), measure: `${d.duration === 'TIME_TO_OFFER_HOURS' ? 'offer' : 'arrival'} p50`, hours: d.p50 },
      { group: d.key[0].toLowerCase().replace(/_/g, ' '), measure: `${d.duration === 'TIME_TO_OFFER_HOURS' ? 'offer' : 'arrival'} p90`, hours: d.p90 },
    ]);
  files.push(
    ...(await writeChart(dir, 'time-to-safe-bed', {
      title: 'Hours from referral to an offer and to arrival, by household (groups under the threshold not shown)',
      data: { values: waits },
      mark: 'bar',
      encoding: {
        y: { field: 'group', type: 'nominal', title: null },
        yOffset: { field: 'measure' },
        x: { field: 'hours', type: 'quantitative', title: 'hours' },
        color: { field: 'measure', type: 'nominal', title: null },
      },
      width: 420,
    })),
  );
  const reasons = set.byReason.counts
    .filter((c) => (c.metric === 'TURNAWAYS' || c.metric === 'DECLINES' || c.metric === 'EXITS') && c.count)
    .map((c) => ({ outcome: c.metric.toLowerCase(), reason: c.key[0].toLowerCase().replace(/_/g, ' '), count: c.count }));
  files.push(
    ...(await writeChart(dir, 'outcomes-by-reason', {
      title: 'Turnaways, declines and exits by reason (suppressed cells not shown)',
      data: { values: reasons },
      mark: 'bar',
      encoding: {
        y: { field: 'reason', type: 'nominal', title: null },
        x: { field: 'count', type: 'quantitative', title: 'count' },
        color: { field: 'outcome', type: 'nominal', title: null },
      },
      width: 420,
    })),
  );
  return files;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Registers `harbour report --from YYYY-MM-DD --to YYYY-MM-DD --out DIR
 * [--region CODE...]`: rebuilds the period's occupancy snapshots, then writes
 * counts.csv, durations.csv, occupancy.csv, pressure.csv, report.md and three
 * charts (PNG + SVG) a commissioner can read at a glance (docs/reports.md).
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('commissioners’ report for a period: CSVs, report.md and charts (small counts suppressed)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive)')
    .requiredOption('--out <dir>', 'directory to write (created if missing)')
    .option('--region <code...>', 'only these regions')
    .action(
      action(async (opts: { from: string; to: string; out: string; region?: string[] }) => {
        if (!DAY.test(opts.from)) throw new CliError(`--from "${opts.from}" is not a date YYYY-MM-DD`);
        if (!DAY.test(opts.to)) throw new CliError(`--to "${opts.to}" is not a date YYYY-MM-DD`);
        const config = cliConfig();
        const set = await withCliClock(config, (clock) =>
          withDataSource(config, (ds) => buildReportSet(ds, config, clock, opts.from, opts.to, opts.region ?? [], (line) => process.stderr.write(`${line}\n`))),
        );
        const files = await writeReportFiles(opts.out, set);
        process.stdout.write(`wrote ${files.length} files to ${opts.out}: ${files.filter((f) => !f.endsWith('.vl.json')).join(', ')}\n`);
      }),
    );
}
