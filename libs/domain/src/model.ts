/**
 * Harbour's shared vocabulary: the enums and plain shapes that the pure domain
 * rules work on. No Nest, no I/O. Names follow the glossary in docs/architecture.md.
 */

/** Who a user is acting as. Carried in the bearer token (`role` claim). */
export enum Role {
  COORDINATOR = 'COORDINATOR',
  SHELTER_STAFF = 'SHELTER_STAFF',
  REFERRAL_OFFICER = 'REFERRAL_OFFICER',
  /** Reads the audit trail (auditEvents, auditChain) and nothing personal: no referrals, locations or notes. */
  AUDITOR = 'AUDITOR',
  /** Funders and commissioners: aggregate reports (with small counts suppressed) and nothing personal or locational. */
  COMMISSIONER = 'COMMISSIONER',
  /** The worker process acting on its own behalf. */
  SERVICE = 'SERVICE',
}

/** Self-identified gender of the referred person (no sex-at-birth is stored). */
export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  NON_BINARY = 'NON_BINARY',
}

/** Who a safe house takes. WOMEN_ONLY takes FEMALE, MEN_ONLY takes MALE, MIXED takes everyone. */
export enum GenderPolicy {
  WOMEN_ONLY = 'WOMEN_ONLY',
  MEN_ONLY = 'MEN_ONLY',
  MIXED = 'MIXED',
}

/** Age in bands, never a date of birth (data minimisation). UNDER_18 is a minor. */
export enum AgeBand {
  UNDER_18 = 'UNDER_18',
  AGE_18_24 = 'AGE_18_24',
  AGE_25_34 = 'AGE_25_34',
  AGE_35_44 = 'AGE_35_44',
  AGE_45_54 = 'AGE_45_54',
  AGE_55_PLUS = 'AGE_55_PLUS',
}

/** Exploitation types as recorded by the UK National Referral Mechanism. */
export enum ExploitationType {
  SEXUAL = 'SEXUAL',
  LABOUR = 'LABOUR',
  DOMESTIC_SERVITUDE = 'DOMESTIC_SERVITUDE',
  CRIMINAL = 'CRIMINAL',
  ORGAN_REMOVAL = 'ORGAN_REMOVAL',
  OTHER = 'OTHER',
}

/** Accessibility features of a room, and the matching needs of a household. */
export enum AccessibilityFeature {
  WHEELCHAIR = 'WHEELCHAIR',
  STEP_FREE = 'STEP_FREE',
  HEARING_LOOP = 'HEARING_LOOP',
  VISUAL_SUPPORT = 'VISUAL_SUPPORT',
}

/** Live state of one bed space. */
export enum BedStatus {
  AVAILABLE = 'AVAILABLE',
  HELD = 'HELD',
  OCCUPIED = 'OCCUPIED',
  OUT_OF_SERVICE = 'OUT_OF_SERVICE',
}

/** Whether a shelter takes new referrals at all. */
export enum ShelterStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/** How soon a bed is needed. EMERGENCY means tonight. */
export enum Urgency {
  EMERGENCY = 'EMERGENCY',
  URGENT = 'URGENT',
  ROUTINE = 'ROUTINE',
}

/** Availability categories used by `availability` and capacity alert rules. */
export enum BedCategory {
  ALL = 'ALL',
  WOMEN_ONLY = 'WOMEN_ONLY',
  MEN_ONLY = 'MEN_ONLY',
  MIXED = 'MIXED',
  FAMILY = 'FAMILY',
  ACCESSIBLE = 'ACCESSIBLE',
  MINORS = 'MINORS',
}

/** A dependant in the household (a child or an adult who moves with the referred person). */
export interface Dependant {
  ageBand: AgeBand;
  gender?: Gender | null;
}

/** The household-relevant part of a referral, as the matching rules see it. */
export interface ReferralProfile {
  gender: Gender;
  ageBand: AgeBand;
  dependants: Dependant[];
  languages: string[];
  exploitationTypes: ExploitationType[];
  accessibilityNeeds: AccessibilityFeature[];
  /** Region codes the person must not be placed in (traffickers' area). */
  exclusionRegions: string[];
  /** Region codes preferred, best first. */
  preferredRegions: string[];
  /**
   * When non-empty, the only regions the household may be placed in (a hard
   * rule: e.g. the person must stay within reach of a family court or of the
   * investigating force). Empty or missing = anywhere not excluded.
   */
  acceptableRegions?: string[];
}

/** The shelter-relevant facts of one candidate placement, as the matching rules see them. */
export interface ShelterProfile {
  status: ShelterStatus;
  regionCode: string;
  genderPolicy: GenderPolicy;
  acceptsFamilies: boolean;
  /** A shelter for minors (takes a referred person under 18). */
  acceptsMinors: boolean;
  /**
   * For a shelter for minors (`acceptsMinors`): the oldest age of an adult it
   * takes (18..120; e.g. 24 for youth beds for people under 25), or null when
   * it takes no adults. Ignored for a shelter that does not take minors.
   */
  adultMaxAge: number | null;
  languages: string[];
  specialisms: ExploitationType[];
  /** Total bed spaces in the shelter (all statuses). */
  totalBeds: number;
  /** Beds currently HELD or OCCUPIED. */
  usedBeds: number;
}

/** One room with its free beds, the unit a household is placed in. */
export interface RoomProfile {
  accessibilityFeatures: AccessibilityFeature[];
  /** Bed spaces in the room that are AVAILABLE right now. */
  availableBeds: number;
  /**
   * The households holding or occupying the room's other beds now (a hold or a
   * placement each); empty for an empty room. Who may join them: room-sharing.ts.
   */
  occupants: ReadonlyArray<Occupant>;
}

/**
 * A household holding or occupying beds of a room, as the room-sharing rule
 * sees it. `gender` null: not known (e.g. a resident from before the records):
 * nobody may share a room with them.
 */
export interface Occupant {
  gender: Gender | null;
  ageBand: AgeBand;
  dependants: readonly Dependant[];
}

/** Household size: the referred person plus every dependant. */
export function householdSize(referral: Pick<ReferralProfile, 'dependants'>): number {
  return 1 + referral.dependants.length;
}

/** True for the UNDER_18 band. */
export function isMinor(ageBand: AgeBand): boolean {
  return ageBand === AgeBand.UNDER_18;
}
