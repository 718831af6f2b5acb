import { JobIds, MaintenanceJob, QueueName } from './queues';

/** A periodic sweep of the `maintenance` queue (its job name is the task). */
export type MaintenanceTask = MaintenanceJob['task'];

/**
 * The BullMQ job name of each queue's one kind of job (the `maintenance`
 * queue's jobs are named by their task instead: MAINTENANCE_EVERY_MS).
 * Producers (the outbox relay, the reconciler) add jobs under these names.
 */
export const JOB_NAMES = {
  [QueueName.HOLD_EXPIRY]: 'expire',
  [QueueName.REMINDERS]: 'send',
  [QueueName.WAITLIST]: 'offer',
  [QueueName.CAPACITY]: 'evaluate',
  [QueueName.NOTIFICATIONS]: 'deliver',
  [QueueName.ESCALATIONS]: 'open',
} as const;

/**
 * How often each periodic sweep runs (ms): the worker registers one BullMQ job
 * scheduler per task with this interval (upserted by the task's name, so any
 * number of workers leave one of each).
 */
export const MAINTENANCE_EVERY_MS: Record<MaintenanceTask, number> = {
  'expire-holds': 60_000,
  'seal-audit': 5_000,
  retention: 24 * 3_600_000,
  'snapshot-occupancy': 3_600_000,
  'reconcile-jobs': 5 * 60_000,
};

/** One kind of job: where it runs, what it is for, who queues it, when it runs and how it is retried. */
export interface JobKind {
  queue: QueueName;
  /** BullMQ job name. */
  name: string;
  /** The job id (deterministic, so adding it twice leaves one job), or how BullMQ names it. */
  id: string;
  purpose: string;
  /** What queues it. */
  addedBy: string;
  /** When it runs: a delay until a due time on Harbour's clock, at once, or an interval. */
  schedule: string;
  /** Interval of a periodic sweep (ms); absent for jobs queued by events. */
  everyMs?: number;
}

/** Retries of every job (libs/core defaultJobOptions): JOB_ATTEMPTS attempts, exponential backoff from JOB_BACKOFF_MS with jitter; then a dead letter (failedJobs / retryFailedJobs). */
export const JOB_RETRIES = 'JOB_ATTEMPTS attempts (default 8), exponential backoff from JOB_BACKOFF_MS with 50% jitter; then kept as a dead letter';

const MAINTENANCE_PURPOSE: Record<MaintenanceTask, string> = {
  'expire-holds': 'expires every ACTIVE hold past its expiry (a safety net under the per-hold jobs)',
  'seal-audit': 'seals new audit events into the hash chain and exports the chain head (AUDIT_HEAD_FILE)',
  retention: 'anonymises closed referrals past the retention period',
  'snapshot-occupancy': "refreshes today's (and finalises yesterday's) occupancy snapshot for reports",
  'reconcile-jobs': 're-creates from PostgreSQL every job Redis should hold and does not (after a Redis flush or restart)',
};

/**
 * Every kind of job Harbour runs, in one place: the worker checks at start-up
 * that each has a processor (assertEveryJobHasHandler), registers the sweeps
 * from it, and docs/operations.md ("Jobs") lists it (a unit test keeps the two
 * in step). Every job retries as JOB_RETRIES says.
 */
