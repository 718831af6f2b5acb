import { AgencyEntity } from '../network/agency.entity';
import { BedEntity } from '../network/bed.entity';
import { RegionEntity } from '../network/region.entity';
import { RoomEntity } from '../network/room.entity';
import { ShelterEntity } from '../network/shelter.entity';
import { DecisionEntity } from '../referrals/decision.entity';
import { ReferralEntity } from '../referrals/referral.entity';
import { BedClaimEntity } from '../placements/bed-claim.entity';
import { HoldEntity } from '../placements/hold.entity';
import { PlacementEntity } from '../placements/placement.entity';
import { RecoveryPeriodEntity } from '../placements/recovery-period.entity';
import { ReminderEntity } from '../placements/reminder.entity';
import { WaitlistEntryEntity } from '../waitlist/waitlist-entry.entity';
import { AlertRuleEntity } from '../alerts/alert-rule.entity';
import { AlertEntity } from '../alerts/alert.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { MutationReceiptEntity } from '../identity/mutation-receipt.entity';
import { InitialSchema1764403200000 } from './migrations/1764403200000-initial-schema';
import { BedCounters1764489600000 } from './migrations/1764489600000-bed-counters';
import { AuditChain1764576000000 } from './migrations/1764576000000-audit-chain';
import { ConsentNotesRetention1764662400000 } from './migrations/1764662400000-consent-notes-retention';
import { WebhookEndpoints1764748800000 } from './migrations/1764748800000-webhook-endpoints';
import { BatchAssignment1765094400000 } from './migrations/1765094400000-batch-assignment';
import { TokenRevocationWritePolicy1765180800000 } from './migrations/1765180800000-token-revocation-write-policy';
import { ShelterAdultMaxAge1765300000000 } from './migrations/1765300000000-shelter-adult-max-age';
import { NrmStages1765500000000 } from './migrations/1765500000000-nrm-stages';
import { HoldHandover1765500000001 } from './migrations/1765500000001-hold-handover';
import { NrmPolicyVersionEntity } from '../nrm/nrm-policy-version.entity';
import { RecoveryNeedsAssessmentEntity } from '../nrm/recovery-needs-assessment.entity';
import { LeaveGrantEntity } from '../nrm/leave-grant.entity';
import { TokenRevocation1764921600000 } from './migrations/1764921600000-token-revocation';
import { TokenRevocationEntity } from '../identity/token-revocation.entity';
import { EmailRecipients1765008000000 } from './migrations/1765008000000-email-recipients';
import { WebhookEndpointEntity } from '../notifications/webhook-endpoint.entity';
import { ShelterLocationEntity } from '../network/shelter-location.entity';
import { EscalationEntity } from '../escalations/escalation.entity';
import { NoSilentWaiting1765400000000 } from './migrations/1765400000000-no-silent-waiting';
import { RegionAvailabilityEntity } from '../network/region-availability.entity';
import { AvailabilityCounts1765600000000 } from './migrations/1765600000000-availability-counts';
import { RowLevelSecurity1764835200000 } from './migrations/1764835200000-row-level-security';
import { OutboxRequestId1765700000000 } from './migrations/1765700000000-outbox-request-id';
import { ReportHistory1766000000000 } from './migrations/1766000000000-report-history';
import { ShelterRegionUpperIndex1766200000000 } from './migrations/1766200000000-shelter-region-upper-index';
import { ResumeStrandedReferrals1766400000000 } from './migrations/1766400000000-resume-stranded-referrals';
import { TurnawayBlockingRule1766500000000 } from './migrations/1766500000000-turnaway-blocking-rule';
import { NrmPolicySourceCorrections1766800000000 } from './migrations/1766800000000-nrm-policy-source-corrections';
import { AssignmentWindowHold1767700000000 } from './migrations/1767700000000-assignment-window-hold';
import { NotificationInbox1767800000000 } from './migrations/1767800000000-notification-inbox';
import { BedStatusEventEntity, OccupancySnapshotEntity, ReportEventEntity } from '../reports/report-history.entity';
import { AuditContentMac1765800000000 } from './migrations/1765800000000-audit-content-mac';
import { CallerScope1766100000000 } from './migrations/1766100000000-caller-scope';

/** Every TypeORM entity, listed explicitly (no globs: works the same built, in jest and in the CLI). */
export const ENTITIES = [
  RegionEntity,
  AgencyEntity,
  ShelterEntity,
  RoomEntity,
  BedEntity,
  ReferralEntity,
  DecisionEntity,
  HoldEntity,
  BedClaimEntity,
  PlacementEntity,
  RecoveryPeriodEntity,
  ReminderEntity,
  WaitlistEntryEntity,
  AlertRuleEntity,
  AlertEntity,
  NotificationEntity,
  OutboxEventEntity,
  AuditEventEntity,
  MutationReceiptEntity,
  WebhookEndpointEntity,
  ShelterLocationEntity,
  TokenRevocationEntity,
  ReportEventEntity,
  BedStatusEventEntity,
  OccupancySnapshotEntity,
  EscalationEntity,
  NrmPolicyVersionEntity,
  RecoveryNeedsAssessmentEntity,
  LeaveGrantEntity,
  RegionAvailabilityEntity,
];

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [
  InitialSchema1764403200000,
  BedCounters1764489600000,
  AuditChain1764576000000,
  ConsentNotesRetention1764662400000,
  WebhookEndpoints1764748800000,
  RowLevelSecurity1764835200000,
  TokenRevocation1764921600000,
  EmailRecipients1765008000000,
  BatchAssignment1765094400000,
  TokenRevocationWritePolicy1765180800000,
  ShelterAdultMaxAge1765300000000,
  NoSilentWaiting1765400000000,
  NrmStages1765500000000,
  HoldHandover1765500000001,
  AvailabilityCounts1765600000000,
  OutboxRequestId1765700000000,
  AuditContentMac1765800000000,
  ReportHistory1766000000000,
  CallerScope1766100000000,
  ShelterRegionUpperIndex1766200000000,
  ResumeStrandedReferrals1766400000000,
  TurnawayBlockingRule1766500000000,
  NrmPolicySourceCorrections1766800000000,
  AssignmentWindowHold1767700000000,
  NotificationInbox1767800000000,
];
