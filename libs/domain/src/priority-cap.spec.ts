import fc from 'fast-check';
import { DEFAULT_PRIORITY_WEIGHTS, DEFAULT_WAIT_CAP_POINTS, assignBatch, priorityOf } from './assignment';
import { AgeBand, Urgency } from './model';
import { aReferral, aRoom, aShelter } from './testing/builders';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('priority ageing is capped (issue 9: no unbounded term)', () => {
  it('the WAIT part grows 0.1 a day up to the cap of 2 points (20 days), then stays', () => {
    const wait = (days: number) => priorityOf({ profile: aReferral(), urgency: Urgency.ROUTINE, waitingSince: daysAgo(days) }, NOW).reasons[2];
    expect(wait(10).points).toBe(1);
    expect(wait(20).points).toBe(DEFAULT_WAIT_CAP_POINTS);
    expect(wait(400)).toEqual({ part: 'WAIT', points: 2, detail: 'waited 400 day(s) (capped at 2 points)' });
  });

  it('an old ROUTINE never outranks a new EMERGENCY (or a new URGENT) with the same household, however long it waited', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 20 * 365, noNaN: true }),
        fc.constantFrom(AgeBand.UNDER_18, AgeBand.AGE_18_24, AgeBand.AGE_55_PLUS),
        fc.array(fc.constantFrom(AgeBand.UNDER_18, AgeBand.AGE_25_34), { maxLength: 4 }),
        (days, ageBand, dependantBands) => {
          const profile = aReferral({ ageBand, dependants: dependantBands.map((b) => ({ ageBand: b })) });
          const old = priorityOf({ profile, urgency: Urgency.ROUTINE, waitingSince: daysAgo(days) }, NOW).priority;
          const emergency = priorityOf({ profile, urgency: Urgency.EMERGENCY, waitingSince: NOW }, NOW).priority;
          const urgent = priorityOf({ profile, urgency: Urgency.URGENT, waitingSince: NOW }, NOW).priority;
          expect(old).toBeLessThan(urgent);
          expect(urgent).toBeLessThan(emergency);
        },
      ),
    );
  });

  it('so the batch gives the one free bed to the new EMERGENCY, not the ROUTINE that waited a year', async () => {
    const a = await assignBatch({
      now: NOW,
      referrals: [
        { id: 'old-routine', profile: aReferral(), urgency: Urgency.ROUTINE, waitingSince: daysAgo(365) },
        { id: 'new-emergency', profile: aReferral(), urgency: Urgency.EMERGENCY, waitingSince: NOW },
      ],
      rooms: [{ shelterId: 's1', roomId: 'r1', shelter: aShelter(), room: aRoom({ availableBeds: 1 }) }],
    });
    expect(a.offers.map((o) => o.referralId)).toEqual(['new-emergency']);
    expect(a.unassigned).toEqual(['old-routine']);
  });

  it('the cap is a weight like the others: configurable, 0 turns ageing off, a negative one is refused by name', () => {
    const r = { profile: aReferral(), urgency: Urgency.ROUTINE, waitingSince: daysAgo(100) };
    expect(priorityOf(r, NOW, { ...DEFAULT_PRIORITY_WEIGHTS, waitCapPoints: 5 }).reasons[2].points).toBe(5);
    expect(priorityOf(r, NOW, { ...DEFAULT_PRIORITY_WEIGHTS, waitCapPoints: 0 }).reasons[2].points).toBe(0);
    // Weights written before the cap existed get the default cap, not an unbounded term.
    const { waitCapPoints: _omitted, ...legacy } = DEFAULT_PRIORITY_WEIGHTS;
    expect(priorityOf(r, NOW, legacy).reasons[2].points).toBe(DEFAULT_WAIT_CAP_POINTS);
    expect(() => priorityOf(r, NOW, { ...DEFAULT_PRIORITY_WEIGHTS, waitCapPoints: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'priorityWeights.waitCapPoints' }),
    );
  });
});
