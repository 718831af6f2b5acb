/**
 * Minimal builders for tests: a valid, eligible-by-default referral, shelter
 * and room (a single FEMALE adult; an open MIXED shelter with room for families
 * and minors; a two-bed step-free empty room). Override only what a test is about.
 */
import { AccessibilityFeature, AgeBand, Gender, GenderPolicy, ReferralProfile, RoomProfile, ShelterProfile, ShelterStatus } from '../model';

/** A referral profile: FEMALE, 25-34, alone, no languages, needs, exclusions or preferences. */
export function aReferral(overrides: Partial<ReferralProfile> = {}): ReferralProfile {
  return {
    gender: Gender.FEMALE,
    ageBand: AgeBand.AGE_25_34,
    dependants: [],
    languages: [],
    exploitationTypes: [],
    accessibilityNeeds: [],
    exclusionRegions: [],
    preferredRegions: [],
    ...overrides,
  };
}

/** A shelter profile: OPEN, MIXED, region CA-100, takes families, minors and adults of any age, 10 beds, 0 used. */
export function aShelter(overrides: Partial<ShelterProfile> = {}): ShelterProfile {
  return {
    status: ShelterStatus.OPEN,
    regionCode: 'CA-100',
    genderPolicy: GenderPolicy.MIXED,
    acceptsFamilies: true,
    acceptsMinors: true,
    adultMaxAge: 120,
    languages: ['en'],
    specialisms: [],
    totalBeds: 10,
    usedBeds: 0,
    ...overrides,
  };
}

/** A room profile: 2 available beds, STEP_FREE, nobody else in it. */
export function aRoom(overrides: Partial<RoomProfile> = {}): RoomProfile {
  return {
    accessibilityFeatures: [AccessibilityFeature.STEP_FREE],
    availableBeds: 2,
    occupants: [],
    ...overrides,
  };
}
