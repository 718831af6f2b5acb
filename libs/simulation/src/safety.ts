/**
 * The simulator's OWN check of the room-sharing rules, written independently
 * of the domain's eligibility code (it calls nothing in `@harbour/domain`
 * beyond its enums), so that a mistake in the rule as the policies apply it
 * shows up as a counted violation instead of being repeated by the checker.
 *
 * The rules (issue 9, "Hard rules"): a room may hold more than one household
 * only when they are compatible:
 * - ROOM_SHARING_GENDER: every adult in the room is of the same gender (an
 *   adult whose gender is not recorded cannot be shown to match, so shares
 *   with no other household); NON_BINARY matches NON_BINARY only. Harbour
 *   holds unaccompanied minors sharing a room to the same rule (boys and girls
 *   apart), so they are checked for it too;
 * - ROOM_SHARING_MINOR_WITH_ADULT: a referred minor never shares a room with
 *   any adult of another household, the adult referred or a dependant (so a
 *   minor referred with an adult sister shares with nobody);
 * - ROOM_SHARING_CHILDREN: a household with children (a dependant under 18)
 *   shares with no other household.
 * "In the room" means every household holding or occupying a bed of it.
 * Accompanied children are not adults and are not checked for gender.
 */
import { AgeBand, Gender } from '@harbour/domain';

/** A room-sharing rule the independent check can find broken. Stable strings (CSV, reports). */
export type SharingRule = 'ROOM_SHARING_GENDER' | 'ROOM_SHARING_MINOR_WITH_ADULT' | 'ROOM_SHARING_CHILDREN';

/** The room-sharing rules, in report order. */
export const SHARING_RULES: readonly SharingRule[] = ['ROOM_SHARING_GENDER', 'ROOM_SHARING_MINOR_WITH_ADULT', 'ROOM_SHARING_CHILDREN'];

/** What the sharing rules look at in one household. */
export interface SharingHousehold {
  /**
   * Gender of everyone the gender rule applies to: the referred person (adult or
   * unaccompanied minor) and each adult dependant; null = not recorded.
   */
  genders: Array<Gender | null>;
  /** The referred person is under 18 (with or without an adult dependant). */
  unaccompaniedMinor: boolean;
  /** Someone in the household is 18 or over (the referred person or a dependant). */
  hasAdult: boolean;
  /** The household has at least one dependant under 18. */
  withChildren: boolean;
}

/** The sharing-relevant facts of a referral's household. */
export function sharingHousehold(profile: {
  gender?: Gender | null;
  ageBand: AgeBand;
  dependants: readonly { ageBand: AgeBand; gender?: Gender | null }[];
}): SharingHousehold {
  const minor = profile.ageBand === AgeBand.UNDER_18;
  const genders: Array<Gender | null> = [profile.gender ?? null];
  for (const d of profile.dependants) if (d.ageBand !== AgeBand.UNDER_18) genders.push(d.gender ?? null);
  const hasAdult = !minor || profile.dependants.some((d) => d.ageBand !== AgeBand.UNDER_18);
  return { genders, unaccompaniedMinor: minor, hasAdult, withChildren: profile.dependants.some((d) => d.ageBand === AgeBand.UNDER_18) };
}

/**
 * The sharing rules that `incoming` would break by joining a room whose
 * current households (held or occupied) are `present`. Empty when the room is
 * empty or every rule holds. Each rule appears at most once, in
 * {@link SHARING_RULES} order.
 */
export function sharingViolations(present: readonly SharingHousehold[], incoming: SharingHousehold): SharingRule[] {
  if (present.length === 0) return [];
  const all = [...present, incoming];
  const out: SharingRule[] = [];
  const genders = all.flatMap((h) => h.genders);
  if (genders.some((g) => g === null) || new Set(genders).size > 1) out.push('ROOM_SHARING_GENDER');
  // A referred minor and an adult of ANOTHER household in one room (the adult may be a dependant).
  if (all.some((m, i) => m.unaccompaniedMinor && all.some((a, j) => j !== i && a.hasAdult))) out.push('ROOM_SHARING_MINOR_WITH_ADULT');
  if (all.some((h) => h.withChildren)) out.push('ROOM_SHARING_CHILDREN');
  return out;
}

/**
 * Every sharing rule broken by a room's whole set of households (for checking
 * a finished state, e.g. the residents at t = 0): the union over the pairs.
 */
export function roomViolations(households: readonly SharingHousehold[]): SharingRule[] {
  const found = new Set<SharingRule>();
  for (let i = 1; i < households.length; i++) for (const v of sharingViolations(households.slice(0, i), households[i])) found.add(v);
  return SHARING_RULES.filter((r) => found.has(r));
}
