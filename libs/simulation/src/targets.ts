/**
 * Time to a safe bed as the simulator judges a policy (issue 9): the written
 * targets, checked on one run's {@link TimeToBed} rows, and the tables that
 * show them (Markdown and CSV).
 */
import { stringify } from 'csv-stringify/sync';
import { CensoredQuantile, PolicyMetrics, TimeToBed } from './metrics';

/** One target and whether the run meets it. */
export interface TargetCheck {
  /** Stable key: EMERGENCY_IN_BED_24H, P90_OFFER_7D, P90_OFFER_2X_OVERALL, ZERO_VIOLATIONS. */
  key: 'EMERGENCY_IN_BED_24H' | 'P90_OFFER_7D' | 'P90_OFFER_2X_OVERALL' | 'ZERO_VIOLATIONS';
  /** The target in words. */
  target: string;
  met: boolean;
  /** What was measured, in words (the worst group where a group target is missed). */
  measured: string;
}

/**
 * The written targets: EMERGENCY in a bed within 24 h, p90 time to an offer per
 * group, and the limit on a group's p90 relative to the overall p90 (never below
 * `p90OfferFloorDays`: twice an overall p90 of zero would forbid any wait at all).
 */
export const TARGETS = Object.freeze({ emergencyInBed24h: 0.9, p90OfferDays: 7, p90OfferTimesOverall: 2, p90OfferFloorDays: 1 });

const fix = (x: number | null | undefined, d = 1): string => (x == null || Number.isNaN(x) ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined): string => (x == null ? '–' : `${(100 * x).toFixed(1)}%`);

/** A censored quantile in days: `≥ 12.0` when the end of the span cut it off, `–` when there is none. */
export function fmtQuantile(q: CensoredQuantile | null, digits = 1): string {
  return q === null ? '–' : `${q.censored ? '≥ ' : ''}${q.days.toFixed(digits)}`;
}

/**
 * Checks the targets on `m` for `cohort` (default everyone):
 * - EMERGENCY referrals in a bed within 24 h: at least 90%;
 * - every group's p90 time to an offer at most 7 days;
 * - no group's p90 time to an offer more than twice the overall p90 (the limit
 *   is at least 1 day, {@link TARGETS});
 * - zero violations (room sharing and every other hard rule).
 * A group with a censored p90 counts with its lower bound (it is at least that).
 */
