import fc from 'fast-check';
import { HardRule, checkEligibility } from './eligibility';
import { AgeBand, Dependant, Gender } from './model';
import { HouseholdProfile, adultAgeBands, ageBandMaxAge, canShareRoom, roomCompatibilityProblems, roomSharingProblem, sharingClass } from './room-sharing';
import { aReferral, aRoom, aShelter } from './testing/builders';

const woman: HouseholdProfile = { gender: Gender.FEMALE, ageBand: AgeBand.AGE_25_34, dependants: [] };
const man: HouseholdProfile = { gender: Gender.MALE, ageBand: AgeBand.AGE_35_44, dependants: [] };
const girl: HouseholdProfile = { gender: Gender.FEMALE, ageBand: AgeBand.UNDER_18, dependants: [] };
const boy: HouseholdProfile = { gender: Gender.MALE, ageBand: AgeBand.UNDER_18, dependants: [] };
const mother: HouseholdProfile = { gender: Gender.FEMALE, ageBand: AgeBand.AGE_25_34, dependants: [{ ageBand: AgeBand.UNDER_18 }] };
const sisters: HouseholdProfile = {
  gender: Gender.FEMALE,
  ageBand: AgeBand.AGE_18_24,
  dependants: [{ ageBand: AgeBand.AGE_25_34, gender: Gender.FEMALE }],
};
const couple: HouseholdProfile = {
  gender: Gender.FEMALE,
  ageBand: AgeBand.AGE_25_34,
  dependants: [{ ageBand: AgeBand.AGE_25_34, gender: Gender.MALE }],
};
const nonBinary: HouseholdProfile = { gender: Gender.NON_BINARY, ageBand: AgeBand.AGE_25_34, dependants: [] };

