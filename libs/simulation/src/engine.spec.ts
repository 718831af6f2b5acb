import { join } from 'node:path';
import { AgeBand, ExploitationType, Gender, GenderPolicy, ReferralProfile, ShelterStatus, Urgency } from '@harbour/domain';
import {
  DAY,
  EventKind,
  EventQueue,
  HOUR,
  SimNetwork,
  SimPolicy,
  SimReferral,
  computeMetrics,
  drawScenario,
  firstComeGreedyPolicy,
  harbourBatchPolicy,
  poppyNetwork,
  quantile,
  readReferralMix,
  runSimulation,
  staticEligibility,
  hindsightBound,
  placeable,
} from '@harbour/simulation';
import { scenarioOf } from '@harbour/simulation/testing/builders';

const DATA = process.env.HARBOUR_DATA_DIR ?? join(__dirname, '..', '..', '..', '..', 'shared', 'data');

/** One women-only shelter in region A with one single room. */
function oneBedNetwork(): SimNetwork {
  return {
    name: 'one bed',
    regions: ['A'],
    shelters: [
      {
        id: 'S1',
        profile: {
          status: ShelterStatus.OPEN,
          regionCode: 'A',
          genderPolicy: GenderPolicy.WOMEN_ONLY,
          acceptsFamilies: false,
          acceptsMinors: false,
          adultMaxAge: null,
          languages: ['en'],
          specialisms: [ExploitationType.SEXUAL],
        },
      },
    ],
    rooms: [{ id: 'S1/R1', shelterId: 'S1', beds: 1, accessibilityFeatures: [] }],
  };
}

const woman = (overrides: Partial<ReferralProfile> = {}): ReferralProfile => ({
  gender: Gender.FEMALE,
  ageBand: AgeBand.AGE_25_34,
  dependants: [],
  languages: ['en'],
  exploitationTypes: [ExploitationType.SEXUAL],
  accessibilityNeeds: [],
  exclusionRegions: [],
  preferredRegions: ['A'],
  ...overrides,
});

function referral(network: SimNetwork, id: string, arrivalAt: number, stayDays: number, outcomes: SimReferral['offerOutcomes'] = []): SimReferral {
  const profile = woman();
  return {
    id,
    arrivalAt,
    profile,
    urgency: Urgency.ROUTINE,
    staySeconds: stayDays * DAY,
    extensions: 0,
    offerOutcomes: outcomes,
    arrivalDelaySeconds: 2 * HOUR,
    declineDelaySeconds: 1 * HOUR,
    group: { gender: Gender.FEMALE, household: 'SINGLE', exploitation: ExploitationType.SEXUAL },
    eligibleRoomIds: staticEligibility(network)(profile),
  };
}

const scenario = scenarioOf;

