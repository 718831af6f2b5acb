import { ErrorCode, UnavailableReason } from './errors';
import {
  EscalationReason,
  HoldReason,
  NetworkReason,
  NotificationReason,
  PlacementReason,
  RecoveryPeriodReason,
  ReferralReason,
  RequestReason,
  type ErrorReason,
  AuthReason,
  AccessReason,
  SurgeReason,
  ValidationReason,
} from './reasons';

/** One reason's entry in the catalogue: the code it comes with and what it means. */
export interface ReasonEntry {
  reason: string;
  code: ErrorCode;
  meaning: string;
}

/** One domain's enum in the catalogue. */
export interface ReasonDomain {
  /** The enum's name in code. */
  name: string;
  /** What the domain covers. */
  title: string;
  reasons: ReasonEntry[];
}

/** Builds a domain's catalogue entry; `meanings` must name every value of the enum (checked by the compiler). */
function domain<E extends string>(name: string, title: string, meanings: Record<E, [ErrorCode, string]>): ReasonDomain {
  return {
    name,
    title,
    reasons: (Object.entries(meanings) as [string, [ErrorCode, string]][]).map(([reason, [code, meaning]]) => ({ reason, code, meaning })),
  };
}

const { BAD_USER_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, SERVICE_UNAVAILABLE, UNAUTHENTICATED } = ErrorCode;

