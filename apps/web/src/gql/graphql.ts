/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Accessibility features of a room, and the matching needs of a household. */
export type AccessibilityFeature =
  | 'HEARING_LOOP'
  | 'STEP_FREE'
  | 'VISUAL_SUPPORT'
  | 'WHEELCHAIR';

/** Age in bands, never a date of birth (data minimisation). UNDER_18 is a minor. */
export type AgeBand =
  | 'AGE_18_24'
  | 'AGE_25_34'
  | 'AGE_35_44'
  | 'AGE_45_54'
  | 'AGE_55_PLUS'
  | 'UNDER_18';

/** State of a capacity alert: OPEN → ACKNOWLEDGED → RESOLVED (or OPEN → RESOLVED). */
export type AlertStatus =
  | 'ACKNOWLEDGED'
  | 'OPEN'
  | 'RESOLVED';

/** Availability categories used by `availability` and capacity alert rules. */
export type BedCategory =
  | 'ACCESSIBLE'
  | 'ALL'
  | 'FAMILY'
  | 'MEN_ONLY'
  | 'MINORS'
  | 'MIXED'
  | 'WOMEN_ONLY';

/** Live state of one bed space. Staff set AVAILABLE / OUT_OF_SERVICE; HELD and OCCUPIED come from holds and placements. */
export type BedStatus =
  | 'AVAILABLE'
  | 'HELD'
  | 'OCCUPIED'
  | 'OUT_OF_SERVICE';

/** Shelter staff confirm a held household arrived. Retrying returns the same placement. */
export type ConfirmArrivalInput = {
  /** Arrival date YYYY-MM-DD (jurisdiction time zone); default today; at most 365 days back, never ahead. */
  arrivedOn?: string | null | undefined;
  /** The ACTIVE hold. */
  holdId: string | number;
  /** Date of the NRM referral, YYYY-MM-DD; default the referral’s date; not with placeOfSafety; not in the future. */
  nrmReferredOn?: string | null | undefined;
  /** The person comes to a Place of Safety: consents to the stay, not yet to the NRM; the stay is bounded by the policy’s working days (England and Wales only). Default false. */
  placeOfSafety?: boolean | null | undefined;
};

/** A new referral (referral officers for their agency; coordinators name the agency). No names, no dates of birth. */
export type CreateReferralInput = {
  /** When given, the ONLY region codes the household may be placed in (hard rule: e.g. within reach of a family court or the investigating force). Empty = anywhere not excluded. */
  acceptableRegions?: Array<string> | null | undefined;
  /** Accessibility needs (hard rule). */
  accessibilityNeeds?: Array<AccessibilityFeature> | null | undefined;
  /** Age band of the referred person. */
  ageBand: AgeBand;
  /** Referring agency: required for coordinators; officers always refer for their own. */
  agencyId?: string | number | null | undefined;
  /** The agency’s own non-identifying reference, unique per agency: 1-64 letters, digits, / _ . or -. */
  agencyReference: string;
  /** Your call-back contact for the shelter (phone or mailbox), at most 200 characters. */
  callbackContact?: string | null | undefined;
  /** The referred person consented to this referral. Required (true) for adults; children need none (NRM guidance). */
  consentGiven?: boolean | null | undefined;
  /** Dependants, at most 12. */
  dependants?: Array<DependantInput> | null | undefined;
  /** Regions never to place in, at most 50. */
  exclusionRegions?: Array<string> | null | undefined;
  /** Exploitation types, at most 6. */
  exploitationTypes?: Array<ExploitationType> | null | undefined;
  /** Self-identified gender. */
  gender: Gender;
  /** Initials, 1-4 letters. */
  initials: string;
  /** Language an interpreter is needed for, a code such as ro or pt-BR; null: none. */
  interpreterLanguage?: string | null | undefined;
  /** Languages spoken, at most 10. */
  languages?: Array<string> | null | undefined;
  /** Free text for the placing shelter and coordinators, at most 2000 characters; encrypted at rest. No names or identifying details. */
  notes?: string | null | undefined;
  /** Preferred regions, best first, at most 50. */
  preferredRegions?: Array<string> | null | undefined;
  /** The person needs transport to the safe house (default false). */
  transportNeeded?: boolean | null | undefined;
  /** How soon a bed is needed (default URGENT). */
  urgency?: Urgency | null | undefined;
};

