import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import {
  CapacityJob,
  Clock,
  EscalationJob,
  HARBOUR_CONFIG,
  HarbourConfig,
  HoldExpiryJob,
  JobIds,
  JOB_NAMES,
  NotificationJob,
  QueueName,
  ReminderJob,
  WaitlistJob,
} from '@harbour/platform';
import { inTransaction } from '../persistence/transactions';
import { assignmentWindowHoldMs } from '../time/assignment-window-hold';
import { OutboxEventType } from './outbox.service';
import { LiveEvent, LiveEventPublisher } from '../live/live-events';

/** Advisory lock key: one relay batch at a time across all workers, so per-aggregate order holds. */
const RELAY_LOCK_KEY = 726_384_002;

interface Row {
  id: string;
  type: OutboxEventType;
  payload: Record<string, unknown>;
  request_id: string | null;
}

/** One waitlist job to add (collected per relay batch, added together). */
interface WaitlistJobSpec {
  name: (typeof JOB_NAMES)[QueueName.WAITLIST];
  data: WaitlistJob;
  opts: { jobId: string; delay: number };
}

/**
 * Moves committed outbox events into BullMQ (at least once, in commit order).
 * Job ids are deterministic, so publishing an event twice adds one job; the
 * handlers are idempotent, so a job run twice has one effect. After each batch
 * commits, it also publishes the batch's live events (liveEventsOf) on Redis
 * for the API's GraphQL subscriptions.
 */
@Injectable()
export class OutboxRelayService {
  private readonly log = new Logger(OutboxRelayService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    @InjectQueue(QueueName.HOLD_EXPIRY) private readonly holdExpiry: Queue<HoldExpiryJob>,
    @InjectQueue(QueueName.REMINDERS) private readonly reminders: Queue<ReminderJob>,
    @InjectQueue(QueueName.WAITLIST) private readonly waitlist: Queue<WaitlistJob>,
    @InjectQueue(QueueName.CAPACITY) private readonly capacity: Queue<CapacityJob>,
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly notifications: Queue<NotificationJob>,
    @InjectQueue(QueueName.ESCALATIONS) private readonly escalations: Queue<EscalationJob>,
    private readonly live: LiveEventPublisher,
  ) {}

