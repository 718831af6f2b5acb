/**
 * Turnaways in commissioners' reports (docs/reports.md, "Turnaways"), through
 * the GraphQL API: a household with no suitable provision counts once per
 * report however often it was checked (createReferral and requestPlacement
 * each check), and REASON names the rule that blocked it where it could go
 * (inside its acceptable regions), not the rule that rules out the most
 * shelters of the network.
 */
import { randomBytes } from 'node:crypto';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, smallNetwork } from './support/fixtures';

const REPORT = `query($i: ReportInput!) { report(input: $i) { counts { metric key count suppressed } totals { metric total } } }`;
const REQUEST = `mutation($id: ID!) { requestPlacement(referralId: $id) { __typename ... on NoSuitableProvision { exclusions { rule shelters } } } }`;

type Report = { counts: { metric: string; key: string[]; count: number | null }[]; totals: { metric: string; total: number | null }[] };

describe('report turnaways', () => {
  let h: Harbour;
  let net: Network;
  let today: string;
  const report = async (groupBy: string[]) =>
    (await h.ok<{ report: Report }>(net.coordinator, REPORT, { i: { from: '2026-01-01', to: today, groupBy } })).report;

  beforeAll(async () => {
    // Threshold 2 (the lowest allowed): the pairs below are shown, so the test reads real numbers.
    h = await Harbour.start('report_turnaways', { worker: false, env: { REPORT_SUPPRESSION_THRESHOLD: '2' } });
    // Home region: one WOMEN_ONLY shelter, no minors, one room of one bed with no accessibility features.
    net = await smallNetwork(h, { beds: 1 });
    // Two more regions, each with a MIXED shelter that takes minors: outside the households' acceptable
    // regions, so OUTSIDE_ACCEPTABLE_REGIONS rules out 2 shelters, more than any rule at home does
    // (their rooms are step-free, so ACCESSIBILITY rules out only the home shelter).
    for (let i = 0; i < 2; i++) {
      const code = `R-${randomBytes(2).toString('hex').toUpperCase()}`;
      await h.ok(net.coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: code });
      const s = await h.ok<{ createShelter: { id: string } }>(net.coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
        i: {
          codeName: `LILY-${randomBytes(3).toString('hex')}`,
          regionCode: code,
          genderPolicy: 'MIXED',
          acceptsFamilies: true,
          acceptsMinors: true,
          languages: ['en'],
          specialisms: [],
        },
      });
      await h.ok(net.coordinator, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
        i: { shelterId: s.createShelter.id, roomLabel: 'Room', count: 2, accessibilityFeatures: ['STEP_FREE'] },
      });
    }
    const home = { acceptableRegions: [net.regionCode], preferredRegions: [net.regionCode] };
    // 2 need a step-free room (none at home), 2 are 16-year-olds (home takes no minors): each is checked
    // twice, at createReferral and at requestPlacement.
    const ids = [
      await createReferral(h, net.officer, { ...home, accessibilityNeeds: ['STEP_FREE'] }),
      await createReferral(h, net.officer, { ...home, accessibilityNeeds: ['STEP_FREE'] }),
      await createReferral(h, net.officer, { ...home, ageBand: 'UNDER_18' }),
      await createReferral(h, net.officer, { ...home, ageBand: 'UNDER_18' }),
    ];
    for (const id of ids) {
      const r = await h.ok<{ requestPlacement: { __typename: string; exclusions: { rule: string; shelters: number }[] } }>(net.officer, REQUEST, { id });
      expect(r.requestPlacement.__typename).toBe('NoSuitableProvision');
      // The network-wide count still says OUTSIDE_ACCEPTABLE_REGIONS first: that is what the review saw.
      expect(r.requestPlacement.exclusions[0]).toEqual({ rule: 'OUTSIDE_ACCEPTABLE_REGIONS', shelters: 2 });
    }
    today = (await h.ok<{ clock: { now: string } }>(net.coordinator, '{ clock { now } }')).clock.now.slice(0, 10);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('counts households, not provision checks', async () => {
    const [{ checks }] = await h.db.query(`SELECT count(*)::int AS checks FROM report_event WHERE kind = 'TURNAWAY'`);
    expect(checks).toBe(8);
    const r = await report([]);
    expect(r.totals.find((t) => t.metric === 'TURNAWAYS')!.total).toBe(4);
    expect(r.totals.find((t) => t.metric === 'PLACEMENT_REQUESTS')!.total).toBe(4);
    const byMonth = await report(['MONTH']);
    const monthly = byMonth.counts.filter((c) => c.metric === 'TURNAWAYS').reduce((s, c) => s + (c.count ?? 0), 0);
    expect(monthly).toBe(4);
  });

  it('names the rule that blocked each household where it could go', async () => {
    const r = await report(['REASON']);
    const reasons = r.counts.filter((c) => c.metric === 'TURNAWAYS' && c.count).map((c) => [c.key[0], c.count]);
    expect(reasons).toEqual([
      ['ACCESSIBILITY', 2],
      ['MINOR_NOT_ACCEPTED', 2],
    ]);
  });

  it('says OUTSIDE_ACCEPTABLE_REGIONS when the acceptable regions have no shelter at all', async () => {
    const empty = `R-${randomBytes(2).toString('hex').toUpperCase()}`;
    await h.ok(net.coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: empty });
    for (let i = 0; i < 2; i++) await createReferral(h, net.officer, { acceptableRegions: [empty], preferredRegions: [empty] });
    const r = await report(['REASON']);
    expect(r.counts.find((c) => c.metric === 'TURNAWAYS' && c.key[0] === 'OUTSIDE_ACCEPTABLE_REGIONS')?.count).toBe(2);
    expect(r.totals.find((t) => t.metric === 'TURNAWAYS')!.total).toBe(6);
  });
});
