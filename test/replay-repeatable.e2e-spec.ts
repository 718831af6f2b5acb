/**
 * `harbour replay --seed N` is repeatable: the same seed, replayed on two fresh
 * databases holding the same network, gives the same counts, API calls
 * included. Before, the waitlist's assignment windows closed by real-time
 * timers, so what was batched together (and whether the replay had to move the
 * clock on again to close a window) depended on how fast the machine ran each
 * step: with a 2 s window, two runs of this replay made 486 and 493 calls. Now
 * the replay holds the windows and closes them itself at the end of each step
 * (closeAssignmentWindows; the hold itself is tested in
 * test/waitlist-clock.e2e-spec.ts).
 */
import { join } from 'node:path';
import { Role } from '@harbour/domain';
import { readReferralMix } from '@harbour/simulation';
import { Replay, ReplayTotals } from '../apps/cli/src/replay/replay';
import { Harbour } from './support/harbour-harness';

jest.setTimeout(300_000);

const DATA_DIR = process.env.HARBOUR_DATA_DIR ?? join(__dirname, '..', '..', 'shared', 'data');
const REGION = 'R-REPLAY';

/** The same network on every database: one region, three shelters (fixed code names), one bed a room. */
async function network(h: Harbour): Promise<void> {
  const coordinator = await h.token({ role: Role.COORDINATOR, sub: 'coordinator-1' });
  await h.ok(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: REGION });
  for (const [codeName, genderPolicy, rooms] of [
    ['ALDER', 'WOMEN_ONLY', 4],
    ['BIRCH', 'MEN_ONLY', 3],
    ['CEDAR', 'MIXED', 3],
  ] as const) {
    const s = await h.ok<{ createShelter: { id: string } }>(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: {
        codeName,
        regionCode: REGION,
        genderPolicy,
        acceptsFamilies: true,
        acceptsMinors: codeName === 'CEDAR',
        languages: ['en'],
        specialisms: [],
        address: '1 Secret Street',
        postcode: 'AB1 2CD',
        contactLine: '0800 000 000',
      },
    });
    const staff = await h.token({ role: Role.SHELTER_STAFF, sub: `staff-${codeName}`, shelterIds: [s.createShelter.id] });
    for (let i = 0; i < rooms; i++) {
      await h.ok(staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
        i: { shelterId: s.createShelter.id, roomLabel: `Room ${i + 1}`, count: codeName === 'ALDER' && i < 2 ? 3 : 1 },
      });
    }
  }
}

/** One short replay of seed 3 on a fresh database; its counts (not the hours, which carry real time). */
async function replayOnce(label: string): Promise<Omit<ReplayTotals, 'waitHours' | 'waitlistedWaitHours' | 'pollCalls'>> {
  // A window shorter than some steps take in real time: its timer would close it mid-step.
  const h = await Harbour.start(label, { env: { ASSIGNMENT_WINDOW_SECONDS: '2' } });
  try {
    await network(h);
    const replay = new Replay({
      url: h.url,
      seed: 3,
      days: 12,
      stepHours: 12,
      regions: [REGION],
      load: 1.6,
      maxReferrals: 50,
      meanStayDays: 4,
      arriveShare: 0.8,
      declineShare: 0.1,
      mix: readReferralMix(join(DATA_DIR, 'uk-nrm-referrals-by-year.csv')),
      workerWaitMs: 60_000,
      timeZone: h.config.TIME_ZONE,
      token: (c) => h.token({ role: c.role as Role, sub: c.sub, shelterIds: c.shelterIds ?? [], agencyId: c.agencyId ?? null }, '12h'),
    });
    const { waitHours: _w, waitlistedWaitHours: _ww, pollCalls: _p, ...counts } = await replay.run();
    return counts;
  } finally {
    await h.close();
  }
}

describe('harbour replay --seed', () => {
  it('gives the same counts on two fresh databases', async () => {
    const first = await replayOnce('replay_repeat_a');
    const second = await replayOnce('replay_repeat_b');
    expect(first.referrals).toBeGreaterThan(10);
    expect(first.placed).toBeGreaterThan(5);
    expect(second).toEqual(first);
  });
});
