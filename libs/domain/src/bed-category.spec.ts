import { categoriesOf, matchesCategory } from './bed-category';
import { AccessibilityFeature, BedCategory, GenderPolicy } from './model';

const shelter = (genderPolicy: GenderPolicy, acceptsFamilies = false, acceptsMinors = false) => ({ genderPolicy, acceptsFamilies, acceptsMinors });
const room = (...accessibilityFeatures: AccessibilityFeature[]) => ({ accessibilityFeatures });

describe('matchesCategory', () => {
  it('ALL matches every bed', () => {
    for (const p of Object.values(GenderPolicy)) expect(matchesCategory(BedCategory.ALL, shelter(p), room())).toBe(true);
  });
  it.each([
    [BedCategory.WOMEN_ONLY, GenderPolicy.WOMEN_ONLY],
    [BedCategory.MEN_ONLY, GenderPolicy.MEN_ONLY],
    [BedCategory.MIXED, GenderPolicy.MIXED],
  ])('%s matches only a %s shelter', (category, policy) => {
    for (const p of Object.values(GenderPolicy)) expect(matchesCategory(category, shelter(p), room())).toBe(p === policy);
  });
  it('FAMILY matches iff the shelter accepts families', () => {
    expect(matchesCategory(BedCategory.FAMILY, shelter(GenderPolicy.MIXED, true), room())).toBe(true);
    expect(matchesCategory(BedCategory.FAMILY, shelter(GenderPolicy.MIXED, false), room())).toBe(false);
  });
  it('MINORS matches iff the shelter accepts minors', () => {
    expect(matchesCategory(BedCategory.MINORS, shelter(GenderPolicy.MIXED, false, true), room())).toBe(true);
    expect(matchesCategory(BedCategory.MINORS, shelter(GenderPolicy.MIXED, true, false), room())).toBe(false);
  });
  it('ACCESSIBLE matches a room with WHEELCHAIR or STEP_FREE, not one with only other features', () => {
    const s = shelter(GenderPolicy.MIXED);
    expect(matchesCategory(BedCategory.ACCESSIBLE, s, room(AccessibilityFeature.WHEELCHAIR))).toBe(true);
    expect(matchesCategory(BedCategory.ACCESSIBLE, s, room(AccessibilityFeature.STEP_FREE))).toBe(true);
    expect(matchesCategory(BedCategory.ACCESSIBLE, s, room(AccessibilityFeature.HEARING_LOOP, AccessibilityFeature.VISUAL_SUPPORT))).toBe(false);
    expect(matchesCategory(BedCategory.ACCESSIBLE, s, room())).toBe(false);
  });
  it('categoriesOf lists every matching category', () => {
    expect(categoriesOf(shelter(GenderPolicy.WOMEN_ONLY, true, false), room(AccessibilityFeature.STEP_FREE))).toEqual([
      BedCategory.ALL,
      BedCategory.WOMEN_ONLY,
      BedCategory.FAMILY,
      BedCategory.ACCESSIBLE,
    ]);
  });
});
