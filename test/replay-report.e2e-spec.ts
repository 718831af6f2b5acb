/**
 * A seeded `harbour replay` history, and the commissioners' report of it: the
 * replay drives the real API and worker (as `harbour replay` does), then the
 * report's totals must equal direct SQL counts over the same tables and what
 * the replay itself counted through the API. A figure under the threshold
 * (5) must be hidden instead, and only then.
 */
import { join } from 'node:path';
import { Role } from '@harbour/domain';
import { readReferralMix } from '@harbour/simulation';
import { Replay } from '../apps/cli/src/replay/replay';
import { Harbour } from './support/harbour-harness';
import { smallNetwork, Network } from './support/fixtures';

jest.setTimeout(600_000);

const DATA_DIR = process.env.HARBOUR_DATA_DIR ?? join(__dirname, '..', '..', 'shared', 'data');

describe('report of a replayed history', () => {
  let h: Harbour;
  let net: Network;
  beforeAll(async () => {
    h = await Harbour.start('replay_report');
    net = await smallNetwork(h, { beds: 6 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('equals SQL over the same events, and the replay’s own counts', async () => {
    const from = new Date().toISOString().slice(0, 10);
    const replay = new Replay({
      url: h.url,
      seed: 1,
      days: 12,
      stepHours: 12,
      regions: [net.regionCode],
      load: 1.6,
      maxReferrals: 40,
      meanStayDays: 4,
      arriveShare: 0.8,
      declineShare: 0.1,
      mix: readReferralMix(join(DATA_DIR, 'uk-nrm-referrals-by-year.csv')),
      workerWaitMs: 60_000,
      timeZone: h.config.TIME_ZONE,
      token: (c) => h.token({ role: c.role as Role, sub: c.sub, shelterIds: c.shelterIds ?? [], agencyId: c.agencyId ?? null }, '12h'),
    });
    const seen = await replay.run();
    expect(seen.referrals).toBeGreaterThan(5);
    expect(seen.placed).toBeGreaterThan(0);
    const to = (await h.ok<{ clock: { now: string } }>(net.coordinator, '{ clock { now } }')).clock.now.slice(0, 10);
    const r = await h.ok<{ report: { totals: { metric: string; total: number | null }[] } }>(
      net.coordinator,
      'query($i: ReportInput!) { report(input: $i) { totals { metric total } } }',
      { i: { from, to, groupBy: [] } },
    );
    const total = Object.fromEntries(r.report.totals.map((t) => [t.metric, t.total]));
    const [sql] = await h.db.query(`SELECT
        (SELECT count(*)::int FROM referral) AS referrals,
        (SELECT count(*)::int FROM hold) AS offers,
        (SELECT count(*)::int FROM placement) AS arrivals,
        (SELECT count(*)::int FROM placement WHERE status = 'ENDED') AS exits,
        (SELECT count(*)::int FROM hold WHERE status = 'DECLINED') AS declines,
        (SELECT count(*)::int FROM hold WHERE status = 'EXPIRED') AS no_shows`);
    const reported = {
      referrals: total.REFERRALS,
      offers: total.OFFERS,
      arrivals: total.ARRIVALS,
      exits: total.EXITS,
      declines: total.DECLINES,
      no_shows: total.NO_SHOWS,
    };
    // Equal to SQL, or hidden exactly when SQL's count is from 1 to 4.
    const expected = Object.fromEntries(Object.entries(sql as Record<string, number>).map(([k, n]) => [k, n > 0 && n < 5 ? null : n]));
    expect(reported).toEqual(expected);
    expect(sql.referrals).toBeGreaterThanOrEqual(5);
    // What the replay counted through the API, for the same history.
    expect({ referrals: sql.referrals, arrivals: sql.arrivals, exits: sql.exits, declines: sql.declines, offers: sql.offers }).toEqual({
      referrals: seen.referrals,
      arrivals: seen.placed,
      exits: seen.exits,
      declines: seen.declined,
      offers: seen.holdsOffered,
    });
  });
});
