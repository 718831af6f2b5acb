import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { gql } from '../api';
import { PageTitle, QueryState } from '../components/common';
import { graphql } from '../gql';
import type { ReportDimension, ReportPageQuery } from '../gql/graphql';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/** One grouping of the period's report (the page asks for four, as `harbour report` does). */
const ReportPageDocument = graphql(`
  query ReportPage($input: ReportInput!) {
    report(input: $input) {
      suppressionThreshold
      totals {
        metric
        total
      }
      counts {
        metric
        key
        count
        suppressed
      }
      durations {
        duration
        key
        people
        p50
        p90
      }
      occupancy {
        key
        bedNights
        usedNights
        heldNights
        outOfServiceNights
        availableNights
        utilisation
      }
      pressure {
        regionCode
        category
        alertsOpened
        hoursBelowThreshold
      }
      daysWithoutSnapshot
    }
  }
`);

type Report = ReportPageQuery['report'];

const METRICS = [
  'REFERRALS',
  'PLACEMENT_REQUESTS',
  'OFFERS',
  'ACCEPTANCES',
  'DECLINES',
  'NO_SHOWS',
  'TURNAWAYS',
  'ESCALATIONS',
  'ARRIVALS',
  'EXITS',
  'EXTENSIONS',
  'CG_DECISIONS',
] as const;

/** The metrics whose REASON rows the outcomes chart shows. */
const OUTCOMES = ['TURNAWAYS', 'DECLINES', 'EXITS'] as const;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A bar of `value` out of `max`, as a width; the number is always written beside it (never the bar alone). */
function Bar({ value, max, kind }: { value: number; max: number; kind: string }) {
  return <span className={`bar bar-${kind}`} style={{ width: `${max > 0 ? Math.round((100 * value) / max) : 0}%` }} aria-hidden="true" />;
}

/**
 * Coordinators: the commissioners' report of a period (docs/reports.md), with
 * the charts `harbour report` draws (occupancy by month, time to a safe bed
 * per household type, turnaways, declines and exits by reason) as bar tables,
 * and the regional pressure table. Hidden counts (small, or hidden so a small
 * one cannot be worked out) are shown as "hidden", all alike.
 */
export function Reports() {
  const { t } = useI18n();
  const today = new Date();
  const [form, setForm] = useState({ from: day(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 2, 1))), to: day(today) });
  const [period, setPeriod] = useState(form);
  const ask = (groupBy: ReportDimension[]) => ({
    queryKey: ['report', period.from, period.to, ...groupBy],
    queryFn: () => gql(ReportPageDocument, { input: { from: period.from, to: period.to, groupBy } }),
  });
  const overall = useQuery(ask([]));
  const byMonth = useQuery(ask(['MONTH']));
  const byHousehold = useQuery(ask(['HOUSEHOLD_TYPE']));
  const byReason = useQuery(ask(['REASON']));
  const all = [overall, byMonth, byHousehold, byReason];
  const failed = all.find((q) => q.error);
  const hidden = t('reports.hidden');
  const shown = (n: number | null | undefined) => (n === null || n === undefined ? hidden : String(n));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod(form);
  };

  return (
    <section className="reports">
      <PageTitle>{t('reports.title')}</PageTitle>
      <form onSubmit={submit} className="period">
        <label>
          {t('reports.from')}
          <input type="date" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <button type="submit">{t('reports.show')}</button>
      </form>
      <QueryState loading={all.some((q) => q.isPending)} error={failed?.error} retry={() => all.forEach((q) => q.refetch())} />
      {overall.data && <Totals report={overall.data.report} shown={shown} />}
      {byMonth.data && <Occupancy report={byMonth.data.report} />}
      {byHousehold.data && <TimeToBed report={byHousehold.data.report} />}
      {byReason.data && <Outcomes report={byReason.data.report} shown={shown} />}
      {overall.data && <Pressure report={overall.data.report} />}
    </section>
  );
}

