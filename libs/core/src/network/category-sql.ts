import { BedCategory } from '@harbour/domain';

/**
 * SQL conditions for bed categories, over aliases `s` (shelter) and `r` (room).
 * Must agree with the domain's `matchesCategory` (libs/domain bed-category.ts);
 * a test checks both on the same data.
 */
export const CATEGORY_SQL: Record<BedCategory, string> = {
  [BedCategory.ALL]: 'true',
  [BedCategory.WOMEN_ONLY]: "s.gender_policy = 'WOMEN_ONLY'",
  [BedCategory.MEN_ONLY]: "s.gender_policy = 'MEN_ONLY'",
  [BedCategory.MIXED]: "s.gender_policy = 'MIXED'",
  [BedCategory.FAMILY]: 's.accepts_families',
  [BedCategory.ACCESSIBLE]: "r.accessibility_features && ARRAY['WHEELCHAIR','STEP_FREE']::text[]",
  [BedCategory.MINORS]: 's.accepts_minors',
};
