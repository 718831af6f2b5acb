import { Role } from '@harbour/domain';

/**
 * The access matrix: role × GraphQL type × field → ALLOW, DENY or a named
 * scope. The one written source of who may read and do what over GraphQL
 * (issue 3, "Least privilege, field by field"):
 *
 * - the API enforces it (apps/api `AccessGuard` for every root query and
 *   mutation, `accessFieldMiddleware` for every field of every object type);
 *   a scope cell lets the request through to the scope check of
 *   identity/access.ts and the services, which answer NOT_FOUND (root) or
 *   null (nested) outside the scope;
 * - docs/access.md is generated from it (`npm run docs:access`);
 * - a unit test fails when schema.gql has a type or field it does not cover;
 * - test/access-matrix.e2e-spec.ts walks every role through every cell.
 *
 * SERVICE is the worker's identity: it never holds a token (tokens naming it
 * are refused as UNAUTHENTICATED), so every GraphQL cell is DENY; in-process
 * the worker acts through the services with full scope (access.ts).
 */

/** A scope: the role may read or act, but only on these records. */
export enum Scope {
  /** Shelter staff: records of the shelters in their token's `shelterIds`. */
  OWN_SHELTER = 'OWN_SHELTER',
  /** Referral officers: their agency's referrals and the holds, placements, waitlist entries and decisions of those referrals. */
  OWN_AGENCY = 'OWN_AGENCY',
  /** Shelter staff: referrals held (ACTIVE hold) or placed (CONFIRMED hold) at one of their shelters, with their decisions and agency. */
  HELD_OR_PLACED_WITH_OWN_SHELTER = 'HELD_OR_PLACED_WITH_OWN_SHELTER',
  /** Referral officers: a shelter that holds or has held or housed one of their agency's referrals (never its location). */
  SHELTER_OF_OWN_AGENCY_REFERRAL = 'SHELTER_OF_OWN_AGENCY_REFERRAL',
}

/** One cell: allowed outright, refused (FORBIDDEN, or null with FORBIDDEN on a field), or allowed within a scope. */
export type Access = 'ALLOW' | 'DENY' | Scope;

/** Access of every role to one type or field. */
export type RoleAccess = Readonly<Record<Role, Access>>;

/** Roles in matrix (and documentation) order. */
export const MATRIX_ROLES: readonly Role[] = [Role.COORDINATOR, Role.SHELTER_STAFF, Role.REFERRAL_OFFICER, Role.AUDITOR, Role.COMMISSIONER, Role.SERVICE];

/** Builds a RoleAccess; roles not named are DENY. */
function roles(cells: Partial<Record<Role, Access>>): RoleAccess {
  return Object.fromEntries(MATRIX_ROLES.map((r) => [r, cells[r] ?? 'DENY'])) as RoleAccess;
}

const { OWN_SHELTER, OWN_AGENCY, HELD_OR_PLACED_WITH_OWN_SHELTER, SHELTER_OF_OWN_AGENCY_REFERRAL } = Scope;

/** Coordinators only. */
const COORDINATORS = roles({ COORDINATOR: 'ALLOW' });
/** The audit trail: coordinators and auditors. */
const AUDIT = roles({ COORDINATOR: 'ALLOW', AUDITOR: 'ALLOW' });
/** Every user who logs in. */
const EVERY_USER = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: 'ALLOW', REFERRAL_OFFICER: 'ALLOW', AUDITOR: 'ALLOW', COMMISSIONER: 'ALLOW' });
/** Aggregate reports (suppressed, nothing personal or locational): coordinators and commissioners. */
const REPORTS = roles({ COORDINATOR: 'ALLOW', COMMISSIONER: 'ALLOW' });
/** Non-personal network reference data (regions, free-bed counts): the roles that place people. */
const NETWORK = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: 'ALLOW', REFERRAL_OFFICER: 'ALLOW' });
/** Shelter-side records (holds, placements): staff their shelters', officers their agency's. */
const PLACEMENT_RECORD = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER, REFERRAL_OFFICER: OWN_AGENCY });
/** Referral details. */
const REFERRAL = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: HELD_OR_PLACED_WITH_OWN_SHELTER, REFERRAL_OFFICER: OWN_AGENCY });
/** A shelter's code name, region, policy, contact line and counts. */
const SHELTER = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER, REFERRAL_OFFICER: SHELTER_OF_OWN_AGENCY_REFERRAL });
/** A shelter's location and layout (address, postcode, coordinates, rooms, beds): never officers. */
const SHELTER_LOCATION = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER });
/** The waitlist and matching: officers their agency's. */
const AGENCY_ONLY = roles({ COORDINATOR: 'ALLOW', REFERRAL_OFFICER: OWN_AGENCY });