/** Which deadline of a placement’s stage a date or reminder is for. */
export type DeadlineKind =
  | 'CG_EARLIEST'
  | 'LEAVE_EXPIRY'
  | 'MOVE_ON_END'
  | 'NEGATIVE_DECISION_SUPPORT_END'
  | 'PLACE_OF_SAFETY_END'
  | 'RECOVERY_PERIOD_END'
  | 'RG_TARGET';

/** A dependant in the household. No name, no date of birth. */
export type DependantInput = {
  /** Age band. */
  ageBand: AgeBand;
  /** Gender (matters for adult dependants and gender policies). */
  gender?: Gender | null | undefined;
};

/** Ends a placement; its beds free up for the waitlist. Ending an ended placement is a no-op. */
export type EndPlacementInput = {
  /** Exit date YYYY-MM-DD; default today; not before arrival, not in the future. */
  endedOn?: string | null | undefined;
  /** Why the placement ended. */
  exitReason: ExitReason;
  /** Who gives outreach support after exit (organisation name, at most 200 characters); default none. */
  outreachProvider?: string | null | undefined;
  /** Placement id. */
  placementId: string | number;
};

/** Why a placement ended. */
export type ExitReason =
  | 'LEFT_VOLUNTARILY'
  | 'MOVED_ON'
  | 'NEGATIVE_DECISION'
  | 'OTHER'
  | 'RETURNED_HOME'
  | 'TRANSFERRED';

/** Exploitation types as recorded by the UK National Referral Mechanism. */
export type ExploitationType =
  | 'CRIMINAL'
  | 'DOMESTIC_SERVITUDE'
  | 'LABOUR'
  | 'ORGAN_REMOVAL'
  | 'OTHER'
  | 'SEXUAL';

/** A further recovery period after the last one (staff of the shelter, coordinators). */
export type ExtendRecoveryPeriodInput = {
  /** Your id for this request: a retry with the same id returns the first extension instead of adding another. */
  clientMutationId?: string | null | undefined;
  /** Length of the new period in days, 1..365; default the policy RECOVERY_PERIOD_DAYS. */
  lengthDays?: number | null | undefined;
  /** The ACTIVE placement. */
  placementId: string | number;
  /** Why the stay is extended (required, at most 500 characters). */
  reason: string;
};

/** Self-identified gender of the referred person (no sex at birth is stored). */
export type Gender =
  | 'FEMALE'
  | 'MALE'
  | 'NON_BINARY';

/** Why a hold was declined (structured, for reporting); OTHER carries a text. */
export type HoldDeclineReason =
  | 'NEEDS_NOT_MET'
  | 'NO_ROOM_FOR_HOUSEHOLD'
  | 'NO_STAFF_TO_ADMIT'
  | 'OTHER'
  | 'REFUSED_BY_PERSON'
  | 'TOO_CLOSE_TO_EXPLOITATION_AREA';

/** State of a hold (a bed reserved for a referral until arrival, decline or expiry). */
export type HoldStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'DECLINED'
  | 'EXPIRED';

/** What a stored notification is about. */
export type NotificationKind =
  | 'CAPACITY_ALERT_OPENED'
  | 'CAPACITY_ALERT_RESOLVED'
  | 'ESCALATION_OPENED'
  | 'HOLD_ACCEPTED'
  | 'HOLD_DECLINED'
  | 'HOLD_EXPIRED'
  | 'HOLD_OFFERED'
  | 'LEAVE_EXPIRY_REMINDER'
  | 'NO_SUITABLE_PROVISION'
  | 'NRM_DEADLINE_REMINDER'
  | 'RECOVERY_PERIOD_REMINDER';

