/**
 * Bed categories used by availability counts and capacity alert rules
 * (docs/architecture.md, Main flows 8, e.g. "fewer than 2 women-only beds free in a region").
 */
import { AccessibilityFeature, BedCategory, GenderPolicy, RoomProfile, ShelterProfile } from './model';

/**
 * Whether a bed in `room` of `shelter` counts in `category`:
 * ALL always; WOMEN_ONLY / MEN_ONLY / MIXED when the shelter's gender policy is
 * that one; FAMILY if the shelter accepts families; MINORS if it accepts minors;
 * ACCESSIBLE if the room has WHEELCHAIR or STEP_FREE access.
 */
export function matchesCategory(
  category: BedCategory,
  shelter: Pick<ShelterProfile, 'genderPolicy' | 'acceptsFamilies' | 'acceptsMinors'>,
  room: Pick<RoomProfile, 'accessibilityFeatures'>,
): boolean {
  switch (category) {
    case BedCategory.ALL:
      return true;
    case BedCategory.WOMEN_ONLY:
      return shelter.genderPolicy === GenderPolicy.WOMEN_ONLY;
    case BedCategory.MEN_ONLY:
      return shelter.genderPolicy === GenderPolicy.MEN_ONLY;
    case BedCategory.MIXED:
      return shelter.genderPolicy === GenderPolicy.MIXED;
    case BedCategory.FAMILY:
      return shelter.acceptsFamilies;
    case BedCategory.MINORS:
      return shelter.acceptsMinors;
    case BedCategory.ACCESSIBLE:
      return room.accessibilityFeatures.includes(AccessibilityFeature.WHEELCHAIR) || room.accessibilityFeatures.includes(AccessibilityFeature.STEP_FREE);
    default:
      return false;
  }
}

/** Every category a bed counts in (always includes ALL), in BedCategory declaration order. */
export function categoriesOf(
  shelter: Pick<ShelterProfile, 'genderPolicy' | 'acceptsFamilies' | 'acceptsMinors'>,
  room: Pick<RoomProfile, 'accessibilityFeatures'>,
): BedCategory[] {
  return Object.values(BedCategory).filter((c) => matchesCategory(c, shelter, room));
}