export function checkTargets(m: PolicyMetrics, cohort: TimeToBed['cohort'] = 'ALL'): TargetCheck[] {
  const rows = m.timeToBed.filter((r) => r.cohort === cohort);
  const overall = rows.find((r) => r.dimension === 'all');
  const groups = rows.filter((r) => r.dimension !== 'all' && r.offerP90 !== null);
  const emergency = rows.find((r) => r.dimension === 'urgency' && r.group === 'EMERGENCY');
  const worst = [...groups].sort((a, b) => b.offerP90!.days - a.offerP90!.days)[0];
  const overallP90 = overall?.offerP90?.days ?? null;
  const limit2x = overallP90 === null ? null : Math.max(TARGETS.p90OfferFloorDays, TARGETS.p90OfferTimesOverall * overallP90);
  const over7 = groups.filter((g) => g.offerP90!.days > TARGETS.p90OfferDays);
  const over2x = limit2x === null ? [] : groups.filter((g) => g.offerP90!.days > limit2x + 1e-9);
  const name = (g: TimeToBed) => `${g.dimension} ${g.group}`;
  const violations = m.sharingViolations + m.hardRuleViolations;
  return [
    {
      key: 'EMERGENCY_IN_BED_24H',
      target: 'EMERGENCY referrals in a bed within 24 h >= 90%',
      met: emergency?.inBed24h != null && emergency.inBed24h >= TARGETS.emergencyInBed24h,
      measured: emergency ? `${pct(emergency.inBed24h)} of ${emergency.referrals - emergency.noSuitableProvision - emergency.noShow}` : 'no EMERGENCY referral',
    },
    {
      key: 'P90_OFFER_7D',
      target: "every group's p90 time to an offer <= 7 days",
      met: over7.length === 0 && groups.length > 0,
      measured: worst
        ? `worst ${name(worst)}: ${fmtQuantile(worst.offerP90)} d` +
          (over7.length > 0 ? `; over 7 d: ${over7.map((g) => `${name(g)} ${fmtQuantile(g.offerP90)}`).join(', ')}` : '')
        : 'no group',
    },
    {
      key: 'P90_OFFER_2X_OVERALL',
      target: "no group's p90 time to an offer > 2 x the overall p90 (limit at least 1 d)",
      met: over2x.length === 0 && limit2x !== null,
      measured:
        `overall p90 ${fmtQuantile(overall?.offerP90 ?? null, 2)} d (limit ${fix(limit2x, 2)} d)` +
        (over2x.length > 0 ? `; over: ${over2x.map((g) => `${name(g)} ${fmtQuantile(g.offerP90, 2)}`).join(', ')}` : ''),
    },
    {
      key: 'ZERO_VIOLATIONS',
      target: 'zero room-sharing and hard-rule violations',
      met: violations === 0,
      measured:
        `${m.sharingViolations} room-sharing, ${m.hardRuleViolations} other hard-rule` +
        (violations > 0
          ? ` (${Object.entries(m.violationsByRule)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''),
    },
  ];
}

/** Column headers of {@link timeToBedTable}. */
const HEAD =
  '| group | referrals | in a bed ≤ 24 h | ≤ 7 d | offer p50 (d) | offer p90 (d) | arrival p50 (d) | arrival p90 (d) | placed | never placed: no suitable provision | no-show | capacity |';

/** The Markdown time-to-bed table of one policy and cohort: the overall row, then every group. */
export function timeToBedTable(m: PolicyMetrics, cohort: TimeToBed['cohort'] = 'ALL'): string {
  const lines = [HEAD, '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|'];
  for (const r of m.timeToBed.filter((x) => x.cohort === cohort)) {
    const label = r.dimension === 'all' ? '**all**' : `${r.dimension}: ${r.group}`;
    lines.push(
      `| ${label} | ${r.referrals} | ${pct(r.inBed24h)} | ${pct(r.inBed7d)} | ${fmtQuantile(r.offerP50, 2)} | ${fmtQuantile(r.offerP90)} | ${fmtQuantile(r.arrivalP50, 2)} | ${fmtQuantile(r.arrivalP90)} | ${r.placed} | ${r.noSuitableProvision} | ${r.noShow} | ${r.capacity} |`,
    );
  }
  return lines.join('\n');
}

/** The targets as a Markdown table. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  return ['| target | met | measured |', '|---|---|---|', ...checks.map((c) => `| ${c.target} | ${c.met ? 'yes' : '**no**'} | ${c.measured} |`)].join('\n');
}

/** One line on the load and its capacity limit, e.g. `offered load ρ = 1.10: at least 9.1% cannot be served; never placed for capacity 7.4%`. */
export function capacityLine(m: PolicyMetrics, cohort: TimeToBed['cohort'] = 'ALL'): string {
  const all = m.timeToBed.find((r) => r.cohort === cohort && r.dimension === 'all');
  const servable = all ? all.referrals - all.noSuitableProvision - all.noShow : 0;
  const observed = all && servable > 0 ? all.capacity / servable : null;
  return (
    `offered load ρ = ${fix(m.offeredLoad, 2)}` +
    (m.offeredLoad !== null && m.offeredLoad > 1
      ? `: at least ${pct(m.capacityLimitShare)} of the demand cannot be served (1 − 1/ρ)`
      : ' (≤ 1: no share is lost to capacity in the long run)') +
    `; never placed for capacity: ${pct(observed)} of those who could be placed and came`
  );
}

/** time-to-bed.csv: one row per policy, cohort and group. Quantiles in days, with a `_censored` flag each. */
export function timeToBedCsv(metrics: readonly PolicyMetrics[]): string {
  const q = (x: CensoredQuantile | null) => (x === null ? null : x.days);
  const c = (x: CensoredQuantile | null) => (x === null ? null : x.censored ? 1 : 0);
  const rows = metrics.flatMap((m) =>
    m.timeToBed.map((r) => ({
      policy: m.policy,
      cohort: r.cohort,
      dimension: r.dimension,
      group: r.group,
      referrals: r.referrals,
      placed: r.placed,
      never_placed_no_suitable_provision: r.noSuitableProvision,
      never_placed_no_show: r.noShow,
      never_placed_capacity: r.capacity,
      in_bed_24h_share: r.inBed24h,
      in_bed_7d_share: r.inBed7d,
      offer_p50_days: q(r.offerP50),
      offer_p50_censored: c(r.offerP50),
      offer_p90_days: q(r.offerP90),
      offer_p90_censored: c(r.offerP90),
      arrival_p50_days: q(r.arrivalP50),
      arrival_p50_censored: c(r.arrivalP50),
      arrival_p90_days: q(r.arrivalP90),
      arrival_p90_censored: c(r.arrivalP90),
    })),
  );
  if (rows.length === 0) return '';
  return stringify(rows, { header: true, columns: Object.keys(rows[0]), cast: { number: (n) => String(Math.round(n * 1e6) / 1e6) } });
}

/** One row per policy: the headline time-to-bed measures of `cohort`, for comparing policies on the same arrivals. */
export function policyComparisonTable(metrics: readonly PolicyMetrics[], cohort: TimeToBed['cohort'] = 'ALL'): string {
  const lines = [
    '| policy | in a bed ≤ 24 h | EMERGENCY ≤ 24 h | ≤ 7 d | offer p50 (d) | offer p90 (d) | worst group offer p90 (d) | never placed: no suitable provision / no-show / capacity | room-sharing violations | other hard-rule violations |',
    '|---|--:|--:|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const m of metrics) {
    const rows = m.timeToBed.filter((r) => r.cohort === cohort);
    const all = rows.find((r) => r.dimension === 'all');
    const em = rows.find((r) => r.dimension === 'urgency' && r.group === 'EMERGENCY');
    const worst = rows.filter((r) => r.dimension !== 'all' && r.offerP90 !== null).sort((a, b) => b.offerP90!.days - a.offerP90!.days)[0];
    lines.push(
      `| ${m.label} | ${pct(all?.inBed24h)} | ${pct(em?.inBed24h)} | ${pct(all?.inBed7d)} | ${fmtQuantile(all?.offerP50 ?? null, 2)} | ${fmtQuantile(all?.offerP90 ?? null)} | ${worst ? `${fmtQuantile(worst.offerP90)} (${worst.dimension} ${worst.group}, n = ${worst.referrals - worst.noSuitableProvision})` : '–'} | ${all ? `${all.noSuitableProvision} / ${all.noShow} / ${all.capacity}` : '–'} | ${m.sharingViolations} | ${m.hardRuleViolations} |`,
    );
  }
  return lines.join('\n');
}