/** Where a placement is in the NRM process (docs/nrm-stages.md). */
export type NrmStage =
  | 'AWAITING_CG'
  | 'AWAITING_RG'
  | 'ENDED'
  | 'MOVE_ON'
  | 'NEGATIVE_DECISION_SUPPORT'
  | 'PLACE_OF_SAFETY'
  | 'RECOVERY_PERIOD';

/** State of a placement (a household living in a shelter, from arrival to exit). */
export type PlacementStatus =
  | 'ACTIVE'
  | 'ENDED';

/** Where a referral is in its life: OPEN → WAITLISTED / HELD → PLACED → EXITED, or WITHDRAWN. */
export type ReferralStatus =
  | 'EXITED'
  | 'HELD'
  | 'OPEN'
  | 'PLACED'
  | 'WAITLISTED'
  | 'WITHDRAWN';

/** State of a reminder of a placement deadline. */
export type ReminderStatus =
  | 'CANCELLED'
  | 'SCHEDULED'
  | 'SENT';

/** What a report is broken down by (docs/reports.md). */
export type ReportDimension =
  | 'ACCESSIBILITY_NEED'
  | 'AGENCY_KIND'
  | 'EXPLOITATION_TYPE'
  | 'GENDER'
  | 'HOUSEHOLD_TYPE'
  | 'MONTH'
  | 'REASON'
  | 'REGION'
  | 'URGENCY';

/** A duration reported as p50 and p90 (hours or days, as its name says). */
export type ReportDuration =
  | 'LENGTH_OF_STAY_DAYS'
  | 'RG_TO_CG_DAYS'
  | 'TIME_TO_ARRIVAL_HOURS'
  | 'TIME_TO_OFFER_HOURS';

/** A report: a period of whole UTC days, a grouping and a filter. */
export type ReportInput = {
  /** Bed category for occupancy (default ALL). */
  category?: BedCategory | null | undefined;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Up to two dimensions; none gives one overall row. */
  groupBy?: Array<ReportDimension>;
  /** Only these regions (codes); none = the whole network. */
  regionCodes?: Array<string> | null | undefined;
  /** Last day, YYYY-MM-DD, inclusive; at most 3 years after from. */
  to: string;
};

/** A counted event: referrals, placement requests, offers, declines, no-shows, turnaways… */
export type ReportMetric =
  | 'ACCEPTANCES'
  | 'ARRIVALS'
  | 'CG_DECISIONS'
  | 'DECLINES'
  | 'ESCALATIONS'
  | 'EXITS'
  | 'EXTENSIONS'
  | 'NO_SHOWS'
  | 'OFFERS'
  | 'PLACEMENT_REQUESTS'
  | 'REFERRALS'
  | 'TURNAWAYS';

/** Who a user acts as (token `role` claim). SERVICE is the worker process and never holds a token. */
export type Role =
  | 'AUDITOR'
  | 'COMMISSIONER'
  | 'COORDINATOR'
  | 'REFERRAL_OFFICER'
  | 'SERVICE'
  | 'SHELTER_STAFF';

/** Staff set a bed AVAILABLE or OUT_OF_SERVICE (HELD and OCCUPIED come only from holds and placements). */
export type SetBedStatusInput = {
  /** Bed id. */
  bedId: string | number;
  /** YYYY-MM-DD the bed is expected back (OUT_OF_SERVICE). */
  expectedReturn?: string | null | undefined;
  /** Why it is out of service (required for OUT_OF_SERVICE). */
  reason?: string | null | undefined;
  /** AVAILABLE or OUT_OF_SERVICE. */
  status: BedStatus;
};

/** How soon a bed is needed. EMERGENCY means tonight. */
export type Urgency =
  | 'EMERGENCY'
  | 'ROUTINE'
  | 'URGENT';

export type InboxQueryVariables = Exact<{ [key: string]: never; }>;


export type InboxQuery = { myUnreadNotificationCount: number, myNotifications: { edges: Array<{ node: { id: string, kind: NotificationKind, createdAt: string, link: string, readAt: string | null, actedAt: string | null } }> } };

