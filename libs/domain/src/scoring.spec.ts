import fc from 'fast-check';
import { checkEligibility } from './eligibility';
import { AgeBand, ExploitationType, Gender, GenderPolicy, ShelterStatus } from './model';
import { DEFAULT_SCORING_WEIGHTS, ScoreCriterion, rankCandidates, scoreCandidate } from './scoring';
import { aReferral, aRoom, aShelter } from './testing/builders';

const reason = (r: ReturnType<typeof scoreCandidate>, c: ScoreCriterion) => r.reasons.find((x) => x.criterion === c)!;

describe('DEFAULT_SCORING_WEIGHTS', () => {
  it('are 40/25/20/10/5 and total 100', () => {
    expect(DEFAULT_SCORING_WEIGHTS).toEqual({ preferredRegion: 40, language: 25, specialism: 20, occupancy: 10, roomFit: 5 });
    expect(Object.values(DEFAULT_SCORING_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('scoreCandidate', () => {
  it('gives exactly one reason per criterion, in a fixed order, and the score is their sum', () => {
    const r = scoreCandidate(aReferral(), aShelter(), aRoom());
    expect(r.reasons.map((x) => x.criterion)).toEqual(['PREFERRED_REGION', 'LANGUAGE', 'SPECIALISM', 'OCCUPANCY', 'ROOM_FIT']);
    expect(r.score).toBeCloseTo(
      r.reasons.reduce((s, x) => s + x.points, 0),
      10,
    );
  });

  describe('PREFERRED_REGION: full points for the first preference, weight*(1-i/n) for the i-th, 0 if none match', () => {
    const referral = aReferral({ preferredRegions: ['CA-500', 'CA-600', 'CA-700', 'CA-800'] });
    it('first preferred region earns the full 40', () => {
      const p = reason(scoreCandidate(referral, aShelter({ regionCode: 'CA-500' }), aRoom()), 'PREFERRED_REGION');
      expect(p).toEqual({ criterion: 'PREFERRED_REGION', points: 40, detail: 'first preferred region CA-500' });
    });
    it('second of four earns 30, fourth of four earns 10', () => {
      expect(reason(scoreCandidate(referral, aShelter({ regionCode: 'CA-600' }), aRoom()), 'PREFERRED_REGION').points).toBe(30);
      const p = reason(scoreCandidate(referral, aShelter({ regionCode: 'ca-800 ' }), aRoom()), 'PREFERRED_REGION');
      expect(p.points).toBe(10);
      expect(p.detail).toBe('preferred region 4 of 4: CA-800');
    });
    it('no matching region earns 0', () => {
      const p = reason(scoreCandidate(referral, aShelter({ regionCode: 'CA-100' }), aRoom()), 'PREFERRED_REGION');
      expect(p.points).toBe(0);
      expect(p.detail).toMatch(/not among preferred regions/);
    });
    it('no preferences at all earns half points everywhere (neutral)', () => {
      const p = reason(scoreCandidate(aReferral(), aShelter(), aRoom()), 'PREFERRED_REGION');
      expect(p.points).toBe(20);
      expect(p.detail).toMatch(/neutral/);
    });
  });

  describe('LANGUAGE: share of the referral languages the shelter speaks (case-insensitive)', () => {
    it('speaks 1 of 2 languages earns half of 25', () => {
      const r = scoreCandidate(aReferral({ languages: ['RO', 'sq'] }), aShelter({ languages: ['en', 'ro'] }), aRoom());
      expect(reason(r, 'LANGUAGE')).toEqual({ criterion: 'LANGUAGE', points: 12.5, detail: 'speaks 1 of 2 languages: ro' });
    });
    it('English counts like any other language', () => {
      const r = scoreCandidate(aReferral({ languages: ['en'] }), aShelter({ languages: ['EN'] }), aRoom());
      expect(reason(r, 'LANGUAGE').points).toBe(25);
    });
    it('speaks none earns 0', () => {
      const r = scoreCandidate(aReferral({ languages: ['vi'] }), aShelter({ languages: ['en'] }), aRoom());
      expect(reason(r, 'LANGUAGE')).toEqual({ criterion: 'LANGUAGE', points: 0, detail: 'speaks 0 of 1 languages' });
    });
    it('no languages given earns full points', () => {
      expect(reason(scoreCandidate(aReferral(), aShelter({ languages: [] }), aRoom()), 'LANGUAGE').points).toBe(25);
    });
  });

  describe('SPECIALISM: share of the referral exploitation types among the shelter specialisms', () => {
    it('1 of 2 types earns 10 of 20', () => {
      const r = scoreCandidate(
        aReferral({ exploitationTypes: [ExploitationType.SEXUAL, ExploitationType.LABOUR] }),
        aShelter({ specialisms: [ExploitationType.SEXUAL] }),
        aRoom(),
      );
      expect(reason(r, 'SPECIALISM')).toEqual({
        criterion: 'SPECIALISM',
        points: 10,
        detail: 'specialises in 1 of 2 exploitation types: SEXUAL',
      });
    });
    it('no match earns 0; no types given earns full points', () => {
      const none = scoreCandidate(aReferral({ exploitationTypes: [ExploitationType.CRIMINAL] }), aShelter(), aRoom());
      expect(reason(none, 'SPECIALISM').points).toBe(0);
      expect(reason(scoreCandidate(aReferral(), aShelter(), aRoom()), 'SPECIALISM').points).toBe(20);
    });
  });

  describe('OCCUPANCY: emptier shelters first, weight * (1 - used/total)', () => {
    it('an empty shelter earns 10, a 3/4 full one 2.5, a full one 0', () => {
      expect(reason(scoreCandidate(aReferral(), aShelter({ totalBeds: 4, usedBeds: 0 }), aRoom()), 'OCCUPANCY').points).toBe(10);
      const r = reason(scoreCandidate(aReferral(), aShelter({ totalBeds: 4, usedBeds: 3 }), aRoom()), 'OCCUPANCY');
      expect(r).toEqual({ criterion: 'OCCUPANCY', points: 2.5, detail: '3 of 4 beds in use' });
      expect(reason(scoreCandidate(aReferral(), aShelter({ totalBeds: 4, usedBeds: 4 }), aRoom()), 'OCCUPANCY').points).toBe(0);
    });
    it('guards a shelter with 0 beds (0 points, no NaN)', () => {
      const r = scoreCandidate(aReferral(), aShelter({ totalBeds: 0, usedBeds: 0 }), aRoom());
      expect(reason(r, 'OCCUPANCY').points).toBe(0);
      expect(Number.isNaN(r.score)).toBe(false);
    });
  });

  describe('ROOM_FIT: less waste first, weight * household/availableBeds', () => {
    it('a single person in a 1-bed room earns 5, in a 3-bed room 1.67', () => {
      expect(reason(scoreCandidate(aReferral(), aShelter(), aRoom({ availableBeds: 1 })), 'ROOM_FIT').points).toBe(5);
      const r = reason(scoreCandidate(aReferral(), aShelter(), aRoom({ availableBeds: 3 })), 'ROOM_FIT');
      expect(r.points).toBe(1.67);
      expect(r.detail).toBe('household of 1 uses 1 of 3 free beds in the room');
    });
  });

  it('rounds the score to 2 decimals', () => {
    const r = scoreCandidate(
      aReferral({ preferredRegions: ['A', 'B', 'C'], languages: ['ro', 'sq', 'vi'] }),
      aShelter({ regionCode: 'B', languages: ['ro'], totalBeds: 3, usedBeds: 1 }),
      aRoom({ availableBeds: 3 }),
    );
    // 26.67 + 8.33 + 20 + 6.67 + 1.67
    expect(r.score).toBe(63.34);
  });

  it('honours custom weights and rejects negative ones naming the field', () => {
    const w = { preferredRegion: 0, language: 0, specialism: 0, occupancy: 0, roomFit: 1 };
    expect(scoreCandidate(aReferral(), aShelter(), aRoom({ availableBeds: 1 }), w).score).toBe(1);
    expect(() => scoreCandidate(aReferral(), aShelter(), aRoom(), { ...w, language: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'weights.language' }),
    );
  });
});

describe('rankCandidates', () => {
  const referral = aReferral({ preferredRegions: ['CA-500'], languages: ['ro'] });
  const c = (shelterId: string, roomId: string, s: Parameters<typeof aShelter>[0] = {}, r: Parameters<typeof aRoom>[0] = {}) => ({
    shelterId,
    roomId,
    shelter: aShelter(s),
    room: aRoom(r),
    extra: `${shelterId}/${roomId}`,
  });

  it('drops ineligible candidates and sorts by score descending', () => {
    const ranked = rankCandidates(referral, [
      c('s-far', 'r1', { regionCode: 'CA-900' }),
      c('s-closed', 'r1', { regionCode: 'CA-500', status: ShelterStatus.CLOSED }),
      c('s-best', 'r1', { regionCode: 'CA-500', languages: ['ro'] }),
      c('s-men', 'r1', { regionCode: 'CA-500', genderPolicy: GenderPolicy.MEN_ONLY }),
      c('s-near', 'r1', { regionCode: 'CA-500' }),
    ]);
    expect(ranked.map((x) => x.shelterId)).toEqual(['s-best', 's-near', 's-far']);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    expect(ranked[0].reasons).toHaveLength(5);
    expect(ranked[0].extra).toBe('s-best/r1'); // keeps the caller's fields
  });

  it('breaks ties by shelterId then roomId (deterministic, whatever the input order)', () => {
    const input = [c('s-b', 'r-2'), c('s-a', 'r-2'), c('s-b', 'r-1'), c('s-a', 'r-1')];
    const expected = ['s-a/r-1', 's-a/r-2', 's-b/r-1', 's-b/r-2'];
    expect(rankCandidates(referral, input).map((x) => x.extra)).toEqual(expected);
    expect(rankCandidates(referral, [...input].reverse()).map((x) => x.extra)).toEqual(expected);
  });

  it('returns an empty list when nothing is eligible', () => {
    expect(rankCandidates(aReferral({ gender: Gender.MALE }), [c('s', 'r', { genderPolicy: GenderPolicy.WOMEN_ONLY })])).toEqual([]);
  });

  it('property: never returns an ineligible candidate, never loses an eligible one, and is sorted', () => {
    const shelterArb = fc.record({
      status: fc.constantFrom(...Object.values(ShelterStatus)),
      genderPolicy: fc.constantFrom(...Object.values(GenderPolicy)),
      regionCode: fc.constantFrom('A', 'B', 'C'),
      acceptsFamilies: fc.boolean(),
      acceptsMinors: fc.boolean(),
      languages: fc.subarray(['en', 'ro', 'vi']),
      totalBeds: fc.integer({ min: 0, max: 20 }),
      usedBeds: fc.integer({ min: 0, max: 20 }),
    });
    const candArb = fc.record({
      shelterId: fc.constantFrom('s1', 's2', 's3'),
      roomId: fc.constantFrom('r1', 'r2'),
      shelter: shelterArb.map((s) => aShelter(s)),
      room: fc.nat(4).map((n) => aRoom({ availableBeds: n })),
    });
    const refArb = fc.record({
      gender: fc.constantFrom(...Object.values(Gender)),
      ageBand: fc.constantFrom(...Object.values(AgeBand)),
      dependants: fc.array(fc.record({ ageBand: fc.constantFrom(...Object.values(AgeBand)) }), { maxLength: 3 }),
      exclusionRegions: fc.subarray(['A', 'B', 'C']),
      preferredRegions: fc.subarray(['A', 'B', 'C']),
      languages: fc.subarray(['en', 'ro', 'vi']),
    });
    fc.assert(
      fc.property(
        refArb.map((r) => aReferral(r)),
        fc.array(candArb, { maxLength: 8 }),
        (ref, cands) => {
          const ranked = rankCandidates(ref, cands);
          for (const x of ranked) expect(checkEligibility(ref, x.shelter, x.room).eligible).toBe(true);
          expect(ranked).toHaveLength(cands.filter((x) => checkEligibility(ref, x.shelter, x.room).eligible).length);
          for (let i = 1; i < ranked.length; i++) {
            const [a, b] = [ranked[i - 1], ranked[i]];
            expect(a.score > b.score || (a.score === b.score && (a.shelterId < b.shelterId || (a.shelterId === b.shelterId && a.roomId <= b.roomId)))).toBe(
              true,
            );
          }
          for (const x of ranked) {
            expect(x.score).toBeGreaterThanOrEqual(0);
            expect(x.score).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});
