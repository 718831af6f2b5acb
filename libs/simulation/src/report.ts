/**
 * The written outputs of `harbour simulate`: metrics as CSV (csv-stringify)
 * and a Markdown report with the results table, the ratios to the hindsight
 * bound and to first-come greedy, fairness tables, the capacity plan and every
 * assumption with its source.
 */
import { stringify } from 'csv-stringify/sync';
import type { CapacityPlan } from './capacity';
import type { HindsightBound } from './hindsight';
import { PolicyMetrics } from './metrics';
import { SimNetwork, networkBeds } from './network';
import type { ReferralMix } from './nrm-mix';
import { DAY, Scenario } from './scenario';
import { capacityLine, checkTargets, policyComparisonTable, targetsTable, timeToBedTable } from './targets';

/** Everything a report is written from. */
export interface ReportInput {
  command: string;
  network: SimNetwork;
  scenario: Scenario;
  mix: ReferralMix;
  metrics: PolicyMetrics[];
  bound: HindsightBound | null;
  plan: CapacityPlan | null;
  decisionIntervalSeconds: number;
  /** Policy whose targets and full tables are shown first (default harbour_batch). */
  defaultPolicy?: string;
  /** The surge injected, described in one line (none: no surge section). */
  surge?: string;
  /** Wall time of the whole run, seconds. */
  wallSeconds: number;
}

const fix = (x: number | null | undefined, d = 1): string => (x == null || Number.isNaN(x) ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined): string => (x == null ? '–' : `${(100 * x).toFixed(1)}%`);

/** Metrics CSV: one row per policy, plus one row for the hindsight bound (value only). */
export function metricsCsv(metrics: readonly PolicyMetrics[], bound: HindsightBound | null): string {
  const rows: Record<string, unknown>[] = metrics.map((m) => ({
    policy: m.policy,
    label: m.label,
    referrals: m.referrals,
    placed: m.placed,
    never_placed: m.neverPlaced,
    waiting_at_end: m.waitingAtEnd,
    held_at_end: m.heldAtEnd,
    withdrawn_no_show: m.withdrawn,
    median_wait_days: m.medianWaitDays,
    p90_wait_days: m.p90WaitDays,
    median_wait_all_days: m.medianWaitAllDays,
    preferred_region_share: m.preferredRegionShare,
    violations: m.violations,
    sharing_violations: m.sharingViolations,
    hard_rule_violations: m.hardRuleViolations,
    offered_load: m.offeredLoad,
    capacity_limit_share: m.capacityLimitShare,
    occupancy: m.occupancy,
    value: m.value,
    value_to_bound: bound && bound.value > 0 ? m.value / bound.value : null,
    offers: m.offers,
    declines: m.declines,
    no_shows: m.noShows,
    decision_rounds: m.rounds,
    wall_ms: m.wallMs,
    bound_method: null,
  }));
  if (bound)
    rows.push({
      policy: 'hindsight_bound',
      label: `Hindsight bound (${bound.method})`,
      placed: bound.placed,
      value: bound.value,
      wall_ms: bound.wallMs,
      bound_method: bound.method,
    });
  return stringify(rows, { header: true, columns: Object.keys(rows[0]), cast: { number: (n) => String(Math.round(n * 1e6) / 1e6) } });
}

/** Fairness CSV: one row per policy and group. */
export function groupsCsv(metrics: readonly PolicyMetrics[]): string {
  const rows = metrics.flatMap((m) =>
    m.groups.map((g) => ({
      policy: m.policy,
      dimension: g.dimension,
      group: g.group,
      referrals: g.referrals,
      placed: g.placed,
      median_wait_days: g.medianWaitDays,
      p90_wait_days: g.p90WaitDays,
      median_wait_all_days: g.medianWaitAllDays,
    })),
  );
  return stringify(rows, {
    header: true,
    columns: ['policy', 'dimension', 'group', 'referrals', 'placed', 'median_wait_days', 'p90_wait_days', 'median_wait_all_days'],
    cast: { number: (n) => String(Math.round(n * 1e6) / 1e6) },
  });
}