export type MarkNotificationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkNotificationReadMutation = { markNotificationRead: { id: string, readAt: string | null } };

export type MarkNotificationActedMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkNotificationActedMutation = { markNotificationActed: { id: string, actedAt: string | null } };

export type LiveBedsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveBedsSubscription = { bedsChanged: { regionCodes: Array<string> } };

export type LiveHoldsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveHoldsSubscription = { holdChanged: { id: string, status: HoldStatus } };

export type LiveAlertsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveAlertsSubscription = { alertChanged: { id: string, status: AlertStatus } };

export type LiveInboxSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveInboxSubscription = { notificationAdded: { id: string } };

export type OfflineSetBedStatusMutationVariables = Exact<{
  input: SetBedStatusInput;
}>;


export type OfflineSetBedStatusMutation = { setBedStatus: { id: string, status: BedStatus } };

export type OfflineConfirmArrivalMutationVariables = Exact<{
  input: ConfirmArrivalInput;
}>;


export type OfflineConfirmArrivalMutation = { confirmArrival: { id: string } };

export type OpenAlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenAlertsQuery = { alerts: { edges: Array<{ node: { id: string, category: BedCategory, regionCode: string | null, status: AlertStatus, freeBedsAtOpen: number, openedAt: string, acknowledgedAt: string | null } }> } };

export type AcknowledgeAlertMutationVariables = Exact<{
  alertId: string | number;
}>;


export type AcknowledgeAlertMutation = { acknowledgeAlert: { id: string, status: AlertStatus, acknowledgedAt: string | null } };

export type NetworkBoardQueryVariables = Exact<{ [key: string]: never; }>;


export type NetworkBoardQuery = { regions: Array<{ code: string, name: string }>, availability: Array<{ regionCode: string, all: number, womenOnly: number, menOnly: number, mixed: number, family: number, minors: number, accessible: number, totalBeds: number, oldestUpdateAt: string | null }> };

export type RegionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RegionsQuery = { regions: Array<{ code: string, name: string }> };

export type CreateReferralMutationVariables = Exact<{
  input: CreateReferralInput;
}>;


export type CreateReferralMutation = { createReferral: { id: string } };

export type OperationsQueryVariables = Exact<{ [key: string]: never; }>;


export type OperationsQuery = { waitlist: { totalCount: number, edges: Array<{ node: { id: string, position: number | null, priority: number, urgency: Urgency, joinedAt: string, referral: { id: string, agencyReference: string, initials: string } | null } }> }, workStatus: { outboxBacklog: number, queues: Array<{ name: string, waiting: number, active: number, delayed: number, failed: number }> }, webhookEndpoints: Array<{ url: string, consecutiveFailures: number, lastError: string | null, lastSuccessAt: string | null, pausedAt: string | null }>, auditChain: { ok: boolean, checked: number, unsealed: number, firstBadSeq: string | null, problem: string | null } };

export type RetryFailedJobsMutationVariables = Exact<{
  queue: string;
}>;


export type RetryFailedJobsMutation = { retryFailedJobs: number };

export type ResumeWebhookMutationVariables = Exact<{
  url: string;
}>;


export type ResumeWebhookMutation = { resumeWebhook: { __typename: 'WebhookResumeResult' } };

export type ReferralDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferralDetailQuery = { referral: { id: string, agencyReference: string, initials: string, status: ReferralStatus, waitlistPosition: number | null, activeHold: { id: string, expiresAt: string, shelter: { id: string, codeName: string, regionCode: string, contactLine: string | null } } | null, placement: { id: string, shelter: { id: string, codeName: string }, nrm: { stage: NrmStage, since: string, nextDeadline: { kind: DeadlineKind, date: string, supportContinues: boolean } | null } } | null } };

export type CandidatesQueryVariables = Exact<{
  referralId: string | number;
}>;


export type CandidatesQuery = { matchCandidates: Array<{ shelterId: string, roomId: string, codeName: string, regionCode: string, score: number, availableBeds: number, reasons: Array<{ criterion: string, points: number, detail: string }> }> };