describe('room sharing', () => {
  it('gives a class to households that may share and none to families, couples and unknown adult genders', () => {
    expect(sharingClass(woman)).toBe('ADULT:FEMALE');
    expect(sharingClass(sisters)).toBe('ADULT:FEMALE');
    expect(sharingClass(girl)).toBe('MINOR:FEMALE');
    expect(sharingClass(nonBinary)).toBe('ADULT:NON_BINARY');
    expect(sharingClass(mother)).toBeNull();
    expect(sharingClass(couple)).toBeNull();
    expect(sharingClass({ ...woman, dependants: [{ ageBand: AgeBand.AGE_45_54 }] })).toBeNull();
  });

  it('gives no class to a minor referred with an adult: the adult never shares with unrelated minors', () => {
    // Found by review: a girl with her 19-year-old sister was put in a room with an unrelated girl.
    const girlWithSister: HouseholdProfile = {
      gender: Gender.FEMALE,
      ageBand: AgeBand.UNDER_18,
      dependants: [{ ageBand: AgeBand.AGE_18_24, gender: Gender.FEMALE }],
    };
    expect(sharingClass(girlWithSister)).toBeNull();
    expect(roomSharingProblem(girlWithSister, [girl])).toBe(
      'a household of 2 (a minor, FEMALE, with an adult) takes a room only on its own; the room holds 1 household(s)',
    );
    expect(canShareRoom(girl, [girlWithSister])).toBe(false);
    expect(canShareRoom(woman, [girlWithSister])).toBe(false);
    expect(canShareRoom(girlWithSister, [])).toBe(true);
    expect(roomCompatibilityProblems([girl, girlWithSister])).toHaveLength(1);
  });

  it('lets an empty room take anyone', () => {
    for (const h of [woman, man, girl, mother, couple]) expect(roomSharingProblem(h, [])).toBeNull();
  });

  it('never puts a woman with a man, whatever the shelter', () => {
    expect(roomSharingProblem(woman, [man])).toMatch(/may not be shared/);
    expect(roomSharingProblem(man, [woman])).toMatch(/may not be shared/);
    expect(canShareRoom(woman, [woman, sisters])).toBe(true);
    expect(canShareRoom(nonBinary, [woman])).toBe(false);
  });

  it('never gives a minor’s room to an adult, nor an adult’s room to a minor', () => {
    expect(roomSharingProblem(woman, [girl])).toBe('the room holds an unaccompanied minor; it never takes an adult household');
    expect(roomSharingProblem(girl, [woman])).toBe('the room holds adults; an unaccompanied minor never shares with adults');
    expect(canShareRoom(girl, [girl])).toBe(true);
    expect(canShareRoom(boy, [girl])).toBe(false);
  });

  it('never puts a family with children, or a couple, with another household', () => {
    expect(roomSharingProblem(mother, [woman])).toMatch(/takes a room only on its own/);
    expect(roomSharingProblem(woman, [mother])).toMatch(/household with 1 child/);
    expect(canShareRoom(couple, [woman])).toBe(false);
    expect(canShareRoom(mother, [mother])).toBe(false);
  });

  it('reports every incompatible pair of a whole room', () => {
    expect(roomCompatibilityProblems([woman, sisters, woman])).toEqual([]);
    expect(roomCompatibilityProblems([woman, man, girl])).toHaveLength(3);
    expect(roomCompatibilityProblems([mother])).toEqual([]);
  });

  it('is symmetric and agrees with the whole-room check (property)', () => {
    const household = fc.record({
      gender: fc.constantFrom(Gender.FEMALE, Gender.MALE, Gender.NON_BINARY),
      ageBand: fc.constantFrom(AgeBand.UNDER_18, AgeBand.AGE_18_24, AgeBand.AGE_55_PLUS),
      dependants: fc.array(
        fc.record({
          ageBand: fc.constantFrom(AgeBand.UNDER_18, AgeBand.AGE_25_34),
          gender: fc.option(fc.constantFrom(Gender.FEMALE, Gender.MALE), { nil: null }),
        }) as fc.Arbitrary<Dependant>,
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(household, fc.array(household, { maxLength: 3 }), (h, room) => {
        const compatibleRoom = roomCompatibilityProblems(room).length === 0;
        // Joining a compatible room keeps it compatible exactly when the rule allows the newcomer.
        if (compatibleRoom) expect(canShareRoom(h, room)).toBe(roomCompatibilityProblems([...room, h]).length === 0);
        if (room.length === 1) expect(canShareRoom(h, room)).toBe(canShareRoom(room[0], [h]));
      }),
      { numRuns: 500, seed: 9 },
    );
  });
});

describe('room sharing and the minors rule in checkEligibility', () => {
  it('refuses a woman a bed in a room holding a man (ROOM_SHARING), even in a MIXED shelter', () => {
    const r = checkEligibility(aReferral(), aShelter(), aRoom({ occupants: [man] }));
    expect(r.violations.map((v) => v.rule)).toEqual([HardRule.ROOM_SHARING]);
    expect(checkEligibility(aReferral(), aShelter(), aRoom({ occupants: [woman] })).eligible).toBe(true);
  });

  it('takes adults in a shelter for minors only up to its adultMaxAge (ADULT_NOT_ACCEPTED)', () => {
    const youth = aShelter({ acceptsMinors: true, adultMaxAge: 24 });
    expect(checkEligibility(aReferral({ ageBand: AgeBand.AGE_18_24 }), youth, aRoom()).eligible).toBe(true);
    const older = checkEligibility(aReferral({ ageBand: AgeBand.AGE_25_34 }), youth, aRoom());
    expect(older.violations).toEqual([
      { rule: HardRule.ADULT_NOT_ACCEPTED, message: 'shelter for minors takes adults up to age 24 only (household has adults aged AGE_25_34)' },
    ]);
    const minorsOnly = aShelter({ acceptsMinors: true, adultMaxAge: null });
    expect(checkEligibility(aReferral({ ageBand: AgeBand.AGE_18_24 }), minorsOnly, aRoom()).violations.map((v) => v.rule)).toEqual([
      HardRule.ADULT_NOT_ACCEPTED,
    ]);
    // A minor with an adult dependant over the limit: the dependant counts too.
    const withBrother = aReferral({ ageBand: AgeBand.UNDER_18, dependants: [{ ageBand: AgeBand.AGE_35_44, gender: Gender.FEMALE }] });
    expect(checkEligibility(withBrother, youth, aRoom()).violations.map((v) => v.rule)).toEqual([HardRule.ADULT_NOT_ACCEPTED]);
    expect(checkEligibility(aReferral({ ageBand: AgeBand.UNDER_18 }), minorsOnly, aRoom()).eligible).toBe(true);
    // A shelter that does not take minors takes adults of any age.
    expect(checkEligibility(aReferral({ ageBand: AgeBand.AGE_55_PLUS }), aShelter({ acceptsMinors: false, adultMaxAge: null }), aRoom()).eligible).toBe(true);
  });

  it('knows the adults of a household and the top age of each band', () => {
    expect(adultAgeBands(girl)).toEqual([]);
    expect(adultAgeBands(sisters)).toEqual([AgeBand.AGE_18_24, AgeBand.AGE_25_34]);
    expect(adultAgeBands(mother)).toEqual([AgeBand.AGE_25_34]);
    expect(ageBandMaxAge(AgeBand.AGE_18_24)).toBe(24);
    expect(ageBandMaxAge(AgeBand.AGE_55_PLUS)).toBe(120);
  });
});
