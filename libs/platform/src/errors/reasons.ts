import type { UnavailableReason } from './errors';

/*
 * Typed reasons: every error Harbour shows a client carries, next to its
 * `extensions.code`, an `extensions.reason` from one enum per domain below,
 * so a client can tell one CONFLICT (or NOT_FOUND, ...) from another without
 * reading the message. Reason values are unique across all the enums.
 * docs/errors.md lists every one with its code and meaning (generated from
 * reason-catalogue.ts: npm run docs:errors).
 */

/** Holds (a bed reserved for a referral, awaiting arrival). */
export enum HoldReason {
  HOLD_NOT_FOUND = 'HOLD_NOT_FOUND',
  HOLD_NOT_ACTIVE = 'HOLD_NOT_ACTIVE',
  HOLD_ALREADY_CONFIRMED = 'HOLD_ALREADY_CONFIRMED',
  HOLD_INVALID_TRANSITION = 'HOLD_INVALID_TRANSITION',
}

/** Placements (a stay in a shelter, from arrival to exit). */
export enum PlacementReason {
  PLACEMENT_NOT_FOUND = 'PLACEMENT_NOT_FOUND',
  PLACEMENT_ENDED = 'PLACEMENT_ENDED',
  PLACEMENT_ALREADY_ENDED = 'PLACEMENT_ALREADY_ENDED',
  PLACEMENT_INVALID_TRANSITION = 'PLACEMENT_INVALID_TRANSITION',
}

/** Referrals (a referred person and their household, as an agency recorded them). */
export enum ReferralReason {
  REFERRAL_NOT_FOUND = 'REFERRAL_NOT_FOUND',
  DUPLICATE_AGENCY_REFERENCE = 'DUPLICATE_AGENCY_REFERENCE',
  REFERRAL_NOT_PLACEABLE = 'REFERRAL_NOT_PLACEABLE',
  REFERRAL_PLACED = 'REFERRAL_PLACED',
  REFERRAL_INVALID_TRANSITION = 'REFERRAL_INVALID_TRANSITION',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
}

/** The network: regions, agencies, shelters, rooms and beds. */
export enum NetworkReason {
  REGION_NOT_FOUND = 'REGION_NOT_FOUND',
  AGENCY_NOT_FOUND = 'AGENCY_NOT_FOUND',
  AGENCY_NAME_TAKEN = 'AGENCY_NAME_TAKEN',
  SHELTER_NOT_FOUND = 'SHELTER_NOT_FOUND',
  SHELTER_CODE_NAME_TAKEN = 'SHELTER_CODE_NAME_TAKEN',
  BED_NOT_FOUND = 'BED_NOT_FOUND',
  BED_STATUS_NOT_MANUAL = 'BED_STATUS_NOT_MANUAL',
  ALERT_NOT_FOUND = 'ALERT_NOT_FOUND',
  CHANGE_BREAKS_STAYS = 'CHANGE_BREAKS_STAYS',
}

/** Escalations (a referral waiting past its urgency's time, for a coordinator to claim and acknowledge). */
export enum EscalationReason {
  ESCALATION_NOT_FOUND = 'ESCALATION_NOT_FOUND',
  ESCALATION_RESOLVED = 'ESCALATION_RESOLVED',
  ESCALATION_ACKNOWLEDGED = 'ESCALATION_ACKNOWLEDGED',
  ESCALATION_CLAIMED_BY_OTHER = 'ESCALATION_CLAIMED_BY_OTHER',
}

/** NRM decisions, stages and recovery periods, and the NRM policy versions that set them. */
export enum RecoveryPeriodReason {
  DECISION_ALREADY_RECORDED = 'DECISION_ALREADY_RECORDED',
  DECISION_NOT_RECORDED = 'DECISION_NOT_RECORDED',
  NO_RECOVERY_PERIOD = 'NO_RECOVERY_PERIOD',
  ALREADY_REFERRED_TO_NRM = 'ALREADY_REFERRED_TO_NRM',
  NOT_IN_MOVE_ON = 'NOT_IN_MOVE_ON',
  NO_MOVE_ON_PERIOD = 'NO_MOVE_ON_PERIOD',
  POLICY_VERSION_NOT_FOUND = 'POLICY_VERSION_NOT_FOUND',
  POLICY_VERSION_EXISTS = 'POLICY_VERSION_EXISTS',
  POLICY_VERSION_IN_FORCE = 'POLICY_VERSION_IN_FORCE',
}