describe('EventQueue', () => {
  it('orders by time, then frees before takes (kind order), then insertion order', () => {
    const q = new EventQueue();
    q.push({ at: 10, kind: EventKind.ARRIVAL, ref: 1 });
    q.push({ at: 5, kind: EventKind.ARRIVAL, ref: 2 });
    q.push({ at: 10, kind: EventKind.STAY_END, ref: 3 });
    q.push({ at: 10, kind: EventKind.ARRIVAL, ref: 4 });
    q.push({ at: 10, kind: EventKind.OUTAGE_START, outage: 5 });
    q.push({ at: 10, kind: EventKind.HOLD_END, ref: 6 });
    const order: Array<[number, EventKind, number | undefined]> = [];
    while (q.size > 0) {
      const e = q.pop()!;
      order.push([e.at, e.kind, e.ref ?? e.outage]);
    }
    expect(order).toEqual([
      [5, EventKind.ARRIVAL, 2],
      [10, EventKind.STAY_END, 3],
      [10, EventKind.HOLD_END, 6],
      [10, EventKind.OUTAGE_START, 5],
      [10, EventKind.ARRIVAL, 1],
      [10, EventKind.ARRIVAL, 4],
    ]);
  });

  it('pops 1,000 random events in sorted order', () => {
    const q = new EventQueue();
    let x = 7;
    for (let i = 0; i < 1000; i++) {
      x = (x * 48271) % 2147483647;
      q.push({ at: x % 100, kind: (x % 6) as EventKind });
    }
    let prev: { at: number; kind: number; seq: number } = { at: -1, kind: -1, seq: -1 };
    for (let i = 0; i < 1000; i++) {
      const e = q.pop()!;
      expect(e.at > prev.at || (e.at === prev.at && (e.kind > prev.kind || (e.kind === prev.kind && e.seq > prev.seq)))).toBe(true);
      prev = e;
    }
  });
});

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('runSimulation on a hand-made instance', () => {
  it('places A at once and B when A leaves, with the waits, occupancy and value worked out by hand', async () => {
    const net = oneBedNetwork();
    // A arrives at 0 and stays 10 days; B arrives on day 1. Each arrives 2 h after its offer.
    const sc = scenario([referral(net, 'A', 0, 10), referral(net, 'B', DAY, 30)], 20);
    const run = await runSimulation(net, sc, firstComeGreedyPolicy());
    expect(run.placements.map((p) => [p.referralId, p.offeredAt, p.arrivedAt])).toEqual([
      ['A', 0, 2 * HOUR],
      ['B', 10 * DAY + 2 * HOUR, 10 * DAY + 4 * HOUR],
    ]);
    const m = computeMetrics(run, sc);
    expect(m.placed).toBe(2);
    expect(m.neverPlaced).toBe(0);
    const waitB = 9 + 2 / 24; // offered when A left (10 d 2 h) minus arrival (1 d)
    expect(m.medianWaitDays).toBeCloseTo(waitB / 2, 10);
    expect(m.p90WaitDays).toBeCloseTo(0.9 * waitB, 10);
    // Occupied: A from 2 h to 10 d 2 h, B from 10 d 4 h to the end (20 d): 10 d + 9 d 20 h of 20 d.
    expect(m.occupancy).toBeCloseTo((10 + 9 + 20 / 24) / 20, 10);
    expect(m.preferredRegionShare).toBe(1);
    expect(m.violations).toBe(0);
    expect(m.value).toBeGreaterThan(0);
    expect(run.outcomes.get('B')).toBe('PLACED');
  });

  it('re-offers after a decline and withdraws a no-show when the hold expires', async () => {
    const net = oneBedNetwork();
    const sc = scenario([referral(net, 'A', 0, 5, ['DECLINE', 'ACCEPT']), referral(net, 'B', 3 * HOUR, 5, ['NO_SHOW'])], 20);
    const run = await runSimulation(net, sc, firstComeGreedyPolicy());
    // A declines at 1 h and is offered the bed again at once; B waits, gets the bed when A leaves, does not show.
    expect(run.placements.map((p) => [p.referralId, p.offeredAt])).toEqual([['A', 1 * HOUR]]);
    expect(run.declines).toBe(1);
    expect(run.noShows).toBe(1);
    expect(run.outcomes.get('B')).toBe('WITHDRAWN');
    expect(run.offers).toBe(3);
  });

  it('keeps a bed out of service for an outage and lets the referral wait for it', async () => {
    const net = oneBedNetwork();
    const sc = scenario([referral(net, 'A', DAY, 5)], 20, { outages: [{ roomId: 'S1/R1', startAt: 0, endAt: 5 * DAY }] });
    const run = await runSimulation(net, sc, firstComeGreedyPolicy());
    expect(run.placements.map((p) => p.offeredAt)).toEqual([5 * DAY]);
    // In-service bed-time is 15 of the 20 days.
    expect(run.inServiceBedSeconds).toBe(15 * DAY);
  });

  it('starts with residents in their beds', async () => {
    const net = oneBedNetwork();
    const sc = scenario([referral(net, 'A', 0, 5)], 20, { residents: [{ roomId: 'S1/R1', leaveAt: 3 * DAY }] });
    const run = await runSimulation(net, sc, firstComeGreedyPolicy());
    expect(run.placements.map((p) => p.offeredAt)).toEqual([3 * DAY]);
  });

  it('counts and refuses an offer that breaks a hard rule (the check is independent of the policy)', async () => {
    const net = oneBedNetwork();
    const man = { ...referral(net, 'M', 0, 5), profile: woman({ gender: Gender.MALE }), eligibleRoomIds: ['S1/R1'] };
    const rogue: SimPolicy = {
      name: 'rogue',
      label: 'rogue',
      assign: (round) => round.referrals.map((r) => ({ referralId: r.id, roomId: round.rooms[0].roomId })),
    };
    const run = await runSimulation(net, scenario([man], 5), rogue);
    expect(run.placements).toHaveLength(0);
    expect(run.violations.length).toBeGreaterThan(0);
    expect(run.violations[0].rules).toEqual(['GENDER_POLICY']);
  });
});

