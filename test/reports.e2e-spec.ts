/**
 * Commissioners' reports (docs/reports.md) through the GraphQL API: a scripted
 * history with known outcomes; the report's figures equal both the script and
 * direct SQL counts over the same tables; small counts are suppressed; the
 * figures survive retention's anonymisation; occupancy snapshots rebuild
 * idempotently from the bed history; only coordinators and commissioners may
 * ask, and a commissioner sees nothing personal.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OccupancySnapshotService, PlacementService, RetentionService } from '@harbour/core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

const REPORT = `query($i: ReportInput!) { report(input: $i) {
  from to suppressionThreshold daysWithoutSnapshot
  counts { metric key count suppressed }
  totals { metric total }
  durations { duration key people p50 p90 }
  occupancy { key bedNights availableNights usedNights heldNights outOfServiceNights utilisation outOfServiceByReason { reason nights } }
  pressure { regionCode category alertsOpened hoursBelowThreshold }
} }`;

type Report = {
  counts: { metric: string; key: string[]; count: number | null; suppressed: boolean }[];
  totals: { metric: string; total: number | null }[];
  durations: { duration: string; key: string[]; people: number | null; p50: number | null; p90: number | null }[];
  occupancy: {
    key: string[];
    bedNights: number;
    usedNights: number;
    outOfServiceNights: number;
    heldNights: number;
    availableNights: number;
    outOfServiceByReason: { reason: string; nights: number }[];
  }[];
  daysWithoutSnapshot: number;
};

describe('reports', () => {
  let h: Harbour;
  let net: Network;
  let commissioner: string;
  let today: string;
  const holds: string[] = [];
  const placements: string[] = [];

  const report = async (token: string, input: Record<string, unknown>) =>
    (await h.ok<{ report: Report }>(token, REPORT, { i: { from: '2026-06-01', to: today, ...input } })).report;
  const total = (r: Report, metric: string) => r.totals.find((t) => t.metric === metric)!.total;

  beforeAll(async () => {
    h = await Harbour.start('reports', { worker: false, env: { RETENTION_DAYS: '30' } });
    net = await smallNetwork(h, { beds: 8 });
    commissioner = await h.token({ role: Role.COMMISSIONER, sub: 'commissioner-1' });
    // 14 referrals: 8 get a bed at once, 6 wait. 3 are EMERGENCY, 2 are families with a child.
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      ids.push(
        await createReferral(h, net.officer, {
          preferredRegions: [net.regionCode],
          urgency: i < 3 ? 'EMERGENCY' : 'URGENT',
          dependants: i >= 12 ? [{ ageBand: 'UNDER_18', gender: 'FEMALE' }] : [],
          accessibilityNeeds: i === 5 ? ['STEP_FREE'] : [],
        }),
      );
    }
    for (const id of ids) {
      const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id });
      if (r.requestPlacement.__typename === 'HoldOffered') holds.push(r.requestPlacement.hold.id);
    }
    // 6 arrive, 1 is declined (needs not met), 1 is never confirmed (no-show after expiry).
    for (const holdId of holds.slice(0, 6)) {
      const r = await h.ok<{ confirmArrival: { id: string } }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
        i: { holdId },
      });
      placements.push(r.confirmArrival.id);
    }
    await h.ok(net.staff, 'mutation($id: ID!) { declineHold(holdId: $id, reason: "no step-free room", reasonCode: NEEDS_NOT_MET) { id } }', {
      id: holds[6],
    });
    // 5 of the 6 stays end after 10 days.
    await h.advance(25, net.coordinator);
    expect(await h.api.get(PlacementService).expireDueHolds()).toBe(1);
    await h.advance(9 * 24, net.coordinator);
    for (const placementId of placements.slice(0, 5)) {
      await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', { i: { placementId, exitReason: 'MOVED_ON' } });
    }
    // One bed out of service: one that nobody lives in (matching decides which beds were taken).
    const [{ id: freeBed }] = await h.db.query(`SELECT id FROM bed WHERE id = ANY($1::uuid[]) AND status = 'AVAILABLE' ORDER BY id LIMIT 1`, [net.bedIds]);
    await h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
      i: { bedId: freeBed, status: 'OUT_OF_SERVICE', reason: 'Leak in the ceiling', expectedReturn: null },
    });
    today = (await h.ok<{ clock: { today: string; now: string } }>(net.coordinator, '{ clock { now } }')).clock.now.slice(0, 10);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('counts what happened, equal to the script and to SQL over the same tables', async () => {
    const r = await report(commissioner, { groupBy: [] });
    expect(total(r, 'REFERRALS')).toBe(14);
    // The two families (one-bed rooms only) and the step-free need (no accessible room) have no
    // suitable provision anywhere: turned away at intake and at their placement request, counted
    // once each (3 households, 6 checks); 3 is under the threshold, so the total is hidden.
    expect(total(r, 'PLACEMENT_REQUESTS')).toBe(14);
    expect(total(r, 'TURNAWAYS')).toBeNull();
    const [{ turnaways, checks }] = await h.db.query(
      `SELECT count(DISTINCT referral_id)::int AS turnaways, count(*)::int AS checks FROM report_event WHERE kind = 'TURNAWAY'`,
    );
    expect([turnaways, checks]).toEqual([3, 6]);
    expect(total(r, 'OFFERS')).toBe(8);
    expect(total(r, 'ARRIVALS')).toBe(6);
    expect(total(r, 'ACCEPTANCES')).toBe(6);
    expect(total(r, 'EXITS')).toBe(5);
    // 1 decline and 1 no-show are under the threshold of 5: hidden, never shown as a number.
    expect(total(r, 'DECLINES')).toBeNull();
    expect(total(r, 'NO_SHOWS')).toBeNull();
    expect(r.counts.find((c) => c.metric === 'DECLINES')).toMatchObject({ count: null, suppressed: true });
    // The same figures straight from the source tables.
    const [sql] = await h.db.query(`SELECT
        (SELECT count(*)::int FROM referral) AS referrals,
        (SELECT count(*)::int FROM hold) AS offers,
        (SELECT count(*)::int FROM placement) AS arrivals,
        (SELECT count(*)::int FROM placement WHERE status = 'ENDED') AS exits,
        (SELECT count(*)::int FROM hold WHERE status = 'DECLINED' AND decline_reason = 'NEEDS_NOT_MET') AS declines,
        (SELECT count(*)::int FROM hold WHERE status = 'EXPIRED') AS no_shows`);
    expect(sql).toEqual({ referrals: 14, offers: 8, arrivals: 6, exits: 5, declines: 1, no_shows: 1 });
    // The events behind the hidden counts are there, with their structured reasons.
    const events = await h.db.query(`SELECT kind, reason, count(*)::int AS n FROM report_event GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(events).toEqual(
      expect.arrayContaining([
        { kind: 'OFFER_DECLINED', reason: 'NEEDS_NOT_MET', n: 1 },
        { kind: 'NO_SHOW', reason: null, n: 1 },
        { kind: 'EXITED', reason: 'MOVED_ON', n: 5 },
      ]),
    );
  });

  it('groups by urgency and household type with complementary suppression', async () => {
    const r = await report(net.coordinator, { groupBy: ['URGENCY'] });
    const referrals = r.counts.filter((c) => c.metric === 'REFERRALS');
    // EMERGENCY 3 (hidden: small), URGENT 11 (hidden too: else 14 − 11 gives the 3 away), marked
    // alike: a reader cannot tell which of the two is the small one.
    expect(referrals.map((c) => [c.key[0], c.count, c.suppressed])).toEqual([
      ['EMERGENCY', null, true],
      ['URGENT', null, true],
    ]);
    expect(r.totals.find((t) => t.metric === 'REFERRALS')!.total).toBe(14);
    const byHousehold = await report(net.coordinator, { groupBy: ['HOUSEHOLD_TYPE'] });
    const h2 = byHousehold.counts.filter((c) => c.metric === 'REFERRALS').map((c) => [c.key[0], c.count]);
    expect(h2).toEqual([
      ['FAMILY_WITH_CHILDREN', null],
      ['SINGLE_ADULT', null],
    ]);
  });

  it('reports time to a safe bed and length of stay as p50/p90', async () => {
    const r = await report(net.coordinator, { groupBy: [] });
    const arrival = r.durations.find((d) => d.duration === 'TIME_TO_ARRIVAL_HOURS')!;
    expect(arrival.people).toBe(6);
    expect(arrival.p50).toBeGreaterThanOrEqual(0);
    expect(arrival.p50).toBeLessThan(1);
    const stay = r.durations.find((d) => d.duration === 'LENGTH_OF_STAY_DAYS')!;
    // Nights between the local arrival and exit dates: 241 hours is 10 of them, or 11 when the test
    // runs in the last hour before local midnight; the placements themselves say which.
    const nights: { n: number }[] = await h.db.query(`SELECT DISTINCT (ended_on - arrived_on)::int AS n FROM placement WHERE status = 'ENDED'`);
    expect(nights).toHaveLength(1);
    expect([10, 11]).toContain(nights[0].n);
    expect(stay).toMatchObject({ people: 5, p50: nights[0].n, p90: nights[0].n });
  });

  it('builds occupancy bed-nights from snapshots that rebuild idempotently', async () => {
    const snapshots = h.api.get(OccupancySnapshotService);
    // From the day the beds were added (UTC) to today.
    const [{ first: added }] = await h.db.query(`SELECT min(occurred_at) AS first FROM bed_status_event`);
    const from = new Date(added).toISOString().slice(0, 10);
    const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    expect(days).toBeGreaterThanOrEqual(11);
    const first = await snapshots.rebuild(from, today);
    const again = await snapshots.rebuild(from, today);
    expect(again).toBe(first);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM occupancy_snapshot`);
    expect(n).toBe(first);
    const r = await report(net.coordinator, { from, groupBy: ['REGION'] });
    expect(r.daysWithoutSnapshot).toBe(0);
    const row = r.occupancy.find((o) => o.key[0] === net.regionCode)!;
    expect(row.bedNights).toBe(8 * days);
    expect(row.usedNights + row.heldNights + row.outOfServiceNights).toBeLessThanOrEqual(row.bedNights);
    const [{ used }] = await h.db.query(`SELECT sum(occupied)::int AS used FROM occupancy_snapshot WHERE category = 'ALL'`);
    expect(row.usedNights).toBe(used);
    expect(row.usedNights).toBeGreaterThan(0);
    // The bed taken out of service today, with its reason.
    expect(row.outOfServiceNights).toBe(1);
    expect(row.outOfServiceByReason).toEqual([{ reason: 'Leak in the ceiling', nights: 1 }]);
  });

  it("writes the commissioners' files: CSVs, report.md and charts", async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'harbour-report-'));
    try {
      // `npm run harbour -- report`, as a coordinator runs it next to `npm start` (the CLI is rebuilt
      // first when its sources changed), with the same environment as the API: no CLOCK_MODE set by hand.
      // The harness's clock has been moved 10 days ahead, so the report must read that clock: it
      // rebuilds the snapshots up to Harbour's today, not the system's.
      await h.db.query(`DELETE FROM occupancy_snapshot`);
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: h.config.DATABASE_URL, REDIS_URL: h.config.REDIS_URL, NODE_ENV: 'test' };
      delete env.CLOCK_MODE;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [resolve(__dirname, '../scripts/harbour.js'), 'report', '--from', '2026-06-01', '--to', today, '--out', dir],
        { env },
      );
      expect(stdout).toContain(`files to ${dir}`);
      const [{ last }] = await h.db.query(`SELECT max(day)::text AS last FROM occupancy_snapshot`);
      expect(last).toBe(today);
      expect(today > new Date().toISOString().slice(0, 10)).toBe(true);
      const viaApi = await report(net.coordinator, { groupBy: [] });
      expect(viaApi.daysWithoutSnapshot).toBeGreaterThan(0); // June to the day the network was built
      expect(await fs.readFile(join(dir, 'report.md'), 'utf8')).toContain(
        `${viaApi.occupancy[0].bedNights} bed-nights, ${viaApi.occupancy[0].availableNights} in service, ${viaApi.occupancy[0].usedNights} used`,
      );
      const files = await fs.readdir(dir);
      for (const f of [
        'nrm-quarterly.csv',
        'counts.csv',
        'durations.csv',
        'occupancy.csv',
        'pressure.csv',
        'report.md',
        'occupancy.png',
        'occupancy.svg',
        'time-to-safe-bed.png',
        'outcomes-by-reason.png',
      ]) {
        expect(files).toContain(f);
      }
      const csv = await fs.readFile(join(dir, 'counts.csv'), 'utf8');
      expect(csv.split('\r\n')).toContain('ALL,ALL,REFERRALS,14,no');
      expect(csv.split('\r\n')).toContain('ALL,ALL,DECLINES,,yes');
      // NRM-statistics shape: every scripted referral is an adult woman referred by the police for sexual exploitation.
      const nrm = (await fs.readFile(join(dir, 'nrm-quarterly.csv'), 'utf8')).split('\r\n');
      const header = nrm[0].split(',');
      const rows = nrm
        .slice(1)
        .filter(Boolean)
        .map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
      expect(rows.reduce((s, r) => s + Number(r.referrals), 0)).toBe(14);
      for (const r of rows) {
        if (Number(r.referrals) >= 5) {
          expect([r.adults, r.female, r.sexual, r.police]).toEqual([r.referrals, r.referrals, r.referrals, r.referrals]);
          expect([r.children, r.male, r.labour, r.ngo]).toEqual(['0', '0', '0', '0']);
        }
      }
      const md = await fs.readFile(join(dir, 'report.md'), 'utf8');
      expect(md).toContain('| referrals | 14 |');
      expect(md).toContain('| declines | suppressed |');
      expect(md).not.toContain('Secret Street');
      const png = await fs.readFile(join(dir, 'occupancy.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('keeps every figure after the referrals are anonymised', async () => {
    const before = await report(net.coordinator, { groupBy: ['HOUSEHOLD_TYPE'] });
    await h.advance(31 * 24, net.coordinator);
    today = (await h.ok<{ clock: { now: string } }>(net.coordinator, '{ clock { now } }')).clock.now.slice(0, 10);
    expect(await h.api.get(RetentionService).anonymiseClosedReferrals()).toBe(5);
    const after = await report(net.coordinator, { groupBy: ['HOUSEHOLD_TYPE'] });
    expect(after.counts).toEqual(before.counts);
    expect(after.durations).toEqual(before.durations);
  });

  it('answers only coordinators and commissioners, and a commissioner sees nothing personal', async () => {
    for (const token of [net.officer, net.staff, await h.token({ role: Role.AUDITOR, sub: 'auditor-1' })]) {
      const r = await h.gql(token, REPORT, { i: { from: '2026-06-01', to: today, groupBy: [] } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const referrals = await h.gql(commissioner, '{ referrals(first: 5) { edges { node { id } } } }');
    expect(referrals.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const shelters = await h.gql(commissioner, '{ shelters(first: 5) { edges { node { id } } } }');
    expect(shelters.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('names the bad field as input.<name>, whichever check refuses it', async () => {
    // Caught by the GraphQL input validation (shape) and by the report service (meaning): the same names.
    const cases: [Record<string, unknown>, string][] = [
      [{ from: '1 March', to: '2026-03-01', groupBy: [] }, 'input.from'],
      [{ from: '2026-02-30', to: '2026-03-01', groupBy: [] }, 'input.from'],
      [{ from: '2026-03-01', to: '2026-13-01', groupBy: [] }, 'input.to'],
      [{ from: '2026-03-01', to: '2026-02-01', groupBy: [] }, 'input.to'],
      [{ from: '2020-01-01', to: '2026-01-01', groupBy: [] }, 'input.to'],
      [{ from: '2026-01-01', to: '2026-02-01', groupBy: ['REGION', 'MONTH', 'GENDER'] }, 'input.groupBy'],
      [{ from: '2026-01-01', to: '2026-02-01', groupBy: ['REGION', 'REGION'] }, 'input.groupBy'],
    ];
    for (const [i, field] of cases) {
      const r = await h.gql(net.coordinator, REPORT, { i });
      expect([r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
  });
});