  /**
   * Publishes up to `batch` unpublished events and marks them published in the
   * same transaction; if Redis fails midway nothing is marked and all are
   * retried. Returns how many were published (0 if another relay holds the lock).
   */
  async relayOnce(batch = 200): Promise<number> {
    let live: LiveEvent[] = [];
    const published = await inTransaction(this.dataSource, async (em) => {
      live = [];
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK_KEY]);
      if (!locked) return 0;
      const rows: Row[] = await em.query(`SELECT id, type, payload, request_id FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1`, [batch]);
      if (rows.length === 0) return 0;
      live = await liveEventsOf(em, rows);
      const now = (await this.clock.now()).getTime();
      const waitlistJobs: WaitlistJobSpec[] = [];
      for (const row of rows) await this.publish(row, now, waitlistJobs);
      // All waitlist jobs of the batch at once (one atomic addBulk): the first of them to run finds
      // every other one pending and takes their regions into its run (see WaitlistProcessor).
      if (waitlistJobs.length > 0) await this.waitlist.addBulk(await this.pastHold(em, waitlistJobs));
      await em.query(`UPDATE outbox_event SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
    // After the commit: an event published only once the batch is marked, so a retried batch may repeat one (subscribers re-read), never invent one.
    await this.live.publish(live);
    return published;
  }

  /**
   * While assignment windows are held (a replay closes them itself, see
   * ClockControlService.closeAssignmentWindows), delays each window past the
   * hold, so no timer closes it in the middle of a simulated step; a hold
   * that lapses (the replay stopped) lets the windows close a window's length
   * after it.
   */
  private async pastHold(em: EntityManager, jobs: WaitlistJobSpec[]): Promise<WaitlistJobSpec[]> {
    const heldMs = await assignmentWindowHoldMs(em);
    if (heldMs === 0) return jobs;
    return jobs.map((j) => ({
      ...j,
      data: { ...j.data, dueAt: new Date(Date.parse(j.data.dueAt!) + heldMs).toISOString() },
      opts: { ...j.opts, delay: j.opts.delay + heldMs },
    }));
  }

  /** Relays until nothing is left (tests, shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.relayOnce(); n > 0; n = await this.relayOnce()) total += n;
    return total;
  }

  private async publish(row: Row, now: number, waitlistJobs: WaitlistJobSpec[]): Promise<void> {
    const p = row.payload;
    // The request that caused the event, for the worker's log lines about its jobs.
    const trace = row.request_id ? { requestId: row.request_id } : {};
    switch (row.type) {
      case OutboxEventType.HOLD_CREATED: {
        const { holdId, expiresAt } = p as { holdId: string; expiresAt: string };
        await this.holdExpiry.add(
          JOB_NAMES[QueueName.HOLD_EXPIRY],
          { holdId, dueAt: expiresAt, ...trace },
          {
            jobId: JobIds.holdExpiry(holdId),
            delay: Math.max(0, Date.parse(expiresAt) - now),
          },
        );
        return;
      }
      case OutboxEventType.BEDS_CHANGED: {
        const { regionCodes, freed, delaySeconds = 0 } = p as { regionCodes: string[]; freed: boolean; delaySeconds?: number };
        await this.capacity.add(JOB_NAMES[QueueName.CAPACITY], { regionCodes, eventId: row.id, ...trace }, { jobId: JobIds.capacity(row.id) });
        // Delayed by the assignment window so that frees close together are assigned in one batch (see WaitlistProcessor).
        // dueAt is on Harbour's clock, so advanceClock promotes the job once the window has passed there.
        if (freed) {
          const delay = (this.config.ASSIGNMENT_WINDOW_SECONDS + delaySeconds) * 1000;
          waitlistJobs.push({
            name: JOB_NAMES[QueueName.WAITLIST],
            data: { regionCodes, eventId: row.id, dueAt: new Date(now + delay).toISOString(), ...trace },
            opts: { jobId: JobIds.waitlist(row.id), delay },
          });
        }
        return;
      }
      case OutboxEventType.REMINDERS_SCHEDULED: {
        const { reminders } = p as { reminders: { id: string; dueAt: string }[] };
        await this.reminders.addBulk(
          reminders.map((r) => ({
            name: JOB_NAMES[QueueName.REMINDERS],
            data: { reminderId: r.id, dueAt: r.dueAt, ...trace },
            opts: { jobId: JobIds.reminder(r.id), delay: Math.max(0, Date.parse(r.dueAt) - now) },
          })),
        );
        return;
      }
      case OutboxEventType.REMINDERS_CANCELLED: {
        const { reminderIds } = p as { reminderIds: string[] };
        // Best effort: a job that cannot be removed (running) finds its row CANCELLED and does nothing.
        for (const id of reminderIds) await this.reminders.remove(JobIds.reminder(id)).catch(() => 0);
        return;
      }
      case OutboxEventType.NOTIFICATION_CREATED: {
        const { notificationId } = p as { notificationId: string };
        await this.notifications.add(JOB_NAMES[QueueName.NOTIFICATIONS], { notificationId, ...trace }, { jobId: JobIds.notification(notificationId) });
        return;
      }
      case OutboxEventType.ESCALATION_SCHEDULED: {
        const { waitlistEntryId, dueAt } = p as { waitlistEntryId: string; dueAt: string };
        await this.escalations.add(
          JOB_NAMES[QueueName.ESCALATIONS],
          { waitlistEntryId, dueAt },
          {
            jobId: JobIds.escalation(waitlistEntryId),
            delay: Math.max(0, Date.parse(dueAt) - now),
          },
        );
        return;
      }
      default:
        this.log.error(`outbox event ${row.id} has unknown type ${String(row.type)}; skipped`);
    }
  }
}

/** Notification kinds that are also a change of a hold (its HOLD_CREATED event covers the offer). */
const HOLD_KINDS = new Set(['HOLD_EXPIRED', 'HOLD_DECLINED', 'HOLD_ACCEPTED']);
/** Notification kinds that are also a change of a capacity alert. */
const ALERT_KINDS = new Set(['CAPACITY_ALERT_OPENED', 'CAPACITY_ALERT_RESOLVED']);

/**
 * The live events of a batch of outbox rows: BEDS for BEDS_CHANGED, HOLD for
 * HOLD_CREATED, and for each NOTIFICATION_CREATED of a WEBHOOK row (the inbox
 * item) a NOTIFICATION, plus a HOLD or ALERT when the notification says a hold
 * ended or was accepted, or an alert opened or resolved. Reads the
 * notifications in `em` (the relay's SERVICE transaction).
 */
export async function liveEventsOf(em: EntityManager, rows: readonly Pick<Row, 'type' | 'payload'>[]): Promise<LiveEvent[]> {
  const out: LiveEvent[] = [];
  const notificationIds: string[] = [];
  for (const r of rows) {
    const p = r.payload;
    if (r.type === OutboxEventType.BEDS_CHANGED) {
      out.push({ type: 'BEDS', regionCodes: (p.regionCodes as string[]) ?? [], shelterIds: (p.shelterIds as string[] | undefined) ?? [] });
    } else if (r.type === OutboxEventType.HOLD_CREATED) {
      out.push({ type: 'HOLD', holdId: String(p.holdId) });
    } else if (r.type === OutboxEventType.NOTIFICATION_CREATED) {
      notificationIds.push(String(p.notificationId));
    }
  }
  if (notificationIds.length) {
    const ns: { id: string; kind: string; hold_id: string | null; alert_id: string | null }[] = await em.query(
      `SELECT id, kind, payload->>'holdId' AS hold_id, payload->>'alertId' AS alert_id
         FROM notification WHERE id = ANY($1::uuid[]) AND channel = 'WEBHOOK' ORDER BY created_at, id`,
      [notificationIds],
    );
    const holds = new Set<string>();
    const alerts = new Set<string>();
    for (const n of ns) {
      out.push({ type: 'NOTIFICATION', notificationId: n.id });
      if (HOLD_KINDS.has(n.kind) && n.hold_id && !holds.has(n.hold_id)) {
        holds.add(n.hold_id);
        out.push({ type: 'HOLD', holdId: n.hold_id });
      }
      if (ALERT_KINDS.has(n.kind) && n.alert_id && !alerts.has(n.alert_id)) {
        alerts.add(n.alert_id);
        out.push({ type: 'ALERT', alertId: n.alert_id });
      }
    }
  }
  return out;
}