export type RequestPlacementMutationVariables = Exact<{
  referralId: string | number;
}>;


export type RequestPlacementMutation = { requestPlacement:
    | { __typename: 'HoldOffered', hold: { id: string, expiresAt: string } }
    | { __typename: 'NoSuitableProvision' }
    | { __typename: 'Waitlisted', position: number }
   };

export type AgencyReferralsQueryVariables = Exact<{ [key: string]: never; }>;


export type AgencyReferralsQuery = { referrals: { totalCount: number, edges: Array<{ node: { id: string, agencyReference: string, initials: string, status: ReferralStatus, createdAt: string } }> } };

export type ReportPageQueryVariables = Exact<{
  input: ReportInput;
}>;


export type ReportPageQuery = { report: { suppressionThreshold: number, daysWithoutSnapshot: number, totals: Array<{ metric: ReportMetric, total: number | null }>, counts: Array<{ metric: ReportMetric, key: Array<string>, count: number | null, suppressed: boolean }>, durations: Array<{ duration: ReportDuration, key: Array<string>, people: number | null, p50: number | null, p90: number | null }>, occupancy: Array<{ key: Array<string>, bedNights: number, usedNights: number, heldNights: number, outOfServiceNights: number, availableNights: number, utilisation: number | null }>, pressure: Array<{ regionCode: string, category: BedCategory, alertsOpened: number, hoursBelowThreshold: number }> } };

export type ShelterBoardQueryVariables = Exact<{
  id: string | number;
}>;


export type ShelterBoardQuery = { shelter: { id: string, codeName: string, freeBeds: number, heldBeds: number, occupiedBeds: number, totalBeds: number, languages: Array<string>, rooms: Array<{ id: string, label: string, accessibilityFeatures: Array<AccessibilityFeature>, beds: Array<{ id: string, label: string, status: BedStatus, outOfServiceReason: string | null, expectedReturn: string | null, statusChangedAt: string }> }> | null } };

export type ShelterHoldsQueryVariables = Exact<{
  shelterId: string | number;
}>;


export type ShelterHoldsQuery = { holds: { edges: Array<{ node: { id: string, expiresAt: string, room: { label: string } | null, beds: Array<{ label: string }> | null, referral: { id: string, agencyReference: string, initials: string, urgency: Urgency, languages: Array<string>, accessibilityNeeds: Array<AccessibilityFeature>, dependants: Array<{ ageBand: AgeBand }> } | null } }> } };

export type SetBedStatusMutationVariables = Exact<{
  input: SetBedStatusInput;
}>;


export type SetBedStatusMutation = { setBedStatus: { id: string, label: string, status: BedStatus, outOfServiceReason: string | null, expectedReturn: string | null } };

export type ConfirmArrivalMutationVariables = Exact<{
  input: ConfirmArrivalInput;
}>;


export type ConfirmArrivalMutation = { confirmArrival: { id: string } };

export type DeclineHoldMutationVariables = Exact<{
  holdId: string | number;
  reasonCode: HoldDeclineReason;
  reason?: string | null | undefined;
}>;


export type DeclineHoldMutation = { declineHold: { id: string, status: HoldStatus } };

export type SignInMeQueryVariables = Exact<{ [key: string]: never; }>;


export type SignInMeQuery = { me: { sub: string, role: Role, shelterIds: Array<string>, agencyId: string | null } };

export type ShelterStaysQueryVariables = Exact<{
  shelterId: string | number;
  after?: string | null | undefined;
}>;


export type ShelterStaysQuery = { placements: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { id: string, arrivedOn: string, room: { label: string } | null, beds: Array<{ label: string }> | null, nrm: { stage: NrmStage, since: string, nextDeadline: { kind: DeadlineKind, date: string, supportContinues: boolean } | null }, recoveryPeriods: Array<{ id: string, sequence: number, endDate: string }>, reminders: Array<{ id: string, dueDate: string, status: ReminderStatus }>, referral: { id: string, initials: string, agencyReference: string } | null } }> } };