describe('hindsightBound on hand-made instances', () => {
  // One single room; a ROUTINE woman scoring 100 (preferred region, language and
  // specialism match, empty shelter, exact fit) is worth priority 1 × (1 + 100/100) = 2.
  it('lets only one of two 10-day stays into one bed over 4 days, and leaves out a sure no-show', async () => {
    const net = oneBedNetwork();
    const sc = scenario([referral(net, 'A', 0, 10), referral(net, 'B', 0, 10), referral(net, 'C', 0, 10, ['DECLINE', 'NO_SHOW'])], 4);
    expect(sc.referrals.map(placeable)).toEqual([true, true, false]);
    const b = await hindsightBound(net, sc, { windowSeconds: DAY, mode: 'mip' });
    expect(b.method).toBe('MIP');
    expect(b.value).toBeCloseTo(2, 6);
    expect(b.placed).toBeCloseTo(1, 6);
    // First-come greedy reaches it: A is placed, nobody else can be.
    const run = await runSimulation(net, sc, firstComeGreedyPolicy(), { value: (r, score) => (score / 100 + 1) * 1 });
    expect(run.placements.map((p) => p.referralId)).toEqual(['A']);
    expect(computeMetrics(run, sc).value).toBeCloseTo(b.value, 6);
  });

  it('lets two 2-day stays follow each other in one bed over 4 days', async () => {
    const net = oneBedNetwork();
    const sc = scenario([referral(net, 'A', 0, 2), referral(net, 'B', 0, 2)], 4);
    const b = await hindsightBound(net, sc, { windowSeconds: DAY, mode: 'lp' });
    expect(b.method).toBe('LP relaxation');
    expect(b.value).toBeCloseTo(4, 6);
  });

  it('counts residents present at the start against the beds', async () => {
    const net = oneBedNetwork();
    const sc = scenario([referral(net, 'A', 0, 10)], 4, { residents: [{ roomId: 'S1/R1', leaveAt: 10 * DAY }] });
    const b = await hindsightBound(net, sc, { windowSeconds: DAY, mode: 'mip' });
    expect(b.value).toBeCloseTo(0, 6);
  });
});

describe('drawScenario and runSimulation on the Poppy-sized network', () => {
  const mix = readReferralMix(join(DATA, 'uk-nrm-referrals-by-year.csv'), 2024);
  const net = poppyNetwork(join(DATA, 'uk-safe-house-facts.csv'));

  it('builds 54 women-only beds in London, Cardiff and Sheffield from the facts file', () => {
    expect(net.rooms.reduce((n, r) => n + r.beds, 0)).toBe(54);
    expect(net.regions).toEqual(['LONDON', 'CARDIFF', 'SHEFFIELD']);
    expect(new Set(net.shelters.map((s) => s.profile.genderPolicy))).toEqual(new Set([GenderPolicy.WOMEN_ONLY]));
  });

  it('is repeatable with a seed and differs with another seed', () => {
    const a = drawScenario(net, mix, { seed: 7, spanDays: 60 });
    const b = drawScenario(net, mix, { seed: 7, spanDays: 60 });
    const c = drawScenario(net, mix, { seed: 8, spanDays: 60 });
    expect(b).toEqual(a);
    expect(c.referrals.map((r) => r.arrivalAt)).not.toEqual(a.referrals.map((r) => r.arrivalAt));
    // Only households some room can take are in scope: adult women without dependants here.
    expect(a.referrals.length).toBeGreaterThan(0);
    expect(a.outOfScope).toBeGreaterThan(a.referrals.length);
    for (const r of a.referrals) {
      expect(r.profile.gender).toBe(Gender.FEMALE);
      expect(r.profile.dependants).toHaveLength(0);
    }
  });

  it('gives the same run twice, with zero violations, for the batch assignment', async () => {
    const sc = drawScenario(net, mix, { seed: 3, spanDays: 60 });
    const r1 = computeMetrics(await runSimulation(net, sc, harbourBatchPolicy()), sc);
    const r2 = computeMetrics(await runSimulation(net, sc, harbourBatchPolicy()), sc);
    expect({ ...r2, wallMs: 0 }).toEqual({ ...r1, wallMs: 0 });
    expect(r1.violations).toBe(0);
    expect(r1.placed).toBeGreaterThan(0);
  });
});
