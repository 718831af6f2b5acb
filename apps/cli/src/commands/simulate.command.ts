import { Command, InvalidArgumentError, Option } from 'commander';
import { constants as fsConstants, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '@harbour/platform/config/config';
import {
  DAY,
  HOUR,
  PolicyWeights,
  drawScenario,
  comparePolicies,
  engineOptionsFor,
  fairnessChart,
  groupsCsv,
  harbourBatchPolicy,
  hicNetwork,
  markdownReport,
  metricsCsv,
  capacityCsv,
  networkBeds,
  planCapacity,
  poppyNetwork,
  readReferralMix,
  resultChart,
  resultsTable,
  standardPolicies,
  waitsChart,
  writeChart,
  CapacityPlan,
  SimNetwork,
  capacityLine,
  checkTargets,
  policyComparisonTable,
  targetsTable,
  timeToBedCsv,
  timeToBedTable,
  describeSurge,
  injectSurge,
  parseSurge,
  SurgeSpec,
  SurgeSpecError,
  observedInputs,
} from '@harbour/simulation';
import { observedMix } from '@harbour/core/reports/observed-mix';
import { cliConfig, CliError, withCliClock, withDataSource } from '../cli-support';

const range = (min: number, max: number) => (max === Infinity ? `>= ${min}` : `from ${min} to ${max}`);
const int =
  (name: string, min = 0, max = Infinity) =>
  (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number ${range(min, max)}`);
    return n;
  };
const num =
  (name: string, min = 0, max = Infinity) =>
  (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number ${range(min, max)}`);
    return n;
  };
/** Longest span (10 years) and highest load accepted: beyond them the scenario no longer fits in memory. */
const MAX_DAYS = 3650;
const MAX_LOAD = 20;

/** Options of `harbour simulate`, as parsed by commander. */
export interface SimulateOptions {
  network: 'poppy' | 'hic';
  regions?: string;
  days: number;
  seed: number;
  load: number;
  year?: number;
  decisionIntervalHours: number;
  out: string;
  targetMedianWait?: number;
  targetP90Days?: number;
  /** A file name, or true for `--surge` without one. */
  surge?: string | boolean;
  surgeCount?: number;
  surgeStartDay?: number;
  surgeHours?: number;
  planStepBeds?: number;
  planMaxSteps: number;
  hindsight: 'auto' | 'mip' | 'lp' | 'off';
  windowDays: number;
  /** nrm: the NRM file's mix and `--load`; observed: Harbour's history over --from..--to (needs the database). */
  mix: 'nrm' | 'observed';
  from?: string;
  to?: string;
  charts: boolean;
  dataDir: string;
}