/** Capacity plan CSV: one row per block added, in order. */
export function capacityCsv(plan: CapacityPlan): string {
  return stringify(
    plan.steps.map((s, i) => ({
      step: i + 1,
      region: s.regionCode,
      kind: s.kind,
      beds: s.beds,
      measure: plan.measure,
      value_days: s.medianWaitDays,
      for_group: s.forGroup ?? null,
    })),
    {
      header: true,
      columns: ['step', 'region', 'kind', 'beds', 'measure', 'value_days', 'for_group'],
      cast: { number: (n) => String(Math.round(n * 1e6) / 1e6) },
    },
  );
}

/** The results table (Markdown), as in docs/simulator/time-to-bed.md. */
export function resultsTable(metrics: readonly PolicyMetrics[], bound: HindsightBound | null): string {
  const fc = metrics.find((m) => m.policy === 'first_come_greedy');
  const lines = [
    '| policy | placed | never placed | median wait (d) | p90 wait (d) | median wait, all (d) | in preferred region | violations | occupancy | result (value) | ÷ hindsight bound | ÷ first-come greedy |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const m of metrics) {
    lines.push(
      `| ${m.label} | ${m.placed} | ${m.neverPlaced} | ${fix(m.medianWaitDays, 2)} | ${fix(m.p90WaitDays, 1)} | ${fix(m.medianWaitAllDays, 2)} | ${pct(m.preferredRegionShare)} | ${m.violations} | ${pct(m.occupancy)} | ${fix(m.value, 1)} | ${bound && bound.value > 0 ? fix(m.value / bound.value, 3) : '–'} | ${fc && fc.value > 0 ? fix(m.value / fc.value, 3) : '–'} |`,
    );
  }
  if (bound)
    lines.push(
      `| Hindsight bound (${bound.method}) | ${fix(bound.placed, 0)} | | | | | | | | ${fix(bound.value, 1)} | 1 | ${fc && fc.value > 0 ? fix(bound.value / fc.value, 3) : '–'} |`,
    );
  return lines.join('\n');
}

