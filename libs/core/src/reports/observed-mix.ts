/**
 * The referral mix and the demand Harbour has actually seen, from the report
 * history (`report_event`), in the terms the simulator draws scenarios with:
 * `harbour simulate --mix observed` plans capacity on it (docs/reports.md,
 * "Capacity planning on the observed mix"). Aggregates only: shares, rates
 * and means, never a person.
 */
import { DataSource, EntityManager } from 'typeorm';

/** Exploitation types as the simulator's mix has them (ORGAN_REMOVAL counts as OTHER). */
const MIX_TYPES = ['LABOUR', 'CRIMINAL', 'SEXUAL', 'DOMESTIC_SERVITUDE', 'OTHER'] as const;

/** What the history says, for one period. Shares are 0..1; null where the history has nothing to measure. */
export interface ObservedMix {
  from: string;
  to: string;
  /** Days in the period (both ends included). */
  days: number;
  referrals: number;
  /** Referrals per day over the period. */
  referralsPerDay: number;
  /** Referred person under 18. */
  childShare: number | null;
  /** Male among referrals that are male or female. */
  maleShare: number | null;
  nonBinaryShare: number | null;
  /** Exploitation types, each referral spread evenly over its types; null without any recorded type. */
  exploitation: Record<(typeof MIX_TYPES)[number], number> | null;
  /** Adult women / men referred with dependants. */
  familyShareFemale: number | null;
  familyShareMale: number | null;
  /** Referrals that stated an accessibility need (the simulator draws them as wheelchair users). */
  accessibilityShare: number | null;
  urgency: Record<'EMERGENCY' | 'URGENT' | 'ROUTINE', number> | null;
  /** Offers declined / offers made, and offers that expired with nobody arriving / offers made. */
  declineShare: number | null;
  noShowShare: number | null;
  /** Mean length of the stays that ended in the period, days (null with fewer than 5). */
  meanStayDays: number | null;
  /** Regions the referrals were in (their first preferred or acceptable region), most referrals first. */
  regions: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Measures {@link ObservedMix} over the whole UTC days [from, to].
 * @throws RangeError for a date that is not YYYY-MM-DD or a backwards period
 */
export async function observedMix(db: DataSource | EntityManager, from: string, to: string): Promise<ObservedMix> {
  for (const d of [from, to]) if (!DAY.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw new RangeError(`"${d}" is not a date YYYY-MM-DD`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) throw new RangeError('to must not be before from');
  const period = `e.occurred_at >= $1::date AND e.occurred_at < ($2::date + 1)`;
  const [r] = await db.query(
    `SELECT count(*)::int AS n,
            count(*) FILTER (WHERE household_type = 'UNACCOMPANIED_MINOR')::int AS children,
            count(*) FILTER (WHERE gender = 'MALE')::int AS male,
            count(*) FILTER (WHERE gender = 'FEMALE')::int AS female,
            count(*) FILTER (WHERE gender = 'NON_BINARY')::int AS non_binary,
            count(*) FILTER (WHERE gender = 'FEMALE' AND household_type <> 'UNACCOMPANIED_MINOR')::int AS adult_women,
            count(*) FILTER (WHERE gender = 'MALE' AND household_type <> 'UNACCOMPANIED_MINOR')::int AS adult_men,
            count(*) FILTER (WHERE gender = 'FEMALE' AND household_type IN ('FAMILY_WITH_CHILDREN', 'ADULTS_TOGETHER'))::int AS women_with,
            count(*) FILTER (WHERE gender = 'MALE' AND household_type IN ('FAMILY_WITH_CHILDREN', 'ADULTS_TOGETHER'))::int AS men_with,
            count(*) FILTER (WHERE accessibility_need)::int AS accessibility,
            count(*) FILTER (WHERE urgency = 'EMERGENCY')::int AS emergency,
            count(*) FILTER (WHERE urgency = 'URGENT')::int AS urgent,
            count(*) FILTER (WHERE urgency = 'ROUTINE')::int AS routine
       FROM report_event e WHERE e.kind = 'REFERRAL_CREATED' AND ${period}`,
    [from, to],
  );
  const types: { t: string; w: number }[] = await db.query(
    `SELECT CASE WHEN x.t = 'ORGAN_REMOVAL' THEN 'OTHER' ELSE x.t END AS t, sum(1.0 / cardinality(e.exploitation_types))::float8 AS w
       FROM report_event e CROSS JOIN LATERAL unnest(e.exploitation_types) AS x(t)
      WHERE e.kind = 'REFERRAL_CREATED' AND ${period} GROUP BY 1`,
    [from, to],
  );
  const [o] = await db.query(
    `SELECT count(*) FILTER (WHERE kind = 'OFFER_MADE')::int AS offers,
            count(*) FILTER (WHERE kind = 'OFFER_DECLINED')::int AS declines,
            count(*) FILTER (WHERE kind = 'NO_SHOW')::int AS no_shows,
            count(*) FILTER (WHERE kind = 'EXITED' AND value IS NOT NULL)::int AS exits,
            avg(value) FILTER (WHERE kind = 'EXITED')::float8 AS mean_stay
       FROM report_event e WHERE kind IN ('OFFER_MADE', 'OFFER_DECLINED', 'NO_SHOW', 'EXITED') AND ${period}`,
    [from, to],
  );
  const regions: { region: string }[] = await db.query(
    `SELECT e.region_code AS region FROM report_event e
      WHERE e.kind = 'REFERRAL_CREATED' AND e.region_code IS NOT NULL AND ${period}
      GROUP BY 1 ORDER BY count(*) DESC, 1`,
    [from, to],
  );
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const typeTotal = types.reduce((s, x) => s + Number(x.w), 0);
  const urgencyTotal = r.emergency + r.urgent + r.routine;
  return {
    from,
    to,
    days,
    referrals: r.n,
    referralsPerDay: r.n / days,
    childShare: share(r.children, r.n),
    maleShare: share(r.male, r.male + r.female),
    nonBinaryShare: share(r.non_binary, r.n),
    exploitation:
      typeTotal > 0
        ? (Object.fromEntries(
            MIX_TYPES.map((t) => [t, types.filter((x) => x.t === t).reduce((s, x) => s + Number(x.w), 0) / typeTotal]),
          ) as ObservedMix['exploitation'])
        : null,
    familyShareFemale: share(r.women_with, r.adult_women),
    familyShareMale: share(r.men_with, r.adult_men),
    accessibilityShare: share(r.accessibility, r.n),
    urgency: urgencyTotal > 0 ? { EMERGENCY: r.emergency / urgencyTotal, URGENT: r.urgent / urgencyTotal, ROUTINE: r.routine / urgencyTotal } : null,
    declineShare: share(o.declines, o.offers),
    noShowShare: share(o.no_shows, o.offers),
    meanStayDays: o.exits >= 5 ? Number(o.mean_stay) : null,
    regions: regions.map((x) => x.region),
  };
}