/** The caller's own notification inbox: officers their agency's, staff their shelters', coordinators the coordinators'. */
const INBOX = roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER, REFERRAL_OFFICER: OWN_AGENCY });

/** Marks a field that has the access of its type. */
export const SAME_AS_TYPE = 'SAME_AS_TYPE' as const;

/** One object type: who may see objects of it, and each field (SAME_AS_TYPE or narrower). */
export interface TypeAccess {
  /** Who may see objects of this type at all (wherever they are reached). */
  type: RoleAccess;
  /** Every field of the type. */
  fields: Readonly<Record<string, typeof SAME_AS_TYPE | RoleAccess>>;
}

/** A type whose fields all have the type's access. */
function plain(type: RoleAccess, fields: string[], narrower: Record<string, RoleAccess> = {}): TypeAccess {
  return { type, fields: { ...Object.fromEntries(fields.map((f) => [f, SAME_AS_TYPE])), ...narrower } };
}

const CONNECTION = ['edges', 'pageInfo', 'totalCount'];
const EDGE = ['cursor', 'node'];

/** Every object type of schema.gql except Query and Mutation (see ROOT_ACCESS). */
export const TYPE_ACCESS: Readonly<Record<string, TypeAccess>> = {
  Agency: plain(
    roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: HELD_OR_PLACED_WITH_OWN_SHELTER, REFERRAL_OFFICER: OWN_AGENCY }),
    ['createdAt', 'id', 'kind', 'name'],
    {
      webhookUrl: COORDINATORS,
      email: COORDINATORS,
    },
  ),
  Alert: plain(COORDINATORS, [
    'acknowledgedAt',
    'category',
    'freeBedsAtOpen',
    'freeBedsAtResolve',
    'id',
    'openedAt',
    'regionCode',
    'resolvedAt',
    'rule',
    'status',
  ]),
  AlertConnection: plain(COORDINATORS, CONNECTION),
  AlertEdge: plain(COORDINATORS, EDGE),
  AlertRule: plain(COORDINATORS, ['active', 'category', 'createdAt', 'id', 'regionCode', 'resolveAt', 'threshold']),
  AlertRuleConnection: plain(COORDINATORS, CONNECTION),
  AlertRuleEdge: plain(COORDINATORS, EDGE),
  AssignmentRun: plain(PLACEMENT_RECORD, [
    'explanation',
    'freeRooms',
    'maxScore',
    'objective',
    'offers',
    'policy',
    'ranAt',
    'regionCodes',
    'runId',
    'solverStatus',
    'value',
    'waitingReferrals',
  ]),
  AuditChainStatus: plain(AUDIT, ['checked', 'firstBadSeq', 'ok', 'problem', 'unsealed']),
  AuditEvent: plain(AUDIT, ['action', 'actor', 'at', 'chainSeq', 'entityId', 'entityType', 'hash', 'id', 'ip', 'role']),
  AuditEventConnection: plain(AUDIT, CONNECTION),
  AuditEventEdge: plain(AUDIT, EDGE),
  BulkCreateReferralsResult: plain(AGENCY_ONLY, ['holdsOffered', 'noSuitableProvision', 'objective', 'referrals', 'runs', 'solverStatus', 'stillWaiting']),
  BedsChange: plain(roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER, REFERRAL_OFFICER: 'ALLOW' }), ['regionCodes', 'shelterIds']),
  Bed: plain(SHELTER_LOCATION, ['expectedReturn', 'id', 'label', 'outOfServiceReason', 'status', 'statusChangedAt']),
  ClockState: plain(EVERY_USER, ['mode', 'now', 'offsetMs', 'today']),
  Decision: plain(REFERRAL, ['decidedOn', 'id', 'outcome', 'recordedAt', 'type']),
  Dependant: plain(REFERRAL, ['ageBand', 'gender']),
  Escalation: plain(COORDINATORS, [
    'acknowledgedAt',
    'acknowledgedBy',
    'claimedAt',
    'claimedBy',
    'dueAt',
    'id',
    'openedAt',
    'referral',
    'regionCodes',
    'resolution',
    'resolvedAt',
    'status',
    'urgency',
    'waitingSince',
  ]),
  EscalationConnection: plain(COORDINATORS, CONNECTION),
  EscalationEdge: plain(COORDINATORS, EDGE),
  FailedJobType: plain(COORDINATORS, ['attemptsMade', 'data', 'failedAt', 'failedReason', 'id', 'name', 'queue']),
  Hold: plain(
    PLACEMENT_RECORD,
    [
      'acceptedAt',
      'assignment',
      'createdAt',
      'declineReason',
      'expiresAt',
      'handoverState',
      'id',
      'priority',
      'priorityReasons',
      'reasons',
      'resolvedAt',
      'score',
      'shelter',
      'source',
      'status',
    ],
    {
      referral: REFERRAL,
      // Which room and beds to prepare: the shelter's layout, never officers.
      room: SHELTER_LOCATION,
      beds: SHELTER_LOCATION,
    },
  ),
  HoldConnection: plain(PLACEMENT_RECORD, CONNECTION),
  HoldEdge: plain(PLACEMENT_RECORD, EDGE),
  InboxNotification: plain(INBOX, ['actedAt', 'audienceType', 'createdAt', 'id', 'kind', 'link', 'payload', 'readAt']),
  InboxNotificationConnection: plain(INBOX, CONNECTION),
  InboxNotificationEdge: plain(INBOX, EDGE),
  HoldOffered: plain(AGENCY_ONLY, ['hold']),
  MatchCandidate: plain(AGENCY_ONLY, ['availableBeds', 'codeName', 'reasons', 'regionCode', 'roomId', 'score', 'shelterId']),
  Me: plain(EVERY_USER, ['agencyId', 'role', 'shelterIds', 'sub']),
  NoSuitableProvision: plain(AGENCY_ONLY, [
    'checkedAt',
    'excludedOnlyByCombination',
    'exclusions',
    'need',
    'notifiedRegions',
    'referral',
    'sheltersConsidered',
  ]),
  Notification: plain(COORDINATORS, [
    'attempts',
    'audienceId',
    'audienceType',
    'channel',
    'createdAt',
    'deliveredAt',
    'id',
    'idempotencyKey',
    'kind',
    'lastError',
    'payload',
    'recipient',
    'status',
  ]),
  NotificationConnection: plain(COORDINATORS, CONNECTION),
  NotificationEdge: plain(COORDINATORS, EDGE),
  PageInfo: plain(EVERY_USER, ['endCursor', 'hasNextPage']),
  LeaveGrant: plain(PLACEMENT_RECORD, ['expiresOn', 'grantedOn', 'id', 'kind', 'recordedAt']),
  NrmDecisionTimes: plain(COORDINATORS, [
    'cgDecided',
    'cgMedianDays',
    'jurisdiction',
    'referred',
    'rgDecided',
    'rgMedianWorkingDays',
    'rgOverdue',
    'rgWithinTarget',
  ]),
  NrmPolicy: plain(EVERY_USER, [
    'cgMinimumGapDays',
    'createdAt',
    'effectiveFrom',
    'id',
    'jurisdiction',
    'moveOnDays',
    'moveOnExtendable',
    'negativeDecisionSupportWorkingDays',
    'placeOfSafetyMaxWorkingDays',
    'recoveryPeriodDays',
    'recoveryPeriodStart',
    'rgTargetWorkingDays',
    'sources',
    'supportContinuesUntilCg',
  ]),
  NrmPolicySource: plain(EVERY_USER, ['field', 'source']),
  NrmRecoveryPeriod: plain(PLACEMENT_RECORD, ['endDate', 'lengthDays', 'startDate']),
  Placement: plain(
    PLACEMENT_RECORD,
    [
      'arrivedOn',
      'currentRecoveryPeriod',
      'endedOn',
      'exitReason',
      'hold',
      'id',
      'jurisdiction',
      'leaveGrants',
      'nrm',
      'nrmReferredOn',
      'outreachProvider',
      'placeOfSafety',
      'recoveryNeedsAssessments',
      'recoveryPeriods',
      'reminders',
      'shelter',
      'status',
    ],
    {
      referral: REFERRAL,
      room: SHELTER_LOCATION,
      beds: SHELTER_LOCATION,
    },
  ),
  PlacementConnection: plain(PLACEMENT_RECORD, CONNECTION),
  PlacementNrm: plain(PLACEMENT_RECORD, ['deadlines', 'nextDeadline', 'policy', 'recoveryPeriod', 'since', 'stage']),
  PlacementEdge: plain(PLACEMENT_RECORD, EDGE),
  ProvisionExclusion: plain(AGENCY_ONLY, ['detail', 'rule', 'shelters']),
  ProvisionNeed: plain(AGENCY_ONLY, ['accessibility', 'beds', 'excludedRegions', 'family', 'genderPolicies', 'minors', 'missing', 'regions']),
  QueueStatus: plain(COORDINATORS, ['active', 'delayed', 'failed', 'name', 'waiting']),
  PriorityReason: plain(PLACEMENT_RECORD, ['detail', 'part', 'points']),
  RecoveryNeedsAssessment: plain(PLACEMENT_RECORD, ['assessedOn', 'extensionDays', 'id', 'reason', 'recordedAt']),
  RecoveryPeriod: plain(PLACEMENT_RECORD, ['createdAt', 'endDate', 'id', 'lengthDays', 'reason', 'sequence', 'startDate']),
  Referral: plain(
    REFERRAL,
    [
      'acceptableRegions',
      'accessibilityNeeds',
      'activeHold',
      'ageBand',
      'agency',
      'agencyId',
      'agencyReference',
      'anonymisedAt',
      'consentGiven',
      'callbackContact',
      'createdAt',
      'decisions',
      'dependants',
      'exclusionRegions',
      'exploitationTypes',
      'gender',
      'id',
      'initials',
      'interpreterLanguage',
      'languages',
      'notes',
      'placement',
      'preferredRegions',
      'status',
      'transportNeeded',
      'urgency',
      'waitlistPosition',
    ],
    {
      // Why no room could take the household: for the referring agency and coordinators (like the waitlist).
      noSuitableProvision: AGENCY_ONLY,
    },
  ),
  ReferralConnection: plain(REFERRAL, CONNECTION),
  ReferralEdge: plain(REFERRAL, EDGE),
  Region: plain(NETWORK, ['code', 'createdAt', 'jurisdiction', 'name'], { coordinatorEmails: COORDINATORS }),
  RegionAvailability: plain(NETWORK, ['accessible', 'all', 'family', 'menOnly', 'minors', 'mixed', 'oldestUpdateAt', 'regionCode', 'totalBeds', 'womenOnly']),
  Reminder: plain(PLACEMENT_RECORD, [
    'deadlineDate',
    'deadlineKind',
    'dueAt',
    'dueDate',
    'id',
    'late',
    'message',
    'offsetDays',
    'sentAt',
    'status',
    'supportContinues',
  ]),
  Room: plain(SHELTER_LOCATION, ['accessibilityFeatures', 'beds', 'id', 'label']),
  ScoreReason: plain(PLACEMENT_RECORD, ['criterion', 'detail', 'points']),
  Shelter: plain(
    SHELTER,
    [
      'acceptsFamilies',
      'acceptsMinors',
      'adultMaxAge',
      'codeName',
      'contactLine',
      'freeBeds',
      'genderPolicy',
      'heldBeds',
      'holdHours',
      'id',
      'languages',
      'occupiedBeds',
      'regionCode',
      'specialisms',
      'status',
      'totalBeds',
      'updatedAt',
    ],
    {
      address: SHELTER_LOCATION,
      postcode: SHELTER_LOCATION,
      latitude: SHELTER_LOCATION,
      longitude: SHELTER_LOCATION,
      rooms: SHELTER_LOCATION,
      staffEmail: SHELTER_LOCATION,
    },
  ),
  OccupancyRowType: plain(REPORTS, [
    'availableNights',
    'bedNights',
    'heldNights',
    'key',
    'outOfServiceByReason',
    'outOfServiceNights',
    'usedNights',
    'utilisation',
  ]),
  OutOfServiceReasonType: plain(REPORTS, ['nights', 'reason']),
  PressureRowType: plain(REPORTS, ['alertsOpened', 'category', 'hoursBelowThreshold', 'regionCode']),
  ReportCountType: plain(REPORTS, ['count', 'key', 'metric', 'suppressed']),
  ReportDurationType: plain(REPORTS, ['duration', 'key', 'p50', 'p90', 'people']),
  ReportTotalType: plain(REPORTS, ['metric', 'total']),
  ReportType: plain(REPORTS, [
    'counts',
    'daysWithoutSnapshot',
    'durations',
    'from',
    'groupBy',
    'occupancy',
    'pressure',
    'suppressionThreshold',
    'to',
    'totals',
  ]),
  ShelterConnection: plain(SHELTER, CONNECTION),
  StageDeadline: plain(PLACEMENT_RECORD, ['date', 'kind', 'policyEffectiveFrom', 'supportContinues']),
  ShelterEdge: plain(SHELTER, EDGE),
  TokenRevocation: plain(COORDINATORS, ['minVersion', 'revokedAt', 'subject']),
  WaitlistEntry: plain(AGENCY_ONLY, ['id', 'joinedAt', 'position', 'priority', 'referral', 'urgency']),
  WaitlistEntryConnection: plain(AGENCY_ONLY, CONNECTION),
  WaitlistEntryEdge: plain(AGENCY_ONLY, EDGE),
  Waitlisted: plain(AGENCY_ONLY, ['entry', 'position']),
  WebhookEndpoint: plain(COORDINATORS, ['consecutiveFailures', 'lastError', 'lastSuccessAt', 'pausedAt', 'url']),
  WebhookResumeResult: plain(COORDINATORS, ['endpoint', 'requeued']),
  WebhookTestResult: plain(COORDINATORS, ['error', 'ok']),
  WorkStatusType: plain(COORDINATORS, ['outboxBacklog', 'queues']),
};

