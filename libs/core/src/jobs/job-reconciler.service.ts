import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
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
} from '@harbour/platform';
import { escalationThresholds, pendingEscalationJobs } from '../escalations/escalation.service';

/**
 * Re-creates, from PostgreSQL, any job Redis should hold but does not (after a
 * Redis flush or restart without persistence): delayed jobs for SCHEDULED
 * reminders and ACTIVE holds, delivery jobs for undelivered notifications,
 * escalation jobs for waiting referrals not yet escalated.
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
    @InjectQueue(QueueName.ESCALATIONS) private readonly escalations: Queue<EscalationJob>,
  ) {}

  /** Returns how many jobs it asked BullMQ to (re-)add, by kind. */
  async reconcile(): Promise<{ holds: number; reminders: number; notifications: number; escalations: number }> {
    const now = (await this.clock.now()).getTime();
    const holds: { id: string; expires_at: Date }[] = await this.dataSource.query(`SELECT id, expires_at FROM hold WHERE status = 'ACTIVE'`);
    for (const h of holds) {
      await this.holdExpiry.add(
        JOB_NAMES[QueueName.HOLD_EXPIRY],
        { holdId: h.id, dueAt: h.expires_at.toISOString() },
        { jobId: JobIds.holdExpiry(h.id), delay: Math.max(0, h.expires_at.getTime() - now) },
      );
    }
    const reminders: { id: string; due_at: Date }[] = await this.dataSource.query(`SELECT id, due_at FROM reminder WHERE status = 'SCHEDULED'`);
    for (const r of reminders) {
      await this.reminders.add(
        JOB_NAMES[QueueName.REMINDERS],
        { reminderId: r.id, dueAt: r.due_at.toISOString() },
        { jobId: JobIds.reminder(r.id), delay: Math.max(0, r.due_at.getTime() - now) },
      );
    }
    // A notification that failed every attempt stays FAILED for a coordinator to
    // see; it is not retried for ever.
    const pending: { id: string }[] = await this.dataSource.query(`SELECT id FROM notification WHERE status IN ('PENDING','FAILED') AND attempts < $1`, [
      this.config.JOB_ATTEMPTS,
    ]);
    for (const n of pending) {
      await this.notifications.add(JOB_NAMES[QueueName.NOTIFICATIONS], { notificationId: n.id }, { jobId: JobIds.notification(n.id) });
    }
    // Every WAITING entry without an escalation: its job (due now or later); a duplicate id adds nothing.
    const waiting = await pendingEscalationJobs(this.dataSource, escalationThresholds(this.config));
    for (const job of waiting) {
      await this.escalations.add(JOB_NAMES[QueueName.ESCALATIONS], job, {
        jobId: JobIds.escalation(job.waitlistEntryId),
        delay: Math.max(0, Date.parse(job.dueAt) - now),
      });
    }
    return { holds: holds.length, reminders: reminders.length, notifications: pending.length, escalations: waiting.length };
  }
}
