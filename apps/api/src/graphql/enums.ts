import { registerEnumType } from '@nestjs/graphql';
import {
  AccessibilityFeature,
  AgeBand,
  BedCategory,
  BedStatus,
  DecisionOutcome,
  DecisionType,
  EscalationResolution,
  EscalationStatus,
  ExitReason,
  ExploitationType,
  Gender,
  GenderPolicy,
  HardRule,
  HoldSource,
  HoldStatus,
  PlacementStatus,
  ReferralStatus,
  Role,
  ShelterStatus,
  Urgency,
  Jurisdiction,
  NrmStage,
  DeadlineKind,
  RecoveryPeriodStart,
  HandoverState,
  HoldDeclineReason,
} from '@harbour/domain';
import { AgencyKind, AlertStatus, AudienceType, NotificationKind, NotificationChannel, NotificationStatus, ReminderStatus, LeaveKind } from '@harbour/core';

/** How Harbour tells the time (config CLOCK_MODE). */
export enum ClockMode {
  SYSTEM = 'system',
  ADJUSTABLE = 'adjustable',
}

/**
 * The domain enums, registered once under their glossary names (docs/architecture.md).
 * Imported for its side effect by every type that uses an enum.
 */
const ENUMS: [object, string, string][] = [
  [Role, 'Role', 'Who a user acts as (token `role` claim). SERVICE is the worker process and never holds a token.'],
  [Gender, 'Gender', 'Self-identified gender of the referred person (no sex at birth is stored).'],
  [GenderPolicy, 'GenderPolicy', 'Who a safe house takes: WOMEN_ONLY takes FEMALE, MEN_ONLY takes MALE, MIXED takes everyone.'],
  [AgeBand, 'AgeBand', 'Age in bands, never a date of birth (data minimisation). UNDER_18 is a minor.'],
  [ExploitationType, 'ExploitationType', 'Exploitation types as recorded by the UK National Referral Mechanism.'],
  [AccessibilityFeature, 'AccessibilityFeature', 'Accessibility features of a room, and the matching needs of a household.'],
  [BedStatus, 'BedStatus', 'Live state of one bed space. Staff set AVAILABLE / OUT_OF_SERVICE; HELD and OCCUPIED come from holds and placements.'],
  [ShelterStatus, 'ShelterStatus', 'Whether a safe house takes new referrals at all.'],
  [Urgency, 'Urgency', 'How soon a bed is needed. EMERGENCY means tonight.'],
  [BedCategory, 'BedCategory', 'Availability categories used by `availability` and capacity alert rules.'],
  [ReferralStatus, 'ReferralStatus', 'Where a referral is in its life: OPEN → WAITLISTED / HELD → PLACED → EXITED, or WITHDRAWN.'],
  [HoldStatus, 'HoldStatus', 'State of a hold (a bed reserved for a referral until arrival, decline or expiry).'],
  [HoldSource, 'HoldSource', 'How a hold came to be: a placement request, or a waitlist offer of a freed bed.'],
  [PlacementStatus, 'PlacementStatus', 'State of a placement (a household living in a shelter, from arrival to exit).'],
  [ExitReason, 'ExitReason', 'Why a placement ended.'],
  [DecisionType, 'DecisionType', 'NRM decision type: reasonable grounds (RG) or conclusive grounds (CG).'],
  [DecisionOutcome, 'DecisionOutcome', 'NRM decision outcome.'],
  [AgencyKind, 'AgencyKind', 'Kinds of first responder (referring agency).'],
  [AlertStatus, 'AlertStatus', 'State of a capacity alert: OPEN → ACKNOWLEDGED → RESOLVED (or OPEN → RESOLVED).'],
  [NotificationKind, 'NotificationKind', 'What a stored notification is about.'],
  [AudienceType, 'AudienceType', "Who a notification is for: an agency's officers, a shelter's staff, or coordinators."],
  [NotificationStatus, 'NotificationStatus', 'Delivery state of a notification.'],
  [NotificationChannel, 'NotificationChannel', 'How a notification is delivered: WEBHOOK (signed HTTP POST) or EMAIL (SMTP, one recipient).'],
  [ReminderStatus, 'ReminderStatus', 'State of a reminder of a placement deadline.'],
  [
    Jurisdiction,
    'Jurisdiction',
    'Whose NRM rules govern a region: a UK nation, or GENERIC_ECAT (the Council of Europe Convention minimum) for other networks.',
  ],
  [NrmStage, 'NrmStage', 'Where a placement is in the NRM process (docs/nrm-stages.md).'],
  [DeadlineKind, 'DeadlineKind', 'Which deadline of a placement’s stage a date or reminder is for.'],
  [RecoveryPeriodStart, 'RecoveryPeriodStart', 'When the recovery period begins: POSITIVE_RG (the RG date, or arrival when the RG came earlier) or ARRIVAL.'],
  [LeaveKind, 'LeaveKind', 'Leave granted to a survivor: temporary permission to stay (UK) or a residence permit.'],
  [
    HandoverState,
    'HandoverState',
    'Where a hold is in the handover between officer and shelter: OFFERED → ACCEPTED (the shelter phones the officer back) → ARRIVED, or DECLINED / EXPIRED / CANCELLED.',
  ],
  [HoldDeclineReason, 'HoldDeclineReason', 'Why a hold was declined (structured, for reporting); OTHER carries a text.'],
  [HardRule, 'HardRule', 'A hard matching rule (never broken): why a room cannot take a household (libs/domain eligibility.ts).'],
  [
    EscalationStatus,
    'EscalationStatus',
    'State of an escalation: OPEN → CLAIMED → ACKNOWLEDGED (coordinators); RESOLVED by itself when the referral is offered a bed or leaves the waitlist.',
  ],
  [EscalationResolution, 'EscalationResolution', 'Why an escalation resolved: OFFERED (a bed was held for the referral) or LEFT_WAITLIST (withdrawn).'],
  [ClockMode, 'ClockMode', 'SYSTEM: real time. ADJUSTABLE: real time plus an offset coordinators can move forward (never in production).'],
];

for (const [enumRef, name, description] of ENUMS) registerEnumType(enumRef, { name, description });