/**
 * Every root query, mutation and subscription. DENY answers FORBIDDEN before
 * the resolver runs. A subscription's scope is applied to every event, as the
 * subscriber, like a query (apps/api live.resolver.ts).
 */
export const ROOT_ACCESS: Readonly<Record<'Query' | 'Mutation' | 'Subscription', Readonly<Record<string, RoleAccess>>>> = {
  Query: {
    agencies: COORDINATORS,
    alertRules: COORDINATORS,
    alerts: COORDINATORS,
    auditChain: AUDIT,
    auditEvents: AUDIT,
    availability: NETWORK,
    clock: EVERY_USER,
    escalations: COORDINATORS,
    failedJobs: COORDINATORS,
    holds: PLACEMENT_RECORD,
    matchCandidates: AGENCY_ONLY,
    me: EVERY_USER,
    myNotifications: INBOX,
    myUnreadNotificationCount: INBOX,
    notifications: COORDINATORS,
    nrmDecisionTimes: COORDINATORS,
    nrmPolicies: EVERY_USER,
    placement: PLACEMENT_RECORD,
    placements: PLACEMENT_RECORD,
    referral: REFERRAL,
    referrals: REFERRAL,
    regions: NETWORK,
    report: REPORTS,
    shelter: SHELTER,
    shelters: roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER }),
    waitlist: AGENCY_ONLY,
    webhookEndpoints: COORDINATORS,
    workStatus: COORDINATORS,
  },
  Mutation: {
    acceptHold: SHELTER_LOCATION,
    acknowledgeAlert: COORDINATORS,
    acknowledgeEscalation: COORDINATORS,
    addBeds: SHELTER_LOCATION,
    addNrmPolicyVersion: COORDINATORS,
    advanceClock: COORDINATORS,
    bulkCreateReferrals: AGENCY_ONLY,
    claimEscalation: COORDINATORS,
    closeAssignmentWindows: COORDINATORS,
    confirmArrival: SHELTER_LOCATION,
    correctDecision: REFERRAL,
    createAgency: COORDINATORS,
    createAlertRule: COORDINATORS,
    createReferral: AGENCY_ONLY,
    createRegion: COORDINATORS,
    createShelter: COORDINATORS,
    declineHold: PLACEMENT_RECORD,
    deleteNrmPolicyVersion: COORDINATORS,
    endPlacement: SHELTER_LOCATION,
    markNotificationActed: INBOX,
    markNotificationRead: INBOX,
    extendRecoveryPeriod: SHELTER_LOCATION,
    recordDecision: REFERRAL,
    recordLeave: PLACEMENT_RECORD,
    recordNrmReferral: PLACEMENT_RECORD,
    recordRecoveryNeedsAssessment: SHELTER_LOCATION,
    requestPlacement: AGENCY_ONLY,
    resumeWebhook: COORDINATORS,
    retryFailedJobs: COORDINATORS,
    revokeTokens: COORDINATORS,
    setBedStatus: SHELTER_LOCATION,
    setRegionCoordinatorEmails: COORDINATORS,
    testWebhook: COORDINATORS,
    updateAgency: COORDINATORS,
    updateNrmPolicyVersion: COORDINATORS,
    updateShelter: SHELTER_LOCATION,
    withdrawReferral: AGENCY_ONLY,
  },
  Subscription: {
    alertChanged: COORDINATORS,
    // Region codes for every role that places people; shelter ids only to coordinators and that shelter's staff.
    bedsChanged: roles({ COORDINATOR: 'ALLOW', SHELTER_STAFF: OWN_SHELTER, REFERRAL_OFFICER: 'ALLOW' }),
    holdChanged: PLACEMENT_RECORD,
    notificationAdded: INBOX,
  },
};

/**
 * The access `role` has to `typeName.fieldName`: the root cell for Query and
 * Mutation; otherwise the field's cell, which is DENY whenever the type's is.
 * Undefined when the matrix does not know the type or field (the API then
 * refuses: what is not written down is not allowed).
 */
export function accessOf(role: Role, typeName: string, fieldName: string): Access | undefined {
  if (typeName === 'Query' || typeName === 'Mutation' || typeName === 'Subscription') return ROOT_ACCESS[typeName][fieldName]?.[role];
  const t = TYPE_ACCESS[typeName];
  const f = t?.fields[fieldName];
  if (!t || !f) return undefined;
  if (t.type[role] === 'DENY') return 'DENY';
  return f === SAME_AS_TYPE ? t.type[role] : f[role];
}