/**
 * `harbour simulate`: the network simulator of issue 5 (libs/simulation).
 * Runs first-come greedy, best-score greedy and Harbour's batch assignment on
 * the same seeded scenario, computes the hindsight bound, optionally plans
 * capacity for a target median wait, and writes metrics.csv, groups.csv,
 * (capacity.csv), report.md and charts (SVG, PNG and the vega-lite spec) into
 * `--out`. Needs no database. Priority and scoring weights and the solver time
 * limit come from the same configuration as the live service (PRIORITY_WEIGHT_*,
 * ASSIGNMENT_TIME_LIMIT_SECONDS).
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('simulate a network for a span of days and compare placement policies against the hindsight bound (no database needed)')
    .addOption(new Option('--network <kind>', 'network to simulate').choices(['poppy', 'hic']).default('poppy'))
    .option('--regions <codes>', 'with --network hic: comma-separated CoC codes (default: the 3 smallest CoCs with 40+ beds of every kind)')
    .option('--days <n>', 'simulated span in days', int('days', 1, MAX_DAYS), 365)
    .option('--seed <n>', 'random seed: same seed, same simulation', int('seed'), 1)
    .option('--load <x>', 'in-scope demand relative to bed turnover', num('load', 0.01, MAX_LOAD), 1.1)
    .option('--year <yyyy>', 'NRM year whose referral mix to follow (default: latest in the file)', int('year'))
    .addOption(
      new Option('--mix <source>', "referral mix and volume: the NRM file with --load, or Harbour's own history (observed, from the database; see --from/--to)")
        .choices(['nrm', 'observed'])
        .default('nrm'),
    )
    .option('--from <yyyy-mm-dd>', '--mix observed: first day of history (default: 364 days before --to)')
    .option('--to <yyyy-mm-dd>', "--mix observed: last day of history (default: Harbour's today)")
    .option('--decision-interval-hours <h>', 'hours between decision rounds (0: at every arrival or freed bed)', num('decision-interval-hours'), 0)
    .option('--out <dir>', 'directory to write the report, CSVs and charts into', 'simulation-out')
    .option(
      '--target-p90-days <days>',
      "plan capacity: extra beds needed for every group's p90 time to an offer to be at most this (days)",
      num('target-p90-days'),
    )
    .option('--target-median-wait <days>', 'plan capacity: extra beds needed for this median wait (days, all referrals)', num('target-median-wait'))
    .option(
      '--surge [file]',
      "inject a coordinated operation's intake: a JSON scenario file (see libs/simulation/scenarios/), or the NRM mix with --surge-count/--surge-start-day/--surge-hours",
    )
    .option('--surge-count <n>', 'surge: referrals in the operation (overrides the file)', int('surge-count', 1, 5000))
    .option('--surge-start-day <d>', 'surge: day the intake starts (overrides the file)', num('surge-start-day'))
    .option('--surge-hours <h>', 'surge: hours over which the referrals arrive (overrides the file)', num('surge-hours', 0, 24 * 365))
    .option('--plan-step-beds <n>', 'capacity plan: beds per block added (default 5% of the network, at least 2)', int('plan-step-beds', 1))
    .option('--plan-max-steps <n>', 'capacity plan: most blocks added', int('plan-max-steps', 1), 10)
    .addOption(
      new Option('--hindsight <mode>', 'hindsight bound: exact MIP when small (auto), always MIP, LP relaxation, or off')
        .choices(['auto', 'mip', 'lp', 'off'])
        .default('auto'),
    )
    .option('--window-days <n>', 'hindsight bound time window, days (doubled automatically on large instances)', num('window-days', 0.01), 7)
    .option('--no-charts', 'skip the SVG/PNG charts')
    .option('--data-dir <dir>', 'folder with the data files', process.env.HARBOUR_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data'))
    .action(async (opts: SimulateOptions) => {
      const code = await runSimulate(opts, `harbour ${process.argv.slice(2).join(' ')}`);
      if (code !== 0) process.exitCode = code;
    });
}

/** Runs the simulation described by `opts` and writes its outputs; returns the exit code. */
export async function runSimulate(opts: SimulateOptions, command: string): Promise<number> {
  const started = Date.now();
  const config = loadConfig();
  const weights: PolicyWeights = {
    priorityWeights: {
      base: config.PRIORITY_WEIGHT_BASE,
      urgency: config.PRIORITY_WEIGHT_URGENCY,
      waitPerDay: config.PRIORITY_WEIGHT_WAIT_PER_DAY,
      waitCapPoints: config.PRIORITY_WAIT_CAP_POINTS,
      minor: config.PRIORITY_WEIGHT_MINOR,
      child: config.PRIORITY_WEIGHT_CHILD,
    },
    timeLimitSeconds: config.ASSIGNMENT_TIME_LIMIT_SECONDS,
  };
  // Refuse an unwritable --out before the run, not after minutes of simulating.
  const out = resolve(opts.out);
  try {
    await fs.mkdir(out, { recursive: true });
    await fs.access(out, fsConstants.W_OK);
  } catch (e: unknown) {
    throw new CliError(`--out: cannot write to ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const dataDir = resolve(opts.dataDir);
  const nrmMix = readReferralMix(join(dataDir, 'uk-nrm-referrals-by-year.csv'), opts.year);
  const observed = opts.mix === 'observed' ? await historyInputs(opts, nrmMix) : null;
  let network: SimNetwork;
  try {
    const regions =
      opts.regions
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? (observed?.regions.length ? observed.regions : undefined);
    network =
      opts.network === 'hic' ? hicNetwork(join(dataDir, 'hic-2023-counts-by-coc.csv'), regions) : poppyNetwork(join(dataDir, 'uk-safe-house-facts.csv'));
  } catch (e: unknown) {
    throw new CliError((e as Error).message);
  }
  const mix = observed?.mix ?? nrmMix;
  let scenario: ReturnType<typeof drawScenario>;
  try {
    scenario = drawScenario(network, mix, { seed: opts.seed, spanDays: opts.days, load: opts.load, ...observed?.options });
  } catch (e: unknown) {
    throw new CliError((e as Error).message);
  }
  const surge = await surgeSpec(opts, mix);
  if (surge) {
    try {
      scenario = injectSurge(scenario, network, mix, surge);
    } catch (e: unknown) {
      if (e instanceof SurgeSpecError) throw new CliError(`--surge: ${e.message}`);
      throw e;
    }
  }
  const beds = networkBeds(network);
  process.stderr.write(
    `Simulating ${opts.days} days on ${network.name} (${beds} beds), seed ${opts.seed}: ${scenario.referrals.length} referrals in scope, ${scenario.outOfScope} out of scope\n`,
  );

  const policies = standardPolicies(weights);
  const bar = new SingleBar({
    format: '{phase} |{bar}| {percentage}%',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  const phases = [...policies.map((p) => p.label), 'hindsight bound'];
  bar.start(100, 0, { phase: phases[0].padEnd(28) });
  const decisionIntervalSeconds = opts.decisionIntervalHours * HOUR;
  const comparison = await comparePolicies(network, scenario, policies, {
    weights,
    decisionIntervalSeconds,
    hindsight: opts.hindsight === 'off' ? false : { mode: opts.hindsight, windowSeconds: opts.windowDays * DAY, priorityWeights: weights.priorityWeights },
    onProgress: (i, count, f) => bar.update(Math.round(((i + f) / (count + 1)) * 100), { phase: phases[i].padEnd(28) }),
  });
  bar.update(100, { phase: 'done'.padEnd(28) });
  bar.stop();

  let plan: CapacityPlan | null = null;
  if (opts.targetMedianWait !== undefined || opts.targetP90Days !== undefined) {
    const measure = opts.targetP90Days !== undefined ? 'p90' : 'median';
    const stepBeds = opts.planStepBeds ?? Math.max(2, Math.round(beds * 0.05));
    const planBar = new SingleBar({
      format: `capacity plan |{bar}| {value}/{total} blocks, ${measure === 'p90' ? 'worst group p90 to an offer' : 'median wait'} {wait} d`,
      stream: process.stderr,
      hideCursor: true,
    });
    planBar.start(opts.planMaxSteps, 0, { wait: '-' });
    plan = await planCapacity(network, scenario, harbourBatchPolicy(weights), {
      measure,
      targetMedianWaitDays: (measure === 'p90' ? opts.targetP90Days : opts.targetMedianWait)!,
      stepBeds,
      maxSteps: opts.planMaxSteps,
      engine: engineOptionsFor({ weights, decisionIntervalSeconds }),
      onStep: (step, wait) => planBar.update(step, { wait: wait.toFixed(2) }),
    });
    planBar.stop();
  }

  const written: string[] = [];
  const write = async (name: string, text: string) => {
    await fs.writeFile(join(out, name), text);
    written.push(name);
  };
  await write('metrics.csv', metricsCsv(comparison.metrics, comparison.bound));
  await write('groups.csv', groupsCsv(comparison.metrics));
  await write('time-to-bed.csv', timeToBedCsv(comparison.metrics));
  if (plan) await write('capacity.csv', capacityCsv(plan));
  if (opts.charts) {
    written.push(...(await writeChart(out, 'waits', waitsChart(comparison.metrics))));
    written.push(...(await writeChart(out, 'result', resultChart(comparison.metrics, comparison.bound))));
    written.push(...(await writeChart(out, 'fairness', fairnessChart(comparison.metrics))));
  }
  const wallSeconds = (Date.now() - started) / 1000;
  await write(
    'report.md',
    markdownReport({
      command,
      network,
      scenario,
      mix,
      metrics: comparison.metrics,
      bound: comparison.bound,
      plan,
      decisionIntervalSeconds,
      wallSeconds,
      surge: scenario.surge ? describeSurge(scenario.surge) : undefined,
    }),
  );

  console.log(resultsTable(comparison.metrics, comparison.bound));
  const main = comparison.metrics.find((m) => m.policy === 'harbour_batch')!;
  console.log(`\nTime to a safe bed, every policy:\n\n${policyComparisonTable(comparison.metrics)}`);
  console.log(`\n${main.label}, by group:\n\n${timeToBedTable(main)}`);
  console.log(`\nCapacity: ${capacityLine(main)}.\n\nTargets (${main.label}):\n\n${targetsTable(checkTargets(main))}`);
  if (scenario.surge) {
    console.log(`\nSurge: ${describeSurge(scenario.surge)}.`);
    console.log(`\nThe surge, every policy:\n\n${policyComparisonTable(comparison.metrics, 'SURGE')}`);
    console.log(`\nEveryone else, every policy:\n\n${policyComparisonTable(comparison.metrics, 'BACKGROUND')}`);
    console.log(`\n${main.label}, the surge by group:\n\n${timeToBedTable(main, 'SURGE')}`);
  }
  if (comparison.bound)
    console.log(`\nHindsight bound: ${comparison.bound.method} (${comparison.bound.columns} variables, ${(comparison.bound.wallMs / 1000).toFixed(1)} s)`);
  if (plan) {
    console.log(
      `\nCapacity plan for ${plan.measure === 'p90' ? "every group's p90 time to an offer" : 'a median wait'} of ${plan.targetMedianWaitDays} d: ${plan.met ? 'met' : 'NOT met'} (${plan.baselineMedianWaitDays.toFixed(2)} -> ${plan.finalMedianWaitDays.toFixed(2)} d${plan.measure === 'p90' ? `, worst group ${plan.worstGroupBefore} -> ${plan.worstGroupAfter}` : ''}) with ` +
        (plan.totals.map((t) => `+${t.beds} ${t.kind} in ${t.regionCode}`).join(', ') || 'no extra beds'),
    );
  }
  console.log(`\nWall time ${wallSeconds.toFixed(1)} s. Wrote ${written.map((f) => join(out, f)).join(', ')}`);
  const violations = comparison.metrics.reduce((n, m) => n + m.violations, 0);
  if (violations > 0) {
    console.error(`!!! ${violations} offers broke a hard rule (see metrics.csv)`);
    return 3;
  }
  return 0;
}

/**
 * `--mix observed`: the referral mix, scenario knobs and arrival rate of
 * Harbour's history over --from..--to (default: the 365 days up to Harbour's
 * today), read from the database, with the NRM mix where the history has
 * nothing; and the regions the referrals were in that are HIC CoC numbers
 * (the network of `--network hic` when --regions is not given).
 * @throws CliError for a bad date or too short a history
 */
async function historyInputs(opts: SimulateOptions, nrmMix: ReturnType<typeof readReferralMix>) {
  const config = cliConfig();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const to = opts.to ?? day(await withCliClock(config, (clock) => clock.now()));
  const from = opts.from ?? day(new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000));
  try {
    const seen = await withDataSource(config, (ds) => observedMix(ds, from, to));
    return { ...observedInputs(seen, nrmMix), regions: seen.regions.filter((r) => /^[A-Z]{2}-\d{3}[a-z]?$/.test(r)) };
  } catch (e: unknown) {
    if (e instanceof RangeError) throw new CliError(`--mix observed: ${e.message}`);
    throw e;
  }
}

/**
 * The surge of `opts`: the JSON file of `--surge <file>` with any of
 * --surge-count / --surge-start-day / --surge-hours applied over it; or, with
 * `--surge` alone or only those options, a surge with the NRM mix's shares
 * (gender, children as unaccompanied minors, exploitation; one adult in ten
 * with dependants) and every referral EMERGENCY. Null when no surge option is given.
 * @throws CliError naming the option or the file's field that is wrong.
 */
async function surgeSpec(opts: SimulateOptions, mix: ReturnType<typeof readReferralMix>): Promise<SurgeSpec | null> {
  const overrides = { count: opts.surgeCount, startDay: opts.surgeStartDay, durationHours: opts.surgeHours };
  const given = opts.surge !== undefined || Object.values(overrides).some((v) => v !== undefined);
  if (!given) return null;
  let base: Record<string, unknown>;
  if (typeof opts.surge === 'string') {
    let text: string;
    try {
      text = await fs.readFile(resolve(opts.surge), 'utf8');
    } catch (e: unknown) {
      throw new CliError(`--surge: cannot read ${opts.surge} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch (e: unknown) {
      throw new CliError(`--surge: ${opts.surge} is not JSON (${(e as Error).message})`);
    }
    if (base === null || typeof base !== 'object' || Array.isArray(base)) throw new CliError(`--surge: ${opts.surge} must hold one JSON object`);
  } else {
    base = {
      name: 'surge (NRM mix)',
      count: 50,
      startDay: Math.min(30, Math.floor(opts.days / 2)),
      durationHours: 24,
      gender: { FEMALE: 1 - mix.maleShare, MALE: mix.maleShare },
      household: { MINOR: mix.childShare, SINGLE: (1 - mix.childShare) * 0.9, FAMILY: (1 - mix.childShare) * 0.1 },
      exploitation: mix.exploitation,
    };
  }
  const spec: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) spec[k] = v;
  try {
    return parseSurge(spec);
  } catch (e: unknown) {
    if (e instanceof SurgeSpecError) throw new CliError(`--surge${typeof opts.surge === 'string' ? ` ${opts.surge}` : ''}: ${e.message}`);
    throw e;
  }
}