/** The assumptions of a scenario, one bullet each with its source. */
export function assumptions(scenario: Scenario, mix: ReferralMix): string[] {
  const o = scenario.options;
  const src = (k: string) => (mix.sources[k] === 'fallback' || mix.sources[k] === undefined ? 'fallback' : `NRM ${mix.sources[k]}`);
  const seen = mix.observed;
  const from = (name: string) => (seen?.sources[name] === 'history' ? 'history' : 'NRM or default');
  return [
    seen
      ? `Referral mix: Harbour's own history, ${seen.from} to ${seen.to} (${seen.referrals} referrals, \`--mix observed\`): ${(100 * mix.childShare).toFixed(0)}% children (${from('childShare')}), ${(100 * mix.maleShare).toFixed(0)}% male (${from('maleShare')}), exploitation ${Object.entries(
          mix.exploitation,
        )
          .map(([k, v]) => `${k.toLowerCase()} ${(100 * v).toFixed(0)}%`)
          .join(
            ', ',
          )} (${from('exploitation')}); also from the history where it has them: urgency, dependants, accessibility needs, declines, no-shows and mean stay (${Object.entries(
          seen.sources,
        )
          .filter(([, v]) => v === 'history')
          .map(([k]) => k)
          .join(', ')}). Languages are assumed as for the NRM mix.`
      : `Referral mix: NRM ${mix.year} (\`uk-nrm-referrals-by-year.csv\`): ${(100 * mix.childShare).toFixed(0)}% children (${src('children')}), ${(100 * mix.maleShare).toFixed(0)}% male (${src('male_share_pct')}), exploitation ${Object.entries(
          mix.exploitation,
        )
          .map(([k, v]) => `${k.toLowerCase()} ${(100 * v).toFixed(0)}%`)
          .join(
            ', ',
          )} (published shares where the file has them, the rest spread as the victim care contract 2022-23 mix). The file has no nationality column: languages are assumed (30% English only, the rest one of sq, vi, ti, ar, ro, pl, zh, es).`,
    o.referralsPerDay !== undefined
      ? `Volume: referrals arrive as a Poisson process at the rate the history observed, ${o.referralsPerDay.toFixed(2)} a day, of which ${scenario.inScopeRatePerDay.toFixed(2)} a day some room of the network could take: load ${o.load.toFixed(2)} × bed turnover (\`--load\` is not used). Referrals no room could ever take are left out: ${scenario.outOfScope} of them.`
      : `Volume: in-scope referrals arrive as a Poisson process at load ${o.load} × bed turnover = ${scenario.inScopeRatePerDay.toFixed(2)} a day (beds ÷ (${o.meanStayDays}-day mean stay × ${scenario.meanHouseholdSize.toFixed(2)} people per household)). The NRM file gives national counts but no national bed count, so the level is set relative to the network (\`--load\`); it gives yearly totals only, so the rate is constant (no seasonality). Referrals no room of the network could ever take (e.g. men or families for a women-only network) are left out: ${scenario.outOfScope} of them.`,
    `Households: ${(100 * o.familyShareFemale).toFixed(0)}% of adult women and ${(100 * o.familyShareMale).toFixed(0)}% of adult men come with dependants (assumption); a family averages ${o.meanFamilySize} people (HIC 2023: 200,714 beds for households with children ÷ 64,259 units); ${(100 * o.adultDependantShare).toFixed(0)}% of families include an adult dependant (assumption).`,
    `Stays: Gamma(shape 2) with mean ${+o.meanStayDays.toFixed(1)} days (${seen?.sources.meanStayDays === 'history' ? "the stays that ended in Harbour's history" : 'average safe-house stay, Salvation Army victim care contract 2014, `uk-safe-house-facts.csv`'}); a stay longer than the ${o.recoveryPeriodDays}-day recovery period (England and Wales, same file) counts as extended once per further period.`,
    `Offers: ${(100 * o.declineShare).toFixed(0)}% declined (the referral waits again), ${(100 * o.noShowShare).toFixed(0)}% no-shows (the ${o.holdHours}-hour hold expires and the referral is withdrawn), the rest arrive 2–20 hours after the offer (${seen?.sources.declineShare === 'history' ? "shares from Harbour's history" : 'assumptions, as `harbour replay`'}; Harbour's default hold length).`,
    `Outages: ${o.outagesPerBedYear} per bed per year, ${o.outageDays[0]}–${o.outageDays[1]} days each, one bed at a time; an outage in a full room waits for a bed to free up (assumption).`,
    `Start: ${(100 * (o.initialOccupancy ?? Math.min(0.95, o.load))).toFixed(0)}% of beds are taken at t = 0 by residents part-way through their stay (${scenario.residents.length} residents), so the run does not start from an empty network; the residents of one room are one kind of person the room takes (same gender, all adults or all minors, no children), so they may share it; they are not counted in the metrics.`,
    `Other assumptions: urgency ${Object.entries(o.urgency)
      .map(([k, v]) => `${k.toLowerCase()} ${(100 * v).toFixed(0)}%`)
      .join(
        ', ',
      )}; ${(100 * o.nonBinaryShare).toFixed(1)}% non-binary; ${(100 * o.wheelchairShare).toFixed(0)}% need a wheelchair-accessible room; ${(100 * o.excludeHomeRegionShare).toFixed(0)}% have their home region (drawn in proportion to beds) as an exclusion area and prefer another region, the rest prefer their home region; adult age bands 18–24 25%, 25–34 35%, 35–44 22%, 45–54 12%, 55+ 6%.`,
  ];
}

