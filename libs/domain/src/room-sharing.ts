/**
 * Who may share a room (hard rules, never broken).
 *
 * A room may hold more than one household only when the households are
 * compatible:
 * - every person in the room who is not an accompanied child has the same
 *   gender (a MIXED shelter mixes by room, never by bed);
 * - they are all adults or all unaccompanied minors (a room holding an
 *   unaccompanied minor never takes an adult household, and the reverse);
 * - no household with children (a dependant under 18) shares with another
 *   household, and neither does a household whose adults are not all of one
 *   recorded gender (a couple, or an adult dependant with no gender recorded:
 *   the rule could not be checked for them), nor a referred minor with an
 *   adult dependant (the adult would share with unrelated minors, or the
 *   minor with unrelated adults).
 *
 * These rules reduce to one key per household, its sharing class
 * ({@link sharingClass}): two households may share a room exactly when both
 * have a class and the classes are equal. A household without a class
 * (`null`) takes a room only when nobody else is in it, and then nobody else
 * joins it. The batch assignment's integer program uses the same key (one
 * class chosen per room).
 */
import { AgeBand, Dependant, Occupant, ReferralProfile, isMinor } from './model';

/** The part of a referral that decides who it may share a room with. */
export type HouseholdProfile = Pick<ReferralProfile, 'gender' | 'ageBand' | 'dependants'>;

/**
 * The sharing class of a household: `ADULT:<gender>` or `MINOR:<gender>`
 * (from the referred person's age band and gender, every adult dependant of
 * the same recorded gender), or null when the household may not share a room
 * with another household (it has a dependant under 18, adults of more than
 * one gender or of no recorded gender, or a referred minor with an adult
 * dependant). An occupant whose gender is not known
 * (null) has no class: nobody may share with them.
 */
export function sharingClass(household: Occupant): string | null {
  if (household.gender == null) return null;
  const dependants: readonly Dependant[] = household.dependants;
  if (dependants.some((d) => d.ageBand === AgeBand.UNDER_18)) return null;
  if (dependants.some((d) => d.gender == null || d.gender !== household.gender)) return null;
  // A minor referred with an adult (a sister of 19, say) is not an unaccompanied minor, and the adult
  // may share with no unrelated minor: such a household takes a room on its own.
  if (dependants.some((d) => isMinor(d.ageBand) !== isMinor(household.ageBand))) return null;
  return `${isMinor(household.ageBand) ? 'MINOR' : 'ADULT'}:${household.gender}`;
}

/** Readable description of a household for a sharing message (no personal data beyond the matching fields). */
function describe(h: Occupant): string {
  const children = h.dependants.filter((d) => d.ageBand === AgeBand.UNDER_18).length;
  if (children > 0) return `a household with ${children} child(ren)`;
  if (h.gender == null) return 'a household whose gender is not recorded';
  const adults = h.dependants.length;
  if (isMinor(h.ageBand) && adults > 0) return `a household of ${adults + 1} (a minor, ${h.gender}, with an adult)`;
  const who = isMinor(h.ageBand) ? 'unaccompanied minor' : 'adult';
  return adults > 0 ? `a household of ${adults + 1} (${who}, ${h.gender}, with adult dependants)` : `an ${who} (${h.gender})`;
}

/**
 * Why `household` may not join a room holding `occupants` (the households
 * holding or occupying its other beds), or null when it may. An empty room
 * takes any household.
 */
export function roomSharingProblem(household: HouseholdProfile, occupants: readonly Occupant[]): string | null {
  if (occupants.length === 0) return null;
  const mine = sharingClass(household);
  if (mine === null) return `${describe(household)} takes a room only on its own; the room holds ${occupants.length} household(s)`;
  const other = occupants.find((o) => sharingClass(o) !== mine);
  if (!other) return null;
  if (isMinor(other.ageBand) !== isMinor(household.ageBand)) {
    return isMinor(other.ageBand)
      ? `the room holds an unaccompanied minor; it never takes an adult household`
      : `the room holds adults; an unaccompanied minor never shares with adults`;
  }
  return `the room holds ${describe(other)}; it may not be shared with ${describe(household)}`;
}

/** True when `household` may join a room holding `occupants` ({@link roomSharingProblem} is null). */
export function canShareRoom(household: HouseholdProfile, occupants: readonly Occupant[]): boolean {
  return roomSharingProblem(household, occupants) === null;
}

/**
 * Independent check of a whole room: every pair of households in it must be
 * compatible. Returns one message per incompatible pair (empty when the room
 * is fine); used by the tests, the simulator's violation count and the
 * batch assignment's own check.
 */
export function roomCompatibilityProblems(households: readonly Occupant[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < households.length; i++) {
    for (let j = i + 1; j < households.length; j++) {
      const a = sharingClass(households[i]);
      if (a === null || a !== sharingClass(households[j])) {
        problems.push(`households ${i + 1} and ${j + 1}: ${describe(households[i])} with ${describe(households[j])}`);
      }
    }
  }
  return problems;
}

/** The highest age in a band (55_PLUS counts as 120). */
const BAND_MAX_AGE: Record<AgeBand, number> = {
  [AgeBand.UNDER_18]: 17,
  [AgeBand.AGE_18_24]: 24,
  [AgeBand.AGE_25_34]: 34,
  [AgeBand.AGE_35_44]: 44,
  [AgeBand.AGE_45_54]: 54,
  [AgeBand.AGE_55_PLUS]: 120,
};

/** The highest age in an age band (UNDER_18 is 17; 55_PLUS counts as 120). */
export function ageBandMaxAge(band: AgeBand): number {
  return BAND_MAX_AGE[band];
}

/** Smallest and largest `adultMaxAge` a shelter may state (a shelter for minors that takes adults up to that age). */
export const ADULT_MAX_AGE_RANGE = { min: 18, max: 120 } as const;

/** The adults of a household (the referred person unless a minor, and every adult dependant), by age band. */
export function adultAgeBands(household: HouseholdProfile): AgeBand[] {
  const bands = household.dependants.filter((d) => d.ageBand !== AgeBand.UNDER_18).map((d) => d.ageBand);
  return isMinor(household.ageBand) ? bands : [household.ageBand, ...bands];
}