/** Requests as such: idempotency keys, the adjustable clock. */
export enum RequestReason {
  CLIENT_MUTATION_ID_REUSED = 'CLIENT_MUTATION_ID_REUSED',
  CLOCK_NOT_ADJUSTABLE = 'CLOCK_NOT_ADJUSTABLE',
}

/** Signing in: the bearer token (UNAUTHENTICATED). */
export enum AuthReason {
  TOKEN_MISSING = 'TOKEN_MISSING',
  AUTHORIZATION_HEADER_MALFORMED = 'AUTHORIZATION_HEADER_MALFORMED',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_UNVERIFIABLE = 'TOKEN_UNVERIFIABLE',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  /** The claim-mapping reasons (apps/api/src/auth/claims-mapping.ts). */
  ROLE_UNMAPPED = 'ROLE_UNMAPPED',
  ROLE_AMBIGUOUS = 'ROLE_AMBIGUOUS',
  CLAIM_INVALID = 'CLAIM_INVALID',
}

/** Access: what the caller's role and scope allow (FORBIDDEN). */
export enum AccessReason {
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  FIELD_NOT_ALLOWED = 'FIELD_NOT_ALLOWED',
  OTHER_SHELTER = 'OTHER_SHELTER',
  OTHER_AGENCY = 'OTHER_AGENCY',
  COORDINATOR_ONLY_CHANGE = 'COORDINATOR_ONLY_CHANGE',
}

/** Surge intake: many referrals in one call (bulkCreateReferrals). */
export enum SurgeReason {
  BULK_EMPTY = 'BULK_EMPTY',
  BULK_TOO_LARGE = 'BULK_TOO_LARGE',
  BULK_REFERRALS_REFUSED = 'BULK_REFERRALS_REFUSED',
}

/** Notifications and their targets: webhook URLs and coordinators' email addresses. */
export enum NotificationReason {
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  WEBHOOK_URL_INVALID = 'WEBHOOK_URL_INVALID',
  WEBHOOK_URL_BLOCKED = 'WEBHOOK_URL_BLOCKED',
  EMAIL_ADDRESS_INVALID = 'EMAIL_ADDRESS_INVALID',
  TOO_MANY_EMAIL_ADDRESSES = 'TOO_MANY_EMAIL_ADDRESSES',
}

/** Input validation in general (BAD_USER_INPUT); `field` names the input at fault. */
export enum ValidationReason {
  REQUIRED = 'REQUIRED',
  TOO_LONG = 'TOO_LONG',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  INVALID_FORMAT = 'INVALID_FORMAT',
  UNKNOWN_VALUE = 'UNKNOWN_VALUE',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  DATE_IN_PAST = 'DATE_IN_PAST',
  DATE_ORDER = 'DATE_ORDER',
  INCONSISTENT = 'INCONSISTENT',
  INVALID_VALUE = 'INVALID_VALUE',
}

/** Any reason of any domain: what `extensions.reason` holds. */
export type ErrorReason =
  | HoldReason
  | PlacementReason
  | ReferralReason
  | NetworkReason
  | EscalationReason
  | RecoveryPeriodReason
  | RequestReason
  | AuthReason
  | AccessReason
  | SurgeReason
  | NotificationReason
  | ValidationReason
  | UnavailableReason;

/** The NOT_FOUND reason of each kind of record (NotFoundError's `entity`). */
export const NOT_FOUND_REASONS = {
  Agency: NetworkReason.AGENCY_NOT_FOUND,
  Alert: NetworkReason.ALERT_NOT_FOUND,
  Bed: NetworkReason.BED_NOT_FOUND,
  Escalation: EscalationReason.ESCALATION_NOT_FOUND,
  Hold: HoldReason.HOLD_NOT_FOUND,
  Notification: NotificationReason.NOTIFICATION_NOT_FOUND,
  NrmPolicyVersion: RecoveryPeriodReason.POLICY_VERSION_NOT_FOUND,
  Placement: PlacementReason.PLACEMENT_NOT_FOUND,
  Referral: ReferralReason.REFERRAL_NOT_FOUND,
  Region: NetworkReason.REGION_NOT_FOUND,
  Shelter: NetworkReason.SHELTER_NOT_FOUND,
} as const;

/** A kind of record NotFoundError can name. */
export type NotFoundEntity = keyof typeof NOT_FOUND_REASONS;