/** The Markdown report. */
export function markdownReport(r: ReportInput): string {
  const s = r.scenario;
  const beds = networkBeds(r.network);
  const out: string[] = [];
  out.push(`# Harbour simulation report`, '');
  out.push(`Command: \`${r.command}\``, '');
  out.push(
    `Network: ${r.network.name}: ${r.network.shelters.length} safe houses, ${r.network.rooms.length} rooms, ${beds} beds in ${r.network.regions.length} region(s). ` +
      `Span ${fix(s.spanSeconds / DAY, 0)} days, seed ${s.options.seed}, ${s.referrals.length} referrals in scope (${s.outOfScope} out of scope), ${s.outages.length} bed outages. ` +
      `Decision rounds: ${r.decisionIntervalSeconds > 0 ? `every ${fix(r.decisionIntervalSeconds / 3600, 1)} hours` : 'whenever a referral arrives or beds free up'}. Wall time ${fix(r.wallSeconds, 1)} s.`,
    '',
  );
  const main = r.metrics.find((m) => m.policy === (r.defaultPolicy ?? 'harbour_batch')) ?? r.metrics[r.metrics.length - 1];
  out.push('## Time to a safe bed', '');
  if (r.surge) out.push(`Surge: ${r.surge}.`, '');
  out.push(`Targets, ${main.label}:`, '', targetsTable(checkTargets(main)), '');
  out.push(`Capacity: ${capacityLine(main)}.`, '');
  out.push('Every policy on the same arrivals:', '', policyComparisonTable(r.metrics), '');
  const cohorts = main.timeToBed.some((x) => x.cohort === 'SURGE') ? (['ALL', 'SURGE', 'BACKGROUND'] as const) : (['ALL'] as const);
  if (cohorts.length > 1) {
    out.push('The surge and everyone else:', '');
    for (const c of ['SURGE', 'BACKGROUND'] as const) out.push(`${c === 'SURGE' ? 'Surge' : 'Everyone else'}:`, '', policyComparisonTable(r.metrics, c), '');
  }
  for (const m of [main, ...r.metrics.filter((x) => x !== main)]) {
    for (const c of cohorts) {
      out.push(`### ${m.label}${c === 'ALL' ? '' : c === 'SURGE' ? ': the surge' : ': everyone else'}`, '', timeToBedTable(m, c), '');
    }
  }
  out.push(
    'Counted: referrals that arrived at least 7 days (half the span if shorter) before the end, so that "within 7 days" is known for each. ' +
      '**In a bed** shares and **arrival** times are over those who could be placed and did not withdraw; **offer** times over those who could be placed (the first bed offered, accepted or not). ' +
      'A time marked ≥ was still running at the end for some referral it rests on (the true value is at least that). ' +
      '**Never placed**: no suitable provision (no room of the network could ever take the household), no-show (the hold expired and the referral withdrew), capacity (still waiting, or holding an offer, at the end). ' +
      "**Violations**: offers refused by the engine because they broke a hard rule (checkEligibility) or the room-sharing rules (the simulator's own check, safety.ts).",
    '',
  );
  out.push('## Results', '', resultsTable(r.metrics, r.bound), '');
  out.push(
    "**Result (value)** is Harbour's batch objective summed over the placements made: priority × (1 + match score ÷ 100), with the priority's waiting part left out (waiting longer must not earn anything). " +
      '**Wait** is from referral to the offer of the bed the household moved into, for the placed; **median wait, all** counts every referral, the never placed as waiting until the end of the span (so leaving people unplaced does not look like short waits). **Never placed** = still waiting at the end, holding an offer at the end, or withdrawn after a no-show. ' +
      '**Violations** are offers that broke a hard rule when checked independently with `checkEligibility` before being applied (none is applied). **Occupancy** = occupied bed-time ÷ in-service bed-time.',
    '',
  );
  if (r.bound) {
    const b = r.bound;
    out.push(
      `**Hindsight bound**: ${b.method === 'MIP' ? 'exact optimum (HiGHS MIP)' : b.method === 'MIP dual bound' ? 'HiGHS MIP dual bound at the time limit' : 'LP relaxation (HiGHS)'} of a time-windowed model that knows the whole future ` +
        `(${b.windowDays}-day windows, ${b.classes === 'fine' ? 'rooms grouped by shelter, size and access' : 'rooms grouped by region and kind'}, ${b.columns} variables, ${b.rows} rows, ${fix(b.wallMs / 1000, 1)} s). ` +
        'It leaves out the referrals whose offers would end in a no-show before any acceptance (no policy can place them), relaxes timing within a window, the one-room rule within a group, declines and outages, and scores every pair as if the shelter were empty and the room an exact fit, so no policy can beat it; it is an upper bound, not an achievable schedule.',
      '',
    );
  }
  out.push('## Waits by group (fairness)', '');
  const dims = ['gender', 'household', 'exploitation', 'urgency'] as const;
  for (const d of dims) {
    const groups = [...new Set(r.metrics.flatMap((m) => m.groups.filter((g) => g.dimension === d).map((g) => g.group)))];
    out.push(`| ${d} | ${r.metrics.map((m) => `${m.label}: placed / referrals; median, p90 wait of the placed; median wait of all (d)`).join(' | ')} |`);
    out.push(`|---|${r.metrics.map(() => '--:').join('|')}|`);
    for (const g of groups) {
      out.push(
        `| ${g} | ${r.metrics
          .map((m) => {
            const x = m.groups.find((y) => y.dimension === d && y.group === g);
            return x ? `${x.placed} / ${x.referrals}; ${fix(x.medianWaitDays, 2)}, ${fix(x.p90WaitDays, 1)}; ${fix(x.medianWaitAllDays, 2)}` : '–';
          })
          .join(' | ')} |`,
      );
    }
    out.push('');
  }
  out.push('![Waits](waits.svg)', '', '![Result](result.svg)', '', '![Fairness](fairness.svg)', '');
  if (r.plan) {
    const p = r.plan;
    out.push('## Capacity plan', '');
    const added = p.steps.reduce((n, s) => n + s.beds, 0);
    out.push(
      (p.measure === 'p90'
        ? `Target: every group's p90 time to a bed offer at most ${fix(p.targetMedianWaitDays, 1)} days; now ${fix(p.baselineMedianWaitDays, 1)} days for the worst group (${p.worstGroupBefore ?? '–'}) with Harbour's batch assignment. `
        : `Target: median wait of all referrals (the never placed counted as waiting until the end) at most ${fix(p.targetMedianWaitDays, 2)} days; now ${fix(p.baselineMedianWaitDays, 2)} days with Harbour's batch assignment. `) +
        (p.met
          ? `Met with ${added} extra beds (${fix(p.finalMedianWaitDays, 2)} days${p.measure === 'p90' ? `, worst group now ${p.worstGroupAfter ?? '–'}` : ''}):`
          : `Not met after ${p.steps.length} blocks, ${added} extra beds (${fix(p.finalMedianWaitDays, 2)} days${p.measure === 'p90' ? `, worst group ${p.worstGroupAfter ?? '–'}` : ''}):`),
      '',
    );
    if (p.steps.length > 0) {
      out.push(
        `| step | region | kind of bed | beds | ${p.measure === 'p90' ? 'for the group waiting longest | worst group p90 after (d)' : 'median wait after (d)'} |`,
        `|--:|---|---|--:|${p.measure === 'p90' ? '---|' : ''}--:|`,
      );
      p.steps.forEach((s, i) =>
        out.push(`| ${i + 1} | ${s.regionCode} | ${s.kind} | ${s.beds} | ${p.measure === 'p90' ? `${s.forGroup ?? '–'} | ` : ''}${fix(s.medianWaitDays, 2)} |`),
      );
      out.push('');
    }
    out.push(
      `How: greedy search re-running the simulation on the same scenario (${p.simulations} simulations). Each step tries blocks of beds of each kind (women-only, men-only, mixed, family, minors, accessible for adults, accessible for minors) in each region, simulates the ones that could take ${p.measure === 'p90' ? "most of the worst group's referrals not offered a bed within the target" : 'the most referrals left unplaced'}, and keeps the one that lowers the ${p.measure === 'p90' ? "worst group's p90" : 'median wait'} most.`,
      '',
    );
  }
  out.push('## Assumptions and sources', '');
  for (const a of assumptions(r.scenario, r.mix)) out.push(`- ${a}`);
  out.push('');
  return out.join('\n');
}
