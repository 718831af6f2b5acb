import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_SUPPRESSION_THRESHOLD, Role, suppressBreakdowns, suppressTable, SuppressedCell, totalShown } from '@harbour/domain';
import { BadUserInputError, Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { withCaller } from '../persistence/transactions';

/** What a report can be broken down by (docs/reports.md). */
export enum ReportDimension {
  REGION = 'REGION',
  /** Calendar month of the event, UTC, as YYYY-MM. */
  MONTH = 'MONTH',
  AGENCY_KIND = 'AGENCY_KIND',
  GENDER = 'GENDER',
  /** SINGLE_ADULT, ADULTS_TOGETHER, FAMILY_WITH_CHILDREN or UNACCOMPANIED_MINOR. */
  HOUSEHOLD_TYPE = 'HOUSEHOLD_TYPE',
  URGENCY = 'URGENCY',
  /** A referral with several exploitation types counts once under each. */
  EXPLOITATION_TYPE = 'EXPLOITATION_TYPE',
  /** YES when the referral stated an accessibility need. */
  ACCESSIBILITY_NEED = 'ACCESSIBILITY_NEED',
  /** Decline reason, exit reason, hold source or decision outcome, as the metric has. */
  REASON = 'REASON',
}

/** Counted events (docs/reports.md says what each counts). */
export enum ReportMetric {
  REFERRALS = 'REFERRALS',
  /** Distinct referrals that asked for a bed: offered at once, waitlisted or turned away. */
  PLACEMENT_REQUESTS = 'PLACEMENT_REQUESTS',
  OFFERS = 'OFFERS',
  ACCEPTANCES = 'ACCEPTANCES',
  DECLINES = 'DECLINES',
  /** Offers (holds) that expired with nobody arriving. */
  NO_SHOWS = 'NO_SHOWS',
  /**
   * Households with no suitable provision anywhere in the network, once per
   * report (at their last turnaway in the period); REASON: the rule that
   * blocked them where they could go (libs/domain blockingRuleOf).
   */
  TURNAWAYS = 'TURNAWAYS',
  ESCALATIONS = 'ESCALATIONS',
  ARRIVALS = 'ARRIVALS',
  EXITS = 'EXITS',
  EXTENSIONS = 'EXTENSIONS',
  CG_DECISIONS = 'CG_DECISIONS',
}

/** Durations reported as p50 and p90. */
export enum ReportDuration {
  /** Hours from referral to its first offer in the period. */
  TIME_TO_OFFER_HOURS = 'TIME_TO_OFFER_HOURS',
  /** Hours from referral to arrival. */
  TIME_TO_ARRIVAL_HOURS = 'TIME_TO_ARRIVAL_HOURS',
  /** Days from arrival to exit, for stays that ended in the period. */
  LENGTH_OF_STAY_DAYS = 'LENGTH_OF_STAY_DAYS',
  /** Days from a positive reasonable grounds decision to the conclusive grounds decision. */
  RG_TO_CG_DAYS = 'RG_TO_CG_DAYS',
}

/** Report request: a period of whole UTC days (inclusive), a grouping and a filter. */
export interface ReportQuery {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD, inclusive; at most 3 years after `from`. */
  to: string;
  /** Up to two dimensions; empty for one overall row. */
  groupBy: ReportDimension[];
  /** Only events (and beds) in these regions; empty = all. */
  regionCodes?: string[];
  /** Occupancy bed category (default ALL). */
  category?: string;
}

export interface ReportCount {
  metric: ReportMetric;
  key: string[];
  /** Null when suppressed. */
  count: number | null;
  /**
   * True when hidden, whether the count is small or hidden to protect a small
   * one: the two are never told apart (that would narrow both).
   */
  suppressed: boolean;
}

export interface ReportMetricTotal {
  metric: ReportMetric;
  /** Null when under the threshold (and not 0); the same in every grouping. */
  total: number | null;
}

export interface ReportDurationRow {
  duration: ReportDuration;
  key: string[];
  /** People measured; null (and no percentiles) when fewer than the threshold. */
  people: number | null;
  p50: number | null;
  p90: number | null;
}

export interface OccupancyRow {
  /** Grouping key: REGION and/or MONTH values (other dimensions do not apply to beds). */
  key: string[];
  /** Bed-nights counted (beds × days with a snapshot). */
  bedNights: number;
  /** Bed-nights not out of service. */
  availableNights: number;
  /** Bed-nights with someone living there. */
  usedNights: number;
  /** Bed-nights held for an arrival. */
  heldNights: number;
  outOfServiceNights: number;
  /** usedNights / availableNights, or null with nothing available. */
  utilisation: number | null;
  outOfServiceByReason: { reason: string; nights: number }[];
}

export interface PressureRow {
  regionCode: string;
  category: string;
  /** Capacity alerts opened in the period. */
  alertsOpened: number;
  /** Hours within the period that the region and category were below an alert threshold. */
  hoursBelowThreshold: number;
}

export interface Report {
  from: string;
  to: string;
  groupBy: ReportDimension[];
  suppressionThreshold: number;
  counts: ReportCount[];
  totals: ReportMetricTotal[];
  durations: ReportDurationRow[];
  occupancy: OccupancyRow[];
  pressure: PressureRow[];
  /** Days in the period with no occupancy snapshot (occupancy covers the others only). */
  daysWithoutSnapshot: number;
}

/** SQL for each dimension over `report_event e` (EXPLOITATION_TYPE uses the lateral `xt`). */
const DIMENSION_SQL: Record<ReportDimension, string> = {
  REGION: `coalesce(e.region_code, 'ANY')`,
  MONTH: `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
  AGENCY_KIND: `coalesce(e.agency_kind, 'UNKNOWN')`,
  GENDER: `coalesce(e.gender, 'UNKNOWN')`,
  HOUSEHOLD_TYPE: `coalesce(e.household_type, 'UNKNOWN')`,
  URGENCY: `coalesce(e.urgency, 'UNKNOWN')`,
  EXPLOITATION_TYPE: `xt.v`,
  ACCESSIBILITY_NEED: `CASE WHEN e.accessibility_need THEN 'YES' ELSE 'NO' END`,
  REASON: `coalesce(e.reason, 'NONE')`,
};

/** Which report events each metric counts (SQL filter over `e`). */
const METRIC_SQL: Record<ReportMetric, string> = {
  REFERRALS: `count(*) FILTER (WHERE e.kind = 'REFERRAL_CREATED')`,
  PLACEMENT_REQUESTS: `count(DISTINCT e.referral_id) FILTER (WHERE e.kind IN ('WAITLISTED', 'TURNAWAY') OR (e.kind = 'OFFER_MADE' AND e.reason = 'REQUEST'))`,
  OFFERS: `count(*) FILTER (WHERE e.kind = 'OFFER_MADE')`,
  ACCEPTANCES: `count(*) FILTER (WHERE e.kind = 'OFFER_ACCEPTED')`,
  DECLINES: `count(*) FILTER (WHERE e.kind = 'OFFER_DECLINED')`,
  NO_SHOWS: `count(*) FILTER (WHERE e.kind = 'NO_SHOW')`,
  TURNAWAYS: `count(*) FILTER (WHERE e.kind = 'TURNAWAY')`,
  ESCALATIONS: `count(*) FILTER (WHERE e.kind = 'ESCALATION_OPENED')`,
  ARRIVALS: `count(*) FILTER (WHERE e.kind = 'ARRIVED')`,
  EXITS: `count(*) FILTER (WHERE e.kind = 'EXITED')`,
  EXTENSIONS: `count(*) FILTER (WHERE e.kind = 'PERIOD_EXTENDED')`,
  CG_DECISIONS: `count(*) FILTER (WHERE e.kind = 'CG_DECISION')`,
};

/** Events and value each duration is measured over. */
const DURATION_SQL: Record<ReportDuration, { kind: string; perReferralMin: boolean }> = {
  TIME_TO_OFFER_HOURS: { kind: 'OFFER_MADE', perReferralMin: true },
  TIME_TO_ARRIVAL_HOURS: { kind: 'ARRIVED', perReferralMin: false },
  LENGTH_OF_STAY_DAYS: { kind: 'EXITED', perReferralMin: false },
  RG_TO_CG_DAYS: { kind: 'CG_DECISION', perReferralMin: false },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3 * 366;

/**
 * Commissioners' and coordinators' reports from the report history
 * (docs/reports.md): counts by group with small-cell suppression, p50/p90
 * durations, occupancy bed-nights from the daily snapshots, and regional
 * pressure from capacity alerts. Never names a shelter or a location; every
 * count of people is suppressed below REPORT_SUPPRESSION_THRESHOLD.
 */
@Injectable()
export class ReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
  ) {}

  /** The suppression threshold in force (REPORT_SUPPRESSION_THRESHOLD, default 5). */
  get threshold(): number {
    return this.config.REPORT_SUPPRESSION_THRESHOLD ?? DEFAULT_SUPPRESSION_THRESHOLD;
  }

  /**
   * Builds a report. Coordinators and commissioners only.
   * @throws ForbiddenError for other roles; BadUserInputError naming the field
   *   for a bad date, a period over 3 years or backwards, more than two or
   *   repeated dimensions, or REASON combined with several metrics' reasons.
   */
  async report(p: Principal, q: ReportQuery): Promise<Report> {
    requireRole(p, Role.COORDINATOR, Role.COMMISSIONER);
    const { from, to, groupBy } = validateQuery(q);
    const regions = (q.regionCodes ?? []).map((r) => r.trim().toUpperCase()).filter(Boolean);
    const category = (q.category ?? 'ALL').trim().toUpperCase();
    return withCaller(this.dataSource, p, async (em) => {
      const counts = await this.counts(em, from, to, groupBy, regions);
      const durations = await this.durations(em, from, to, groupBy, regions);
      const occ = await this.occupancy(em, from, to, groupBy, regions, category);
      const pressure = await this.pressure(em, from, to, regions);
      return { from, to, groupBy, suppressionThreshold: this.threshold, ...counts, durations, ...occ, pressure };
    });
  }

  /**
   * The quarterly summary in the shape of the Home Office's published NRM
   * statistics (referrals by age group, gender, exploitation type and first
   * responder; RG and CG decisions by outcome), from the report history, for
   * the quarters overlapping [from, to]. Every figure is suppressed below the
   * threshold, and complementary suppression ({@link suppressBreakdowns})
   * treats every breakdown as an equation with its published total (the
   * exploitation types too, where one referral can have several), so no
   * hidden figure equals a published total minus published figures.
   * Coordinators and commissioners only.
   * @throws ForbiddenError for other roles; BadUserInputError for bad dates.
   */
  async nrmQuarterly(p: Principal, from: string, to: string): Promise<NrmQuarterRow[]> {
    requireRole(p, Role.COORDINATOR, Role.COMMISSIONER);
    validateQuery({ from, to, groupBy: [] });
    const rows: Record<string, string | number>[] = await withCaller(this.dataSource, p, (em) =>
      em.query(
        `SELECT to_char(date_trunc('quarter', e.occurred_at AT TIME ZONE 'UTC'), 'YYYY') || ' Q' ||
                extract(quarter FROM e.occurred_at AT TIME ZONE 'UTC')::int AS quarter,
           count(*) FILTER (WHERE k) ::int AS referrals,
           count(*) FILTER (WHERE k AND household_type <> 'UNACCOMPANIED_MINOR')::int AS adults,
           count(*) FILTER (WHERE k AND household_type = 'UNACCOMPANIED_MINOR')::int AS children,
           count(*) FILTER (WHERE k AND gender = 'FEMALE')::int AS female,
           count(*) FILTER (WHERE k AND gender = 'MALE')::int AS male,
           count(*) FILTER (WHERE k AND gender = 'NON_BINARY')::int AS non_binary,
           count(*) FILTER (WHERE k AND 'SEXUAL' = ANY(exploitation_types))::int AS sexual,
           count(*) FILTER (WHERE k AND 'LABOUR' = ANY(exploitation_types))::int AS labour,
           count(*) FILTER (WHERE k AND 'DOMESTIC_SERVITUDE' = ANY(exploitation_types))::int AS domestic_servitude,
           count(*) FILTER (WHERE k AND 'CRIMINAL' = ANY(exploitation_types))::int AS criminal,
           count(*) FILTER (WHERE k AND 'ORGAN_REMOVAL' = ANY(exploitation_types))::int AS organ_removal,
           count(*) FILTER (WHERE k AND 'OTHER' = ANY(exploitation_types))::int AS other,
           count(*) FILTER (WHERE k AND cardinality(exploitation_types) = 0)::int AS not_recorded,
           count(*) FILTER (WHERE k AND agency_kind = 'POLICE')::int AS police,
           count(*) FILTER (WHERE k AND agency_kind = 'BORDER_FORCE')::int AS border_force,
           count(*) FILTER (WHERE k AND agency_kind = 'LOCAL_AUTHORITY')::int AS local_authority,
           count(*) FILTER (WHERE k AND agency_kind = 'NGO')::int AS ngo,
           count(*) FILTER (WHERE k AND coalesce(agency_kind, 'OTHER') NOT IN ('POLICE', 'BORDER_FORCE', 'LOCAL_AUTHORITY', 'NGO'))::int AS other_agency,
           count(*) FILTER (WHERE e.kind = 'RG_DECISION')::int AS rg_decisions,
           count(*) FILTER (WHERE e.kind = 'RG_DECISION' AND e.reason = 'POSITIVE')::int AS rg_positive,
           count(*) FILTER (WHERE e.kind = 'RG_DECISION' AND e.reason = 'NEGATIVE')::int AS rg_negative,
           count(*) FILTER (WHERE e.kind = 'CG_DECISION')::int AS cg_decisions,
           count(*) FILTER (WHERE e.kind = 'CG_DECISION' AND e.reason = 'POSITIVE')::int AS cg_positive,
           count(*) FILTER (WHERE e.kind = 'CG_DECISION' AND e.reason = 'NEGATIVE')::int AS cg_negative
         FROM report_event e, LATERAL (SELECT e.kind = 'REFERRAL_CREATED' AS k) x
        WHERE e.occurred_at >= date_trunc('quarter', $1::date) AND e.occurred_at < date_trunc('quarter', $2::date) + interval '3 months'
          AND e.kind IN ('REFERRAL_CREATED', 'RG_DECISION', 'CG_DECISION')
        GROUP BY 1 ORDER BY 1`,
        [from, to],
      ),
    );
    return rows.map((r) => {
      const figures: Record<string, number> = {};
      for (const [name, v] of Object.entries(r)) if (name !== 'quarter') figures[name] = Number(v);
      const { values } = suppressBreakdowns(
        figures,
        NRM_QUARTERLY_BREAKDOWNS.map((b) => ({ total: b.of, columns: b.columns, overlapping: !b.exclusive })),
        this.threshold,
      );
      return { quarter: String(r.quarter), values };
    });
  }

  private eventsFrom(groupBy: ReportDimension[]): string {
    const lateral = groupBy.includes(ReportDimension.EXPLOITATION_TYPE)
      ? ` CROSS JOIN LATERAL unnest(CASE WHEN cardinality(e.exploitation_types) = 0 THEN ARRAY['NOT_RECORDED'] ELSE e.exploitation_types END) AS xt(v)`
      : '';
    return `report_event e${lateral}`;
  }

  /**
   * Events of the period (and regions). A household turned away several times
   * counts once: only its last TURNAWAY event in the period is kept
   * (docs/reports.md, Turnaways).
   */
  private where(regions: string[], params: unknown[]): string {
    let sql = `e.occurred_at >= $1::date AND e.occurred_at < ($2::date + 1)
      AND (e.kind <> 'TURNAWAY' OR NOT EXISTS (
            SELECT 1 FROM report_event l
             WHERE l.kind = 'TURNAWAY' AND l.referral_id = e.referral_id AND l.occurred_at < ($2::date + 1)
               AND (l.occurred_at, l.id) > (e.occurred_at, e.id)))`;
    if (regions.length) {
      params.push(regions);
      sql += ` AND e.region_code = ANY($${params.length}::text[])`;
    }
    return sql;
  }

  private async counts(em: EntityManager, from: string, to: string, groupBy: ReportDimension[], regions: string[]) {
    const params: unknown[] = [from, to];
    const dims = groupBy.map((d, i) => `${DIMENSION_SQL[d]} AS k${i}`);
    const metrics = Object.values(ReportMetric);
    const rows: Record<string, string | number>[] = await em.query(
      `SELECT ${[...dims, ...metrics.map((m) => `${METRIC_SQL[m]}::int AS "${m}"`)].join(', ')}
         FROM ${this.eventsFrom(groupBy)}
        WHERE ${this.where(regions, params)}
        ${groupBy.length ? `GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')} ORDER BY ${groupBy.map((_, i) => i + 1).join(', ')}` : ''}`,
      params,
    );
    const counts: ReportCount[] = [];
    const totals: ReportMetricTotal[] = [];
    for (const m of metrics) {
      const cells = rows.map((r) => ({ key: groupBy.map((_, i) => String(r[`k${i}`])), count: Number(r[m]) }));
      if (!groupBy.length) {
        const total = cells.reduce((s, c) => s + c.count, 0);
        const shown = totalShown(total, this.threshold);
        counts.push({ metric: m, key: [], count: shown ? total : null, suppressed: !shown });
        totals.push({ metric: m, total: shown ? total : null });
        continue;
      }
      const s = suppressTable(cells, this.threshold);
      s.cells.forEach((c: SuppressedCell) => counts.push({ metric: m, key: [...c.key], count: c.count, suppressed: c.suppressed }));
      totals.push({ metric: m, total: s.total });
    }
    return { counts, totals };
  }

  private async durations(em: EntityManager, from: string, to: string, groupBy: ReportDimension[], regions: string[]) {
    const out: ReportDurationRow[] = [];
    for (const d of Object.values(ReportDuration)) {
      const { kind, perReferralMin } = DURATION_SQL[d];
      const params: unknown[] = [from, to];
      const dims = groupBy.map((g, i) => `${DIMENSION_SQL[g]} AS k${i}`);
      const base = `SELECT ${[...dims, perReferralMin ? 'e.referral_id' : 'e.id AS referral_id', 'e.value'].join(', ')}
                      FROM ${this.eventsFrom(groupBy)}
                     WHERE ${this.where(regions, params)} AND e.kind = '${kind}' AND e.value IS NOT NULL`;
      const keys = groupBy.map((_, i) => `k${i}`);
      const per = perReferralMin
        ? `SELECT ${[...keys, 'referral_id', 'min(value) AS value'].join(', ')} FROM (${base}) b GROUP BY ${[...keys, 'referral_id'].join(', ')}`
        : base;
      const rows: Record<string, string | number>[] = await em.query(
        `SELECT ${[
          ...keys,
          'count(*)::int AS people',
          'percentile_disc(0.5) WITHIN GROUP (ORDER BY value) AS p50',
          'percentile_disc(0.9) WITHIN GROUP (ORDER BY value) AS p90',
        ].join(', ')}
           FROM (${per}) v ${keys.length ? `GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}` : ''}`,
        params,
      );
      for (const r of rows) {
        const people = Number(r.people);
        if (!people) continue;
        const shown = people >= this.threshold;
        out.push({
          duration: d,
          key: keys.map((k) => String(r[k])),
          people: shown ? people : null,
          p50: shown ? round1(Number(r.p50)) : null,
          p90: shown ? round1(Number(r.p90)) : null,
        });
      }
    }
    return out;
  }

  private async occupancy(
    em: EntityManager,
    from: string,
    to: string,
    groupBy: ReportDimension[],
    regions: string[],
    category: string,
  ): Promise<{ occupancy: OccupancyRow[]; daysWithoutSnapshot: number }> {
    const params: unknown[] = [from, to, category];
    const dims = groupBy
      .filter((d) => d === ReportDimension.REGION || d === ReportDimension.MONTH)
      .map((d) => (d === ReportDimension.REGION ? 'o.region_code' : `to_char(o.day, 'YYYY-MM')`));
    let where = `o.day BETWEEN $1::date AND $2::date AND o.category = $3`;
    if (regions.length) {
      params.push(regions);
      where += ` AND o.region_code = ANY($4::text[])`;
    }
    const keys = dims.map((_, i) => `k${i}`);
    const grouping = keys.length ? `GROUP BY ${keys.join(', ')}` : '';
    // One read of the period's snapshots (materialised: on the full HIC network a season is 1.6 million
    // rows per category), then the reasons of the rows with beds out of service, aggregated per group and
    // joined, not looked up per group (a correlated lookup re-read every row for each of 385 regions).
    const rows: Record<string, unknown>[] = await em.query(
      `WITH o AS MATERIALIZED (
              SELECT ${[...dims.map((d, i) => `${d} AS k${i}`), 'o.beds', 'o.out_of_service', 'o.occupied', 'o.held', 'o.out_of_service_reasons'].join(', ')}
                FROM occupancy_snapshot o WHERE ${where}),
            reasons AS (SELECT ${[...keys, 'r.key AS reason', 'sum(r.value::int)::int AS nights'].join(', ')}
                          FROM o, jsonb_each_text(o.out_of_service_reasons) r WHERE o.out_of_service > 0
                         GROUP BY ${[...keys, 'r.key'].join(', ')}),
            by_group AS (SELECT ${[...keys, `jsonb_agg(jsonb_build_object('reason', x.reason, 'nights', x.nights) ORDER BY x.nights DESC, x.reason) AS reasons`].join(', ')}
                           FROM reasons x ${grouping})
       SELECT ${[...keys.map((k) => `g.${k}`), 'g.beds', 'g.oos', 'g.used', 'g.held', `coalesce(bg.reasons, '[]') AS reasons`].join(', ')}
         FROM (SELECT ${[...keys, 'sum(beds)::int AS beds', 'sum(out_of_service)::int AS oos', 'sum(occupied)::int AS used', 'sum(held)::int AS held'].join(', ')}
                 FROM o ${grouping}) g
         LEFT JOIN by_group bg ON ${keys.length ? keys.map((k) => `bg.${k} = g.${k}`).join(' AND ') : 'true'}
        ${keys.length ? `ORDER BY ${keys.map((k) => `g.${k}`).join(', ')}` : ''}`,
      params,
    );
    const occupancy = rows
      .filter((r) => r.beds !== null)
      .map((r) => {
        const beds = Number(r.beds);
        const oos = Number(r.oos);
        const used = Number(r.used);
        return {
          key: keys.map((k) => String(r[k])),
          bedNights: beds,
          availableNights: beds - oos,
          usedNights: used,
          heldNights: Number(r.held),
          outOfServiceNights: oos,
          utilisation: beds - oos > 0 ? round3(used / (beds - oos)) : null,
          outOfServiceByReason: r.reasons as { reason: string; nights: number }[],
        };
      });
    const [{ missing }] = await em.query(
      `SELECT count(*)::int AS missing FROM generate_series($1::date, $2::date, interval '1 day') d
        WHERE NOT EXISTS (SELECT 1 FROM occupancy_snapshot o WHERE o.day = d::date)`,
      [from, to],
    );
    return { occupancy, daysWithoutSnapshot: Number(missing) };
  }

  private async pressure(em: EntityManager, from: string, to: string, regions: string[]): Promise<PressureRow[]> {
    const now = await this.clock.now();
    const params: unknown[] = [from, to, now];
    let filter = '';
    if (regions.length) {
      params.push(regions);
      filter = ` AND a.region_code = ANY($4::text[])`;
    }
    const rows: { region_code: string; category: string; opened: number; hours: number }[] = await em.query(
      `SELECT coalesce(a.region_code, 'ALL') AS region_code, a.category,
              count(*) FILTER (WHERE a.opened_at >= $1::date AND a.opened_at < ($2::date + 1))::int AS opened,
              coalesce(sum(extract(epoch FROM
                 least(coalesce(a.resolved_at, $3::timestamptz), ($2::date + 1)::timestamptz)
                 - greatest(a.opened_at, $1::date::timestamptz)) / 3600.0), 0) AS hours
         FROM alert a
        WHERE a.opened_at < ($2::date + 1) AND coalesce(a.resolved_at, $3::timestamptz) > $1::date ${filter}
        GROUP BY 1, 2 ORDER BY 4 DESC, 1, 2`,
      params,
    );
    return rows.map((r) => ({
      regionCode: r.region_code,
      category: r.category,
      alertsOpened: Number(r.opened),
      hoursBelowThreshold: round1(Math.max(0, Number(r.hours))),
    }));
  }
}

/**
 * Checks and normalises a report query.
 * @throws BadUserInputError whose `field` is `input.<name>` (`input.from`,
 *   `input.to`, `input.groupBy`), as the GraphQL input validation names it.
 */
export function validateQuery(q: ReportQuery): { from: string; to: string; groupBy: ReportDimension[] } {
  const from = (q.from ?? '').trim();
  const to = (q.to ?? '').trim();
  for (const [field, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
      throw new BadUserInputError(`${field} must be a date YYYY-MM-DD, got "${v.slice(0, 40)}"`, `input.${field}`);
    }
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0) throw new BadUserInputError('to must not be before from', 'input.to');
  if (days > MAX_DAYS) throw new BadUserInputError(`a report covers at most ${MAX_DAYS} days`, 'input.to');
  const groupBy = q.groupBy ?? [];
  if (groupBy.length > 2) throw new BadUserInputError('groupBy takes at most two dimensions', 'input.groupBy');
  if (new Set(groupBy).size !== groupBy.length) throw new BadUserInputError('groupBy repeats a dimension', 'input.groupBy');
  for (const d of groupBy) {
    if (!(d in DIMENSION_SQL)) throw new BadUserInputError(`unknown dimension ${String(d).slice(0, 40)}`, 'input.groupBy');
  }
  return { from, to, groupBy };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** One quarter of the NRM-style summary: column name → count (null when suppressed). */
export interface NrmQuarterRow {
  /** e.g. "2026 Q1" (calendar quarters, UTC). */
  quarter: string;
  values: Record<string, number | null>;
}

/** The columns of the NRM-style quarterly summary, in order, by breakdown. */
export const NRM_QUARTERLY_BREAKDOWNS: readonly { name: string; columns: readonly string[]; exclusive: boolean; of: string }[] = [
  { name: 'age', columns: ['adults', 'children'], exclusive: true, of: 'referrals' },
  { name: 'gender', columns: ['female', 'male', 'non_binary'], exclusive: true, of: 'referrals' },
  {
    name: 'exploitation',
    columns: ['sexual', 'labour', 'domestic_servitude', 'criminal', 'organ_removal', 'other', 'not_recorded'],
    exclusive: false,
    of: 'referrals',
  },
  { name: 'first responder', columns: ['police', 'border_force', 'local_authority', 'ngo', 'other_agency'], exclusive: true, of: 'referrals' },
  { name: 'reasonable grounds', columns: ['rg_positive', 'rg_negative'], exclusive: true, of: 'rg_decisions' },
  { name: 'conclusive grounds', columns: ['cg_positive', 'cg_negative'], exclusive: true, of: 'cg_decisions' },
];
