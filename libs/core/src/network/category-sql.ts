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

/**
 * The column of region_availability that counts each category's free beds
 * (kept by the triggers of migration AvailabilityCounts1765600000000 with the
 * conditions above).
 */
export const REGION_AVAILABILITY_COLUMN: Record<BedCategory, string> = {
  [BedCategory.ALL]: 'free_all',
  [BedCategory.WOMEN_ONLY]: 'free_women_only',
  [BedCategory.MEN_ONLY]: 'free_men_only',
  [BedCategory.MIXED]: 'free_mixed',
  [BedCategory.FAMILY]: 'free_family',
  [BedCategory.ACCESSIBLE]: 'free_accessible',
  [BedCategory.MINORS]: 'free_minors',
};