/** Every reason of every domain, with its code and meaning (docs/errors.md is generated from it). */
export const REASON_CATALOGUE: readonly ReasonDomain[] = [
  domain<HoldReason>('HoldReason', 'Holds', {
    HOLD_NOT_FOUND: [NOT_FOUND, 'No such hold, or not one the caller may see (a hold at another shelter is reported as not found).'],
    HOLD_NOT_ACTIVE: [CONFLICT, 'The hold has already been confirmed, declined, cancelled or has expired: only an ACTIVE hold can be acted on.'],
    HOLD_ALREADY_CONFIRMED: [CONFLICT, 'The hold was already confirmed with an arrival (the message gives the date).'],
    HOLD_INVALID_TRANSITION: [CONFLICT, 'The hold cannot go from its status to the one asked for.'],
  }),
  domain<PlacementReason>('PlacementReason', 'Placements', {
    PLACEMENT_NOT_FOUND: [NOT_FOUND, 'No such placement, or not one the caller may see.'],
    PLACEMENT_ENDED: [CONFLICT, 'The placement has ended: it can no longer be changed.'],
    PLACEMENT_ALREADY_ENDED: [CONFLICT, 'The placement already ended (the message gives the date and exit reason).'],
    PLACEMENT_INVALID_TRANSITION: [CONFLICT, 'The placement cannot go from its status to the one asked for.'],
  }),
  domain<ReferralReason>('ReferralReason', 'Referrals', {
    REFERRAL_NOT_FOUND: [NOT_FOUND, 'No such referral, or one of another agency (reported as not found, so ids cannot be probed).'],
    DUPLICATE_AGENCY_REFERENCE: [CONFLICT, 'The agency already has a referral with this agency reference.'],
    REFERRAL_NOT_PLACEABLE: [CONFLICT, 'The referral’s status allows no placement request (it is held, placed, exited or withdrawn).'],
    REFERRAL_PLACED: [CONFLICT, 'The referral is placed: end the placement instead of withdrawing it.'],
    REFERRAL_INVALID_TRANSITION: [CONFLICT, 'The referral cannot go from its status to the one asked for.'],
    CONSENT_REQUIRED: [BAD_USER_INPUT, 'An adult is referred only with their consent: set consentGiven.'],
  }),
  domain<NetworkReason>('NetworkReason', 'The network: regions, agencies, shelters and beds', {
    REGION_NOT_FOUND: [NOT_FOUND, 'No region has this code.'],
    AGENCY_NOT_FOUND: [NOT_FOUND, 'No such agency.'],
    AGENCY_NAME_TAKEN: [CONFLICT, 'Another agency already has this name.'],
    SHELTER_NOT_FOUND: [NOT_FOUND, 'No such shelter, or not one the caller may manage.'],
    SHELTER_CODE_NAME_TAKEN: [CONFLICT, 'Another shelter already has this code name.'],
    BED_NOT_FOUND: [NOT_FOUND, 'No such bed, or not one at the caller’s shelters.'],
    BED_STATUS_NOT_MANUAL: [CONFLICT, 'Only AVAILABLE and OUT_OF_SERVICE are set by hand; HELD and OCCUPIED come and go with holds and placements.'],
    ALERT_NOT_FOUND: [NOT_FOUND, 'No such capacity alert.'],
    CHANGE_BREAKS_STAYS: [
      CONFLICT,
      'A change to a shelter, room or bed would break a hard rule for a current hold or placement: `conflicts` lists each (kind, id, rule, message); nothing was changed.',
    ],
  }),
  domain<EscalationReason>('EscalationReason', 'Escalations', {
    ESCALATION_NOT_FOUND: [NOT_FOUND, 'No such escalation.'],
    ESCALATION_RESOLVED: [CONFLICT, 'The escalation is already resolved (the referral was offered a bed or left the waitlist).'],
    ESCALATION_ACKNOWLEDGED: [CONFLICT, 'The escalation is already acknowledged (the message says by whom and when).'],
    ESCALATION_CLAIMED_BY_OTHER: [CONFLICT, 'Another coordinator has claimed the escalation (the message names them): only they can acknowledge it.'],
  }),
  domain<RecoveryPeriodReason>('RecoveryPeriodReason', 'NRM decisions, stages and recovery periods', {
    DECISION_ALREADY_RECORDED: [
      CONFLICT,
      'A decision of this type is already recorded with another outcome or date: correct it with correctDecision, giving a reason.',
    ],
    DECISION_NOT_RECORDED: [CONFLICT, 'No decision of this type is recorded to correct: record it with recordDecision.'],
    NO_RECOVERY_PERIOD: [CONFLICT, 'The placement has no recovery period yet: it begins with a positive reasonable grounds decision.'],
    ALREADY_REFERRED_TO_NRM: [CONFLICT, 'The placement was already referred into the NRM (the message gives the date).'],
    NOT_IN_MOVE_ON: [CONFLICT, 'A Recovery Needs Assessment extends move-on only, and the placement is at another stage.'],
    NO_MOVE_ON_PERIOD: [CONFLICT, 'The policy version in force sets no move-on period to extend.'],
    POLICY_VERSION_NOT_FOUND: [NOT_FOUND, 'No such NRM policy version.'],
    POLICY_VERSION_EXISTS: [CONFLICT, 'The jurisdiction already has a policy version from this date.'],
    POLICY_VERSION_IN_FORCE: [CONFLICT, 'The policy version is in force, and versions in force are immutable: add one from a future date instead.'],
  }),
  domain<RequestReason>('RequestReason', 'Requests: idempotency keys and the adjustable clock', {
    CLIENT_MUTATION_ID_REUSED: [CONFLICT, 'The clientMutationId was already used for a different request of this mutation.'],
    CLOCK_NOT_ADJUSTABLE: [CONFLICT, 'The clock (and with it the assignment windows) can be moved only when CLOCK_MODE=adjustable.'],
  }),
  domain<AuthReason>('AuthReason', 'Signing in: the bearer token', {
    TOKEN_MISSING: [UNAUTHENTICATED, 'No bearer token was sent, and the operation needs one.'],
    AUTHORIZATION_HEADER_MALFORMED: [UNAUTHENTICATED, 'The Authorization header is not "Bearer <token>".'],
    TOKEN_EXPIRED: [UNAUTHENTICATED, 'The bearer token has expired (or is older than the longest token age): ask for a new one.'],
    TOKEN_INVALID: [UNAUTHENTICATED, 'The bearer token is malformed, wrongly signed, or for another issuer or audience.'],
    TOKEN_UNVERIFIABLE: [UNAUTHENTICATED, 'The token could not be checked now (for example the identity provider’s keys could not be fetched).'],
    TOKEN_REVOKED: [UNAUTHENTICATED, 'The bearer token has been revoked: ask for a new one.'],
    ROLE_UNMAPPED: [UNAUTHENTICATED, 'The token’s role claim (`claim`) names no Harbour role.'],
    ROLE_AMBIGUOUS: [UNAUTHENTICATED, 'The token’s role claim (`claim`) names more than one Harbour role.'],
    CLAIM_INVALID: [UNAUTHENTICATED, 'A claim (`claim`) is missing or malformed for the role, e.g. a member of staff with no shelters.'],
  }),
  domain<AccessReason>('AccessReason', 'Access: what the caller’s role and scope allow', {
    ROLE_NOT_ALLOWED: [FORBIDDEN, 'The caller’s role may not use this query or mutation (docs/access.md).'],
    FIELD_NOT_ALLOWED: [FORBIDDEN, 'The caller’s role may not read this field (docs/access.md).'],
    OTHER_SHELTER: [FORBIDDEN, 'The field or action is only for staff of that shelter.'],
    OTHER_AGENCY: [FORBIDDEN, 'Officers act only for their own agency.'],
    COORDINATOR_ONLY_CHANGE: [FORBIDDEN, 'Only coordinators change this part of a shelter (the message names it).'],
  }),
  domain<SurgeReason>('SurgeReason', 'Surge intake: many referrals in one call', {
    BULK_EMPTY: [BAD_USER_INPUT, 'The call gave no referrals.'],
    BULK_TOO_LARGE: [BAD_USER_INPUT, 'More referrals than one call takes: split the surge.'],
    BULK_REFERRALS_REFUSED: [BAD_USER_INPUT, 'Some referrals were refused, so none was created: `problems` lists each (index, field, code, message).'],
  }),
  domain<NotificationReason>('NotificationReason', 'Notifications and their targets: webhook URLs and email addresses', {
    NOTIFICATION_NOT_FOUND: [NOT_FOUND, 'No such notification, or not one addressed to the caller.'],
    WEBHOOK_URL_INVALID: [BAD_USER_INPUT, 'The webhook URL is missing, too long, not an absolute http(s) URL (https in production), or carries credentials.'],
    WEBHOOK_URL_BLOCKED: [
      BAD_USER_INPUT,
      'The webhook URL points at an address Harbour never calls: cloud metadata, private, loopback or other special ranges.',
    ],
    EMAIL_ADDRESS_INVALID: [BAD_USER_INPUT, 'An email address is blank, too long or not an address.'],
    TOO_MANY_EMAIL_ADDRESSES: [BAD_USER_INPUT, 'More email addresses than a list takes.'],
  }),
  domain<ValidationReason>('ValidationReason', 'Input validation (`field` names the input at fault)', {
    REQUIRED: [BAD_USER_INPUT, 'A value that must be given is missing or blank (e.g. the reason for an extension or a correction).'],
    TOO_LONG: [BAD_USER_INPUT, 'A text is longer than its limit (the message gives it).'],
    OUT_OF_RANGE: [BAD_USER_INPUT, 'A number or a list size is outside its range (the message gives it).'],
    INVALID_FORMAT: [BAD_USER_INPUT, 'A value is not in its format: a UUID, a date YYYY-MM-DD, a code, a cursor, text without control characters.'],
    UNKNOWN_VALUE: [BAD_USER_INPUT, 'A value names nothing Harbour knows: a region, an agency, a queue, a kind or a dimension.'],
    DATE_IN_FUTURE: [BAD_USER_INPUT, 'A date that must not be after today is.'],
    DATE_IN_PAST: [BAD_USER_INPUT, 'A date that must be in the future (or recent enough) is not.'],
    DATE_ORDER: [
      BAD_USER_INPUT,
      'Dates are out of order, e.g. an end before an arrival, or a conclusive grounds decision too soon after the reasonable grounds one.',
    ],
    INCONSISTENT: [BAD_USER_INPUT, 'Values contradict each other or what is recorded, e.g. a region both preferred and excluded.'],
    INVALID_VALUE: [BAD_USER_INPUT, 'Any other value the input rules refuse (the message says which rule).'],
  }),
  domain<UnavailableReason>('UnavailableReason', 'The database could not do the work now (always safe to retry after retryAfter seconds)', {
    DATABASE_UNREACHABLE: [SERVICE_UNAVAILABLE, 'The database connection was lost or could not be made.'],
    DEADLOCK: [SERVICE_UNAVAILABLE, 'PostgreSQL rolled the transaction back to break a deadlock with a concurrent one (SQLSTATE 40P01).'],
    SERIALIZATION_FAILURE: [SERVICE_UNAVAILABLE, 'A concurrent change got in the way (serialization failure, SQLSTATE 40001).'],
    LOCK_TIMEOUT: [SERVICE_UNAVAILABLE, 'A lock was not granted in time (SQLSTATE 55P03).'],
    STATEMENT_TIMEOUT: [SERVICE_UNAVAILABLE, 'A statement ran or waited past its time limit (SQLSTATE 57014).'],
  }),
];

