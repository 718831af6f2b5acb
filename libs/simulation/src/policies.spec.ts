import { join } from 'node:path';
import { assignBatch, greedyBestScore, greedyFirstCome } from '@harbour/domain';
import {
  DAY,
  RoundInput,
  SIM_EPOCH_MS,
  drawScenario,
  emptyProfiles,
  poppyNetwork,
  readReferralMix,
  standardPolicies,
  toAssignmentInput,
} from '@harbour/simulation';

const DATA = process.env.HARBOUR_DATA_DIR ?? join(__dirname, '..', '..', '..', '..', 'shared', 'data');

/** A round as the engine builds it: 12 waiting referrals and every room of the empty Poppy-sized network. */
function round(): RoundInput {
  const net = poppyNetwork(join(DATA, 'uk-safe-house-facts.csv'));
  const sc = drawScenario(net, readReferralMix(join(DATA, 'uk-nrm-referrals-by-year.csv'), 2024), { seed: 11, spanDays: 30 });
  const empty = emptyProfiles(net);
  return {
    now: 20 * DAY,
    referrals: sc.referrals.slice(0, 12).map((r) => ({ id: r.id, profile: r.profile, urgency: r.urgency, arrivalAt: r.arrivalAt })),
    rooms: net.rooms.slice(0, 8).map((r) => ({ roomId: r.id, ...empty.get(r.id)!, occupants: [] })),
  };
}

describe('simulator policies are the domain functions the live service uses', () => {
  it('hands the domain the referrals, rooms and clock of the round (seconds from the epoch as dates)', () => {
    const r = round();
    const input = toAssignmentInput(r);
    expect(input.now.getTime()).toBe(SIM_EPOCH_MS + 20 * DAY * 1000);
    expect(input.referrals.map((x) => x.waitingSince.getTime())).toEqual(r.referrals.map((x) => SIM_EPOCH_MS + x.arrivalAt * 1000));
    expect(input.rooms).toBe(r.rooms);
  });

  it('makes exactly the offers of greedyFirstCome, greedyBestScore and assignBatch on the same input', async () => {
    const r = round();
    const [first, best, batch] = standardPolicies();
    const pairs = (offers: Array<{ referralId: string; roomId: string }>) => offers.map((o) => `${o.referralId}>${o.roomId}`);
    const expectedBatch = pairs((await assignBatch(toAssignmentInput(r))).offers);
    expect(expectedBatch.length).toBeGreaterThan(0);
    expect(pairs(await first.assign(r))).toEqual(pairs(greedyFirstCome(toAssignmentInput(r)).offers));
    expect(pairs(await best.assign(r))).toEqual(pairs(greedyBestScore(toAssignmentInput(r)).offers));
    expect(pairs(await batch.assign(r))).toEqual(expectedBatch);
  });
});
