/**
 * Hard matching rules (docs/architecture.md, Main flows 2: hard rules are never broken).
 *
 * A candidate is one room in one shelter. The whole household (the referred
 * person plus every dependant) is placed in ONE room. Every broken rule is
 * reported, not only the first, so coordinators can see why a bed was refused.
 *
 * Policy choices written down here:
 * - Gender policy applies to the referred person and to ADULT dependants
 *   (ageBand other than UNDER_18) whose gender is recorded. Accompanied children
 *   (UNDER_18 dependants) may live in any shelter that takes families, whatever
 *   their gender: a mother with a young son is placed in a women-only house that
 *   takes families. An adult dependant with no recorded gender goes only to a
 *   MIXED shelter: a WOMEN_ONLY or MEN_ONLY house cannot be shown to take them.
 * - `acceptsMinors` concerns a referred person who is a minor. Accompanied
 *   children are covered by `acceptsFamilies` (FAMILY_NOT_ACCEPTED).
 * - Region codes are compared after trimming, case-insensitively.
 */
import { DomainError } from './errors';
import {
  AccessibilityFeature,
  AgeBand,
  Gender,
  GenderPolicy,
  ReferralProfile,
  RoomProfile,
  ShelterProfile,
  ShelterStatus,
  householdSize,
  isMinor,
} from './model';
import { adultAgeBands, ageBandMaxAge, roomSharingProblem } from './room-sharing';

/** The hard rules a candidate room must satisfy. String values are stable (stored / sent over the API). */
export enum HardRule {
  SHELTER_CLOSED = 'SHELTER_CLOSED',
  GENDER_POLICY = 'GENDER_POLICY',
  FAMILY_NOT_ACCEPTED = 'FAMILY_NOT_ACCEPTED',
  ROOM_TOO_SMALL = 'ROOM_TOO_SMALL',
  ACCESSIBILITY = 'ACCESSIBILITY',
  EXCLUSION_AREA = 'EXCLUSION_AREA',
  OUTSIDE_ACCEPTABLE_REGIONS = 'OUTSIDE_ACCEPTABLE_REGIONS',
  MINOR_NOT_ACCEPTED = 'MINOR_NOT_ACCEPTED',
  /** The household may not share the room with its current occupants (room-sharing.ts). */
  ROOM_SHARING = 'ROOM_SHARING',
  /** An adult in a shelter for minors that does not take adults of that age (`adultMaxAge`). */
  ADULT_NOT_ACCEPTED = 'ADULT_NOT_ACCEPTED',
}

/** One broken hard rule with a human-readable explanation (no personal data). */
export interface EligibilityViolation {
  rule: HardRule;
  message: string;
}

/** Result of {@link checkEligibility}: `eligible` is true iff `violations` is empty. */
export interface EligibilityResult {
  eligible: boolean;
  violations: EligibilityViolation[];
}

/** Normalises a region code for comparison: trimmed, upper case. */
export function normaliseRegionCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Whether a shelter's gender policy takes a person of this gender.
 * WOMEN_ONLY takes FEMALE only, MEN_ONLY takes MALE only, MIXED takes everyone
 * (including NON_BINARY). Source: model.ts `GenderPolicy`, docs/architecture.md glossary.
 */
export function genderPolicyAccepts(policy: GenderPolicy, gender: Gender): boolean {
  switch (policy) {
    case GenderPolicy.WOMEN_ONLY:
      return gender === Gender.FEMALE;
    case GenderPolicy.MEN_ONLY:
      return gender === Gender.MALE;
    case GenderPolicy.MIXED:
      return true;
    default:
      return false;
  }
}

/**
 * Who of the household a shelter with this gender policy would refuse: the
 * referred person and every adult dependant (ageBand other than UNDER_18) it
 * does not take; an adult dependant with no recorded gender is refused by
 * every policy but MIXED (a single-gender house cannot be shown to take them).
 * Accompanied children are exempt (file header). The one gender predicate:
 * eligibility (GENDER_POLICY) and the provision advice (provision.ts
 * `acceptableGenderPolicies`) both judge gender by it, so the advice never
 * names a policy the rule would refuse.
 * @returns a description of each refused member, in household order (no personal data); empty when the policy takes them all.
 */
export function genderPolicyRefuses(policy: GenderPolicy, household: Pick<ReferralProfile, 'gender' | 'dependants'>): string[] {
  const refused: string[] = [];
  if (!genderPolicyAccepts(policy, household.gender)) refused.push(`referred person (${household.gender})`);
  household.dependants.forEach((d, i) => {
    if (d.ageBand === AgeBand.UNDER_18) return;
    if (d.gender == null) {
      if (policy !== GenderPolicy.MIXED) refused.push(`adult dependant ${i + 1} (gender not recorded)`);
    } else if (!genderPolicyAccepts(policy, d.gender)) {
      refused.push(`adult dependant ${i + 1} (${d.gender})`);
    }
  });
  return refused;
}

function assertNonNegativeInteger(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new DomainError('INVALID_INPUT', `${field} must be a non-negative integer`, field);
  }
}