/** `error.reason` when it is a catalogued reason (a DomainError of libs/domain carries a plain string), else `fallback`. */
export function reasonOr(error: unknown, fallback: ErrorReason): ErrorReason {
  const reason = (error as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && isErrorReason(reason) ? reason : fallback;
}

const ALL_REASONS = new Set<string>(REASON_CATALOGUE.flatMap((d) => d.reasons.map((r) => r.reason)));

/** Whether `value` is a reason of the catalogue (for reasons raised as plain strings, e.g. by libs/domain). */
export function isErrorReason(value: string): value is ErrorReason {
  return ALL_REASONS.has(value);
}

/** docs/errors.md: every code and reason with its meaning, from {@link REASON_CATALOGUE}. */
export function errorsDoc(): string {
  const lines = [
    '# Errors',
    '',
    '<!-- Generated by `npm run docs:errors` from libs/platform/src/errors/reason-catalogue.ts: do not edit by hand. -->',
    '',
    'Every error Harbour returns in a GraphQL response carries `extensions.code`, and, for the errors below,',
    '`extensions.reason`: one value of one enum per domain, so a client can tell one `CONFLICT` (or',
    '`NOT_FOUND`, ...) from another without reading the message, which is for people and may change.',
    'Reason values are unique across the enums. Errors of the GraphQL layer itself (a query that does not parse',
    'or validate: `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_REQUEST`, and `BAD_USER_INPUT` for a',
    'variable that does not match its type) and `INTERNAL_SERVER_ERROR` carry no reason.',
    '',
  ];
  for (const d of REASON_CATALOGUE) {
    lines.push(`## ${d.title}`, '', `\`${d.name}\``, '', '| code | reason | meaning |', '|---|---|---|');
    for (const r of d.reasons) lines.push(`| \`${r.code}\` | \`${r.reason}\` | ${r.meaning} |`);
    lines.push('');
  }
  return lines.join('\n');
}
