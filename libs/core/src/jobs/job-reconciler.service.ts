import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock, HARBOUR_CONFIG, HarbourConfig, HoldExpiryJob, JobIds, NotificationJob, QueueName, ReminderJob } from '@harbour/platform';

/**
 * Re-creates, from PostgreSQL, any job Redis should hold but does not (after a
 * Redis flush or restart without persistence): delayed jobs for SCHEDULED
 * reminders and ACTIVE holds, delivery jobs for undelivered notifications.
 * Deterministic job ids make it safe to run at any time, as often as wanted.
 */
@Injectable()
export class JobReconcilerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    @InjectQueue(QueueName.HOLD_EXPIRY) private readonly holdExpiry: Queue<HoldExpiryJob>,
    @InjectQueue(QueueName.REMINDERS) private readonly reminders: Queue<ReminderJob>,
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly notifications: Queue<NotificationJob>,
  ) {}

  /** Returns how many jobs it asked BullMQ to (re-)add, by kind. */
  async reconcile(): Promise<{ holds: number; reminders: number; notifications: number }> {
    const now = (await this.clock.now()).getTime();
    const holds: { id: string; expires_at: Date }[] = await this.dataSource.query(
      `SELECT id, expires_at FROM hold WHERE status = 'ACTIVE'`,
    );
    for (const h of holds) {
      await this.holdExpiry.add(
        'expire',
        { holdId: h.id, dueAt: h.expires_at.toISOString() },
        { jobId: JobIds.holdExpiry(h.id), delay: Math.max(0, h.expires_at.getTime() - now) },
      );
    }
    const reminders: { id: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT id, due_at FROM reminder WHERE status = 'SCHEDULED'`,
    );
    for (const r of reminders) {
      await this.reminders.add(
        'send',
        { reminderId: r.id, dueAt: r.due_at.toISOString() },
        { jobId: JobIds.reminder(r.id), delay: Math.max(0, r.due_at.getTime() - now) },
      );
    }
    // A notification that failed every attempt stays FAILED for a coordinator to
    // see; it is not retried for ever.
    const pending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification WHERE status IN ('PENDING','FAILED') AND attempts < $1`,
      [this.config.JOB_ATTEMPTS],
    );
    for (const n of pending) {
      await this.notifications.add('deliver', { notificationId: n.id }, { jobId: JobIds.notification(n.id) });
    }
    return { holds: holds.length, reminders: reminders.length, notifications: pending.length };
  }
}