/**
 * Checks every hard rule for placing the referral's household in `room` of `shelter`.
 *
 * Rules (all from docs/architecture.md, Main flows 2):
 * - SHELTER_CLOSED: `shelter.status` must be OPEN.
 * - GENDER_POLICY: the referred person and every adult dependant must be
 *   accepted by `shelter.genderPolicy` ({@link genderPolicyRefuses}: an adult
 *   dependant of no recorded gender only by MIXED; children are exempt).
 * - FAMILY_NOT_ACCEPTED: a household of more than one needs `shelter.acceptsFamilies`.
 * - ROOM_TOO_SMALL: `room.availableBeds` >= household size (one room per household).
 * - ACCESSIBILITY: every `referral.accessibilityNeeds` entry is in `room.accessibilityFeatures`.
 * - EXCLUSION_AREA: `shelter.regionCode` is not in `referral.exclusionRegions` (trimmed, case-insensitive).
 * - OUTSIDE_ACCEPTABLE_REGIONS: when `referral.acceptableRegions` is non-empty,
 *   `shelter.regionCode` must be one of them (trimmed, case-insensitive).
 * - MINOR_NOT_ACCEPTED: a referred person aged UNDER_18 needs `shelter.acceptsMinors`.
 * - ROOM_SHARING: the household may join `room.occupants` (room-sharing.ts:
 *   same gender, all adults or all unaccompanied minors, no household with
 *   children sharing; an empty room takes anyone).
 * - ADULT_NOT_ACCEPTED: in a shelter for minors (`acceptsMinors`), every adult
 *   of the household (referred person and adult dependants) needs an age band
 *   whose highest age is at most `shelter.adultMaxAge` (null: no adults).
 *
 * Each broken rule appears once in `violations`, in the order above.
 *
 * @throws DomainError INVALID_INPUT (field `room.availableBeds`) if the bed count is not a non-negative integer.
 */
export function checkEligibility(referral: ReferralProfile, shelter: ShelterProfile, room: RoomProfile): EligibilityResult {
  assertNonNegativeInteger(room.availableBeds, 'room.availableBeds');
  const violations: EligibilityViolation[] = [];
  const size = householdSize(referral);

  if (shelter.status !== ShelterStatus.OPEN) {
    violations.push({ rule: HardRule.SHELTER_CLOSED, message: `shelter is ${shelter.status}, not OPEN` });
  }

  const refused = genderPolicyRefuses(shelter.genderPolicy, referral);
  if (refused.length > 0) {
    violations.push({
      rule: HardRule.GENDER_POLICY,
      message: `${shelter.genderPolicy} shelter does not take: ${refused.join(', ')}`,
    });
  }

  if (size > 1 && !shelter.acceptsFamilies) {
    violations.push({
      rule: HardRule.FAMILY_NOT_ACCEPTED,
      message: `household of ${size} but the shelter does not take families`,
    });
  }

  if (room.availableBeds < size) {
    violations.push({
      rule: HardRule.ROOM_TOO_SMALL,
      message: `household of ${size} needs ${size} free beds in one room; room has ${room.availableBeds}`,
    });
  }

  const missing = [...new Set(referral.accessibilityNeeds)].filter((n) => !room.accessibilityFeatures.includes(n));
  if (missing.length > 0) {
    violations.push({ rule: HardRule.ACCESSIBILITY, message: `room lacks: ${missing.join(', ')}` });
  }

  const region = normaliseRegionCode(shelter.regionCode);
  if (referral.exclusionRegions.some((r) => normaliseRegionCode(r) === region)) {
    violations.push({ rule: HardRule.EXCLUSION_AREA, message: `region ${region} is an exclusion area for this referral` });
  }

  const acceptable = referral.acceptableRegions ?? [];
  if (acceptable.length > 0 && !acceptable.some((r) => normaliseRegionCode(r) === region)) {
    violations.push({
      rule: HardRule.OUTSIDE_ACCEPTABLE_REGIONS,
      message: `region ${region} is not one of the referral's acceptable regions`,
    });
  }

  if (isMinor(referral.ageBand) && !shelter.acceptsMinors) {
    violations.push({
      rule: HardRule.MINOR_NOT_ACCEPTED,
      message: 'referred person is under 18 and the shelter does not take minors',
    });
  }

  const sharing = roomSharingProblem(referral, room.occupants);
  if (sharing !== null) violations.push({ rule: HardRule.ROOM_SHARING, message: sharing });

  if (shelter.acceptsMinors) {
    const limit = shelter.adultMaxAge;
    const tooOld = adultAgeBands(referral).filter((band) => limit == null || ageBandMaxAge(band) > limit);
    if (tooOld.length > 0) {
      violations.push({
        rule: HardRule.ADULT_NOT_ACCEPTED,
        message:
          limit == null
            ? `shelter for minors takes no adults (household has adults aged ${tooOld.join(', ')})`
            : `shelter for minors takes adults up to age ${limit} only (household has adults aged ${tooOld.join(', ')})`,
      });
    }
  }

  return { eligible: violations.length === 0, violations };
}

/** The shelter and room a household holds or lives in, as far as the hard rules look at them. */
export interface StaySetting {
  shelter: ShelterProfile;
  /** The features of the household's room. */
  accessibilityFeatures: readonly AccessibilityFeature[];
}

/**
 * The hard rules a household that already holds or occupies beds of a room
 * would break if its shelter or room changed from `before` to `after` (a policy
 * change: gender policy, families, minors and adult ages, region, room
 * features). Only rules broken after and not before count, so a stay that
 * was already outside a rule (e.g. its referral was edited) does not block an
 * unrelated change. Rules about taking someone new do not apply to a household
 * already there: SHELTER_CLOSED (closing is to new referrals), ROOM_TOO_SMALL
 * and ROOM_SHARING (its beds are its own; who may join it is checked when
 * someone joins).
 * @returns the newly broken rules, each once, in {@link checkEligibility}'s order.
 */
export function rulesBrokenByChange(referral: ReferralProfile, before: StaySetting, after: StaySetting): EligibilityViolation[] {
  const violations = (s: StaySetting) =>
    checkEligibility(
      referral,
      { ...s.shelter, status: ShelterStatus.OPEN },
      { accessibilityFeatures: [...s.accessibilityFeatures], availableBeds: householdSize(referral), occupants: [] },
    ).violations;
  const already = new Set(violations(before).map((v) => v.rule));
  return violations(after).filter((v) => !already.has(v.rule));
}