export const JOB_CATALOGUE: readonly JobKind[] = [
  {
    queue: QueueName.HOLD_EXPIRY,
    name: JOB_NAMES[QueueName.HOLD_EXPIRY],
    id: JobIds.holdExpiry('<holdId>'),
    purpose: 'expires a hold nobody confirmed and frees its bed',
    addedBy: 'outbox relay (HOLD_CREATED), reconciler',
    schedule: "delayed until the hold's expiresAt (Harbour clock; advanceClock promotes it)",
  },
  {
    queue: QueueName.REMINDERS,
    name: JOB_NAMES[QueueName.REMINDERS],
    id: JobIds.reminder('<reminderId>'),
    purpose: 'sends one recovery-period reminder',
    addedBy: 'outbox relay (REMINDERS_SCHEDULED; removed on REMINDERS_CANCELLED), reconciler',
    schedule: "delayed until the reminder's dueAt (Harbour clock; advanceClock promotes it)",
  },
  {
    queue: QueueName.WAITLIST,
    name: JOB_NAMES[QueueName.WAITLIST],
    id: JobIds.waitlist('<outboxEventId>'),
    purpose: 'offers freed beds to waiting referrals (batch assignment; pending jobs coalesce into one run)',
    addedBy: 'outbox relay (BEDS_CHANGED that freed beds)',
    schedule:
      'delayed by ASSIGNMENT_WINDOW_SECONDS (dueAt on Harbour clock; advanceClock promotes it), or until closeAssignmentWindows while a replay holds the windows',
  },
  {
    queue: QueueName.CAPACITY,
    name: JOB_NAMES[QueueName.CAPACITY],
    id: JobIds.capacity('<outboxEventId>'),
    purpose: 're-evaluates the capacity alert rules of the changed regions (opens or resolves alerts)',
    addedBy: 'outbox relay (BEDS_CHANGED)',
    schedule: 'at once',
  },
  {
    queue: QueueName.NOTIFICATIONS,
    name: JOB_NAMES[QueueName.NOTIFICATIONS],
    id: JobIds.notification('<notificationId>'),
    purpose: 'delivers a stored notification to its webhook or email',
    addedBy: 'outbox relay (NOTIFICATION_CREATED), reconciler (undelivered notifications)',
    schedule: 'at once',
  },
  {
    queue: QueueName.ESCALATIONS,
    name: JOB_NAMES[QueueName.ESCALATIONS],
    id: JobIds.escalation('<waitlistEntryId>'),
    purpose: 'opens an escalation for a referral still waiting past its urgency time',
    addedBy: 'outbox relay (ESCALATION_SCHEDULED), reconciler',
    schedule: 'delayed until the wait passes ESCALATION_AFTER_HOURS_<urgency> (Harbour clock; advanceClock promotes it)',
  },
  ...(Object.keys(MAINTENANCE_EVERY_MS) as MaintenanceTask[]).map((task): JobKind => ({
    queue: QueueName.MAINTENANCE,
    name: task,
    id: `repeat:${task}:<time> (job scheduler ${task})`,
    purpose: MAINTENANCE_PURPOSE[task],
    addedBy: 'worker job scheduler (registered at start and whenever Redis lost it)',
    schedule: `every ${formatInterval(MAINTENANCE_EVERY_MS[task])}`,
    everyMs: MAINTENANCE_EVERY_MS[task],
  })),
];

/** 5000 -> "5 s", 60000 -> "1 min", 3600000 -> "1 h", 86400000 -> "24 h". */
function formatInterval(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}

/**
 * Start-up check: every queue of the catalogue has a processor, and every
 * processor's queue is in the catalogue.
 * @param processorQueues - the queue of each processor the worker runs.
 * @throws Error naming the queues without a handler (or without a catalogue entry).
 */
export function assertEveryJobHasHandler(processorQueues: string[]): void {
  const handled = new Set(processorQueues);
  const missing = [...new Set(JOB_CATALOGUE.map((k) => k.queue))].filter((q) => !handled.has(q));
  if (missing.length) throw new Error(`No processor for queue(s) ${missing.join(', ')}: every job in JOB_CATALOGUE needs a handler`);
  const unknown = [...handled].filter((q) => !JOB_CATALOGUE.some((k) => k.queue === q));
  if (unknown.length) throw new Error(`Processor(s) for queue(s) ${unknown.join(', ')} missing from JOB_CATALOGUE`);
}

/** The catalogue as the Markdown table in docs/operations.md ("Jobs"); a unit test keeps the doc in step. */
export function renderJobTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = JOB_CATALOGUE.map(
    (k) => `| \`${k.queue}\` | \`${k.name}\` | \`${cell(k.id)}\` | ${cell(k.purpose)} | ${cell(k.addedBy)} | ${cell(k.schedule)} |`,
  );
  return ['| queue | job | id | does | queued by | runs |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
