/**
 * BullMQ queue names and job payloads. One queue per workload, so a busy one
 * (notifications) never starves another (hold expiry).
 */
export enum QueueName {
  /** Delayed job per hold, due when the hold expires. */
  HOLD_EXPIRY = 'hold-expiry',
  /** Delayed job per recovery-period reminder. */
  REMINDERS = 'reminders',
  /** Offers freed beds to waiting referrals. */
  WAITLIST = 'waitlist',
  /** Re-evaluates capacity alert rules after bed changes. */
  CAPACITY = 'capacity',
  /** Delivers stored notifications to webhooks. */
  NOTIFICATIONS = 'notifications',
  /** Periodic sweeps (job schedulers): expire overdue holds, re-create missing jobs. */
  MAINTENANCE = 'maintenance',
  /** Delayed job per waitlist entry, due when its wait passes the urgency's escalation time. */
  ESCALATIONS = 'escalations',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/** Carried by jobs made from an outbox event written during an HTTP request: that request's id (for the logs). */
export interface TracedJob {
  requestId?: string;
}

/** `hold-expiry` job: expire `holdId` at `dueAt` (ISO instant, Harbour clock). */
export interface HoldExpiryJob extends TracedJob {
  holdId: string;
  dueAt: string;
}

/** `reminders` job: send reminder `reminderId` at `dueAt` (ISO instant, Harbour clock). */
export interface ReminderJob extends TracedJob {
  reminderId: string;
  dueAt: string;
}

/**
 * `waitlist` job: beds may have freed up in these regions (empty = anywhere).
 * `dueAt` (ISO instant, Harbour clock) is when its assignment window closes:
 * moving the adjustable clock past it promotes the job like any other delayed
 * job (absent on jobs queued before it existed, which then wait in real time).
 */
export interface WaitlistJob extends TracedJob {
  regionCodes: string[];
  eventId: string;
  dueAt?: string;
}

/** `capacity` job: re-evaluate alert rules for these regions. */
export interface CapacityJob extends TracedJob {
  regionCodes: string[];
  eventId: string;
}

/** `escalations` job: open an escalation for waitlist entry `waitlistEntryId` at `dueAt` (ISO instant, Harbour clock) if it still waits. */
export interface EscalationJob {
  waitlistEntryId: string;
  dueAt: string;
}

/** `notifications` job: deliver notification `notificationId`. */
export interface NotificationJob extends TracedJob {
  notificationId: string;
}

/** `maintenance` job: one periodic sweep. */
export interface MaintenanceJob {
  task: 'expire-holds' | 'reconcile-jobs' | 'seal-audit' | 'retention' | 'snapshot-occupancy';
}

/**
 * Deterministic BullMQ job ids: the same work always gets the same id, so a
 * relay or reconciler that adds it twice leaves one job (BullMQ ignores a
 * duplicate id). BullMQ forbids ':' in custom ids, hence '-'.
 */
export const JobIds = {
  holdExpiry: (holdId: string) => `hold-${holdId}`,
  reminder: (reminderId: string) => `reminder-${reminderId}`,
  waitlist: (eventId: string) => `waitlist-${eventId}`,
  capacity: (eventId: string) => `capacity-${eventId}`,
  notification: (notificationId: string) => `notification-${notificationId}`,
  escalation: (waitlistEntryId: string) => `escalation-${waitlistEntryId}`,
};