export type ExtendStayMutationVariables = Exact<{
  input: ExtendRecoveryPeriodInput;
}>;


export type ExtendStayMutation = { extendRecoveryPeriod: { id: string, sequence: number, endDate: string } };

export type EndStayMutationVariables = Exact<{
  input: EndPlacementInput;
}>;


export type EndStayMutation = { endPlacement: { id: string, status: PlacementStatus } };

export type BulkIntakeMutationVariables = Exact<{
  input: Array<CreateReferralInput> | CreateReferralInput;
}>;


export type BulkIntakeMutation = { bulkCreateReferrals: { holdsOffered: number, stillWaiting: number, referrals: Array<{ id: string, agencyReference: string, initials: string, status: ReferralStatus }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const InboxDocument = new TypedDocumentString(`
    query Inbox {
  myUnreadNotificationCount
  myNotifications(first: 20) {
    edges {
      node {
        id
        kind
        createdAt
        link
        readAt
        actedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InboxQuery, InboxQueryVariables>;
export const MarkNotificationReadDocument = new TypedDocumentString(`
    mutation MarkNotificationRead($id: ID!) {
  markNotificationRead(id: $id) {
    id
    readAt
  }
}
    `) as unknown as TypedDocumentString<MarkNotificationReadMutation, MarkNotificationReadMutationVariables>;
export const MarkNotificationActedDocument = new TypedDocumentString(`
    mutation MarkNotificationActed($id: ID!) {
  markNotificationActed(id: $id) {
    id
    actedAt
  }
}
    `) as unknown as TypedDocumentString<MarkNotificationActedMutation, MarkNotificationActedMutationVariables>;
export const LiveBedsDocument = new TypedDocumentString(`
    subscription LiveBeds {
  bedsChanged {
    regionCodes
  }
}
    `) as unknown as TypedDocumentString<LiveBedsSubscription, LiveBedsSubscriptionVariables>;
export const LiveHoldsDocument = new TypedDocumentString(`
    subscription LiveHolds {
  holdChanged {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LiveHoldsSubscription, LiveHoldsSubscriptionVariables>;
export const LiveAlertsDocument = new TypedDocumentString(`
    subscription LiveAlerts {
  alertChanged {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LiveAlertsSubscription, LiveAlertsSubscriptionVariables>;
export const LiveInboxDocument = new TypedDocumentString(`
    subscription LiveInbox {
  notificationAdded {
    id
  }
}
    `) as unknown as TypedDocumentString<LiveInboxSubscription, LiveInboxSubscriptionVariables>;
export const OfflineSetBedStatusDocument = new TypedDocumentString(`
    mutation OfflineSetBedStatus($input: SetBedStatusInput!) {
  setBedStatus(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<OfflineSetBedStatusMutation, OfflineSetBedStatusMutationVariables>;
export const OfflineConfirmArrivalDocument = new TypedDocumentString(`
    mutation OfflineConfirmArrival($input: ConfirmArrivalInput!) {
  confirmArrival(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<OfflineConfirmArrivalMutation, OfflineConfirmArrivalMutationVariables>;
export const OpenAlertsDocument = new TypedDocumentString(`
    query OpenAlerts {
  alerts(first: 50) {
    edges {
      node {
        id
        category
        regionCode
        status
        freeBedsAtOpen
        openedAt
        acknowledgedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OpenAlertsQuery, OpenAlertsQueryVariables>;
export const AcknowledgeAlertDocument = new TypedDocumentString(`
    mutation AcknowledgeAlert($alertId: ID!) {
  acknowledgeAlert(alertId: $alertId) {
    id
    status
    acknowledgedAt
  }
}
    `) as unknown as TypedDocumentString<AcknowledgeAlertMutation, AcknowledgeAlertMutationVariables>;
export const NetworkBoardDocument = new TypedDocumentString(`
    query NetworkBoard {
  regions {
    code
    name
  }
  availability {
    regionCode
    all
    womenOnly
    menOnly
    mixed
    family
    minors
    accessible
    totalBeds
    oldestUpdateAt
  }
}
    `) as unknown as TypedDocumentString<NetworkBoardQuery, NetworkBoardQueryVariables>;
export const RegionsDocument = new TypedDocumentString(`
    query Regions {
  regions {
    code
    name
  }
}
    `) as unknown as TypedDocumentString<RegionsQuery, RegionsQueryVariables>;
export const CreateReferralDocument = new TypedDocumentString(`
    mutation CreateReferral($input: CreateReferralInput!) {
  createReferral(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateReferralMutation, CreateReferralMutationVariables>;
export const OperationsDocument = new TypedDocumentString(`
    query Operations {
  waitlist(first: 20) {
    totalCount
    edges {
      node {
        id
        position
        priority
        urgency
        joinedAt
        referral {
          id
          agencyReference
          initials
        }
      }
    }
  }
  workStatus {
    outboxBacklog
    queues {
      name
      waiting
      active
      delayed
      failed
    }
  }
  webhookEndpoints {
    url
    consecutiveFailures
    lastError
    lastSuccessAt
    pausedAt
  }
  auditChain {
    ok
    checked
    unsealed
    firstBadSeq
    problem
  }
}
    `) as unknown as TypedDocumentString<OperationsQuery, OperationsQueryVariables>;
export const RetryFailedJobsDocument = new TypedDocumentString(`
    mutation RetryFailedJobs($queue: String!) {
  retryFailedJobs(queue: $queue)
}
    `) as unknown as TypedDocumentString<RetryFailedJobsMutation, RetryFailedJobsMutationVariables>;
export const ResumeWebhookDocument = new TypedDocumentString(`
    mutation ResumeWebhook($url: String!) {
  resumeWebhook(url: $url) {
    __typename
  }
}
    `) as unknown as TypedDocumentString<ResumeWebhookMutation, ResumeWebhookMutationVariables>;
export const ReferralDetailDocument = new TypedDocumentString(`
    query ReferralDetail($id: ID!) {
  referral(id: $id) {
    id
    agencyReference
    initials
    status
    waitlistPosition
    activeHold {
      id
      expiresAt
      shelter {
        id
        codeName
        regionCode
        contactLine
      }
    }
    placement {
      id
      shelter {
        id
        codeName
      }
      nrm {
        stage
        since
        nextDeadline {
          kind
          date
          supportContinues
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReferralDetailQuery, ReferralDetailQueryVariables>;
export const CandidatesDocument = new TypedDocumentString(`
    query Candidates($referralId: ID!) {
  matchCandidates(referralId: $referralId, first: 10) {
    shelterId
    roomId
    codeName
    regionCode
    score
    availableBeds
    reasons {
      criterion
      points
      detail
    }
  }
}
    `) as unknown as TypedDocumentString<CandidatesQuery, CandidatesQueryVariables>;
export const RequestPlacementDocument = new TypedDocumentString(`
    mutation RequestPlacement($referralId: ID!) {
  requestPlacement(referralId: $referralId) {
    __typename
    ... on HoldOffered {
      hold {
        id
        expiresAt
      }
    }
    ... on Waitlisted {
      position
    }
  }
}
    `) as unknown as TypedDocumentString<RequestPlacementMutation, RequestPlacementMutationVariables>;
export const AgencyReferralsDocument = new TypedDocumentString(`
    query AgencyReferrals {
  referrals(first: 50) {
    totalCount
    edges {
      node {
        id
        agencyReference
        initials
        status
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgencyReferralsQuery, AgencyReferralsQueryVariables>;
export const ReportPageDocument = new TypedDocumentString(`
    query ReportPage($input: ReportInput!) {
  report(input: $input) {
    suppressionThreshold
    totals {
      metric
      total
    }
    counts {
      metric
      key
      count
      suppressed
    }
    durations {
      duration
      key
      people
      p50
      p90
    }
    occupancy {
      key
      bedNights
      usedNights
      heldNights
      outOfServiceNights
      availableNights
      utilisation
    }
    pressure {
      regionCode
      category
      alertsOpened
      hoursBelowThreshold
    }
    daysWithoutSnapshot
  }
}
    `) as unknown as TypedDocumentString<ReportPageQuery, ReportPageQueryVariables>;
export const ShelterBoardDocument = new TypedDocumentString(`
    query ShelterBoard($id: ID!) {
  shelter(id: $id) {
    id
    codeName
    freeBeds
    heldBeds
    occupiedBeds
    totalBeds
    languages
    rooms {
      id
      label
      accessibilityFeatures
      beds {
        id
        label
        status
        outOfServiceReason
        expectedReturn
        statusChangedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ShelterBoardQuery, ShelterBoardQueryVariables>;
export const ShelterHoldsDocument = new TypedDocumentString(`
    query ShelterHolds($shelterId: ID!) {
  holds(shelterId: $shelterId, status: ACTIVE, first: 50) {
    edges {
      node {
        id
        expiresAt
        room {
          label
        }
        beds {
          label
        }
        referral {
          id
          agencyReference
          initials
          urgency
          languages
          accessibilityNeeds
          dependants {
            ageBand
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ShelterHoldsQuery, ShelterHoldsQueryVariables>;
export const SetBedStatusDocument = new TypedDocumentString(`
    mutation SetBedStatus($input: SetBedStatusInput!) {
  setBedStatus(input: $input) {
    id
    label
    status
    outOfServiceReason
    expectedReturn
  }
}
    `) as unknown as TypedDocumentString<SetBedStatusMutation, SetBedStatusMutationVariables>;
export const ConfirmArrivalDocument = new TypedDocumentString(`
    mutation ConfirmArrival($input: ConfirmArrivalInput!) {
  confirmArrival(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConfirmArrivalMutation, ConfirmArrivalMutationVariables>;
export const DeclineHoldDocument = new TypedDocumentString(`
    mutation DeclineHold($holdId: ID!, $reasonCode: HoldDeclineReason!, $reason: String) {
  declineHold(holdId: $holdId, reasonCode: $reasonCode, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<DeclineHoldMutation, DeclineHoldMutationVariables>;
export const SignInMeDocument = new TypedDocumentString(`
    query SignInMe {
  me {
    sub
    role
    shelterIds
    agencyId
  }
}
    `) as unknown as TypedDocumentString<SignInMeQuery, SignInMeQueryVariables>;
export const ShelterStaysDocument = new TypedDocumentString(`
    query ShelterStays($shelterId: ID!, $after: String) {
  placements(shelterId: $shelterId, active: true, first: 20, after: $after) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        id
        arrivedOn
        room {
          label
        }
        beds {
          label
        }
        nrm {
          stage
          since
          nextDeadline {
            kind
            date
            supportContinues
          }
        }
        recoveryPeriods {
          id
          sequence
          endDate
        }
        reminders {
          id
          dueDate
          status
        }
        referral {
          id
          initials
          agencyReference
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ShelterStaysQuery, ShelterStaysQueryVariables>;
export const ExtendStayDocument = new TypedDocumentString(`
    mutation ExtendStay($input: ExtendRecoveryPeriodInput!) {
  extendRecoveryPeriod(input: $input) {
    id
    sequence
    endDate
  }
}
    `) as unknown as TypedDocumentString<ExtendStayMutation, ExtendStayMutationVariables>;
export const EndStayDocument = new TypedDocumentString(`
    mutation EndStay($input: EndPlacementInput!) {
  endPlacement(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<EndStayMutation, EndStayMutationVariables>;
export const BulkIntakeDocument = new TypedDocumentString(`
    mutation BulkIntake($input: [CreateReferralInput!]!) {
  bulkCreateReferrals(input: $input) {
    holdsOffered
    stillWaiting
    referrals {
      id
      agencyReference
      initials
      status
    }
  }
}
    `) as unknown as TypedDocumentString<BulkIntakeMutation, BulkIntakeMutationVariables>;