function Totals({ report, shown }: { report: Report; shown: (n: number | null | undefined) => string }) {
  const { t } = useI18n();
  const total = new Map(report.totals.map((x) => [x.metric, x.total]));
  return (
    <>
      <p className="hint">{t('reports.privacy', { threshold: report.suppressionThreshold })}</p>
      <table aria-labelledby="reports-totals">
        <caption id="reports-totals">{t('reports.totals')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.metric')}</th>
            <th scope="col">{t('reports.count')}</th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map((m) => (
            <tr key={m}>
              <th scope="row">{t(`reports.metric.${m}` as MessageKey)}</th>
              <td>{shown(total.get(m))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Occupancy({ report }: { report: Report }) {
  const { t } = useI18n();
  const max = Math.max(0, ...report.occupancy.map((o) => o.bedNights));
  return (
    <table className="chart" aria-labelledby="reports-occupancy">
      <caption id="reports-occupancy">{t('reports.occupancy')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.month')}</th>
          <th scope="col">{t('reports.used')}</th>
          <th scope="col">{t('reports.held')}</th>
          <th scope="col">{t('reports.free')}</th>
          <th scope="col">{t('reports.outOfService')}</th>
          <th scope="col">{t('reports.utilisation')}</th>
        </tr>
      </thead>
      <tbody>
        {!report.occupancy.length && (
          <tr>
            <td colSpan={6}>{t('reports.none')}</td>
          </tr>
        )}
        {report.occupancy.map((o) => {
          const free = o.availableNights - o.usedNights - o.heldNights;
          return (
            <tr key={o.key.join('+')}>
              <th scope="row">{o.key[0]}</th>
              <td>
                <Bar value={o.usedNights} max={max} kind="used" /> {o.usedNights}
              </td>
              <td>
                <Bar value={o.heldNights} max={max} kind="held" /> {o.heldNights}
              </td>
              <td>
                <Bar value={free} max={max} kind="free" /> {free}
              </td>
              <td>
                <Bar value={o.outOfServiceNights} max={max} kind="oos" /> {o.outOfServiceNights}
              </td>
              <td>{o.utilisation === null ? '–' : `${Math.round(o.utilisation * 100)}%`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TimeToBed({ report }: { report: Report }) {
  const { t } = useI18n();
  const households = [...new Set(report.durations.map((d) => d.key[0]))].sort();
  const of = (household: string, duration: string) => report.durations.find((d) => d.key[0] === household && d.duration === duration);
  const max = Math.max(0, ...report.durations.filter((d) => d.duration.startsWith('TIME_TO')).map((d) => d.p90 ?? 0));
  const cell = (household: string, duration: string) => {
    const d = of(household, duration);
    if (!d || d.people === null) return <td>{d ? t('reports.hidden') : '–'}</td>;
    return (
      <td>
        <Bar value={d.p90 ?? 0} max={max} kind="wait" /> {t('reports.p50p90', { p50: d.p50 ?? '–', p90: d.p90 ?? '–', people: d.people })}
      </td>
    );
  };
  return (
    <table className="chart" aria-labelledby="reports-time">
      <caption id="reports-time">{t('reports.timeToBed')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.household')}</th>
          <th scope="col">{t('reports.toOffer')}</th>
          <th scope="col">{t('reports.toArrival')}</th>
        </tr>
      </thead>
      <tbody>
        {!households.length && (
          <tr>
            <td colSpan={3}>{t('reports.none')}</td>
          </tr>
        )}
        {households.map((h) => (
          <tr key={h}>
            <th scope="row">{h in HOUSEHOLD_KEY ? t(HOUSEHOLD_KEY[h]) : h}</th>
            {cell(h, 'TIME_TO_OFFER_HOURS')}
            {cell(h, 'TIME_TO_ARRIVAL_HOURS')}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const HOUSEHOLD_KEY: Record<string, MessageKey> = {
  SINGLE_ADULT: 'reports.household.SINGLE_ADULT',
  ADULTS_TOGETHER: 'reports.household.ADULTS_TOGETHER',
  FAMILY_WITH_CHILDREN: 'reports.household.FAMILY_WITH_CHILDREN',
  UNACCOMPANIED_MINOR: 'reports.household.UNACCOMPANIED_MINOR',
};

function Outcomes({ report, shown }: { report: Report; shown: (n: number | null | undefined) => string }) {
  const { t } = useI18n();
  const rows = report.counts.filter((c) => (OUTCOMES as readonly string[]).includes(c.metric) && (c.count !== 0 || c.suppressed));
  const max = Math.max(0, ...rows.map((c) => c.count ?? 0));
  return (
    <table className="chart" aria-labelledby="reports-outcomes">
      <caption id="reports-outcomes">{t('reports.outcomes')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.metric')}</th>
          <th scope="col">{t('reports.reason')}</th>
          <th scope="col">{t('reports.count')}</th>
        </tr>
      </thead>
      <tbody>
        {!rows.length && (
          <tr>
            <td colSpan={3}>{t('reports.none')}</td>
          </tr>
        )}
        {rows.map((c) => (
          <tr key={`${c.metric}:${c.key.join('+')}`}>
            <th scope="row">{t(`reports.metric.${c.metric}` as MessageKey)}</th>
            <td>{c.key[0]}</td>
            <td>
              {c.count !== null && <Bar value={c.count} max={max} kind="count" />} {shown(c.count)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Pressure({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <table aria-labelledby="reports-pressure">
      <caption id="reports-pressure">{t('reports.pressure')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.region')}</th>
          <th scope="col">{t('reports.category')}</th>
          <th scope="col">{t('reports.alerts')}</th>
          <th scope="col">{t('reports.hoursBelow')}</th>
        </tr>
      </thead>
      <tbody>
        {!report.pressure.length && (
          <tr>
            <td colSpan={4}>{t('reports.none')}</td>
          </tr>
        )}
        {report.pressure.map((p) => (
          <tr key={`${p.regionCode}:${p.category}`}>
            <th scope="row">{p.regionCode}</th>
            <td>{p.category}</td>
            <td>{p.alertsOpened}</td>
            <td>{p.hoursBelowThreshold}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
