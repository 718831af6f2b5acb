import { AgeBand } from './model';
import { householdTypeOf, HouseholdType, percentile } from './reporting';

describe('householdTypeOf', () => {
  it('classifies by the lead age band and the dependants', () => {
    expect(householdTypeOf(AgeBand.AGE_25_34, [])).toBe(HouseholdType.SINGLE_ADULT);
    expect(householdTypeOf(AgeBand.AGE_25_34, [{ ageBand: AgeBand.AGE_18_24 }])).toBe(HouseholdType.ADULTS_TOGETHER);
    expect(householdTypeOf(AgeBand.AGE_25_34, [{ ageBand: AgeBand.AGE_18_24 }, { ageBand: AgeBand.UNDER_18 }])).toBe(HouseholdType.FAMILY_WITH_CHILDREN);
    expect(householdTypeOf(AgeBand.UNDER_18, [])).toBe(HouseholdType.UNACCOMPANIED_MINOR);
    expect(householdTypeOf(AgeBand.UNDER_18, [{ ageBand: AgeBand.UNDER_18 }])).toBe(HouseholdType.UNACCOMPANIED_MINOR);
  });
});

describe('percentile (nearest rank)', () => {
  it('gives the nearest-rank value', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100)).toBe(10);
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });
});
