import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { BadUserInputError, QueueName, ValidationReason } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { inTransaction, withCaller } from '../persistence/transactions';

/** Job counts of one queue. */
export interface QueueCounts {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A job that failed every attempt (a dead letter). */
export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  /** The last attempt's error message. */
  failedReason: string;
  attemptsMade: number;
  failedAt: Date | null;
  /** The job's payload (ids only: no personal data travels in jobs). */
  data: unknown;
}

/** The background work outstanding: outbox events not yet relayed, and each queue's jobs. */
export interface WorkStatus {
  outboxBacklog: number;
  queues: QueueCounts[];
}

/** What the worker has left to do (coordinators; replay and operators use it to see the worker keep up). */
@Injectable()
export class WorkStatusService {
  private readonly queues: Queue[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.HOLD_EXPIRY) holdExpiry: Queue,
    @InjectQueue(QueueName.REMINDERS) reminders: Queue,
    @InjectQueue(QueueName.WAITLIST) waitlist: Queue,
    @InjectQueue(QueueName.CAPACITY) capacity: Queue,
    @InjectQueue(QueueName.NOTIFICATIONS) notifications: Queue,
    @InjectQueue(QueueName.MAINTENANCE) maintenance: Queue,
    @InjectQueue(QueueName.ESCALATIONS) escalations: Queue,
  ) {
    this.queues = [holdExpiry, reminders, waitlist, capacity, notifications, maintenance, escalations];
  }

  /** Dead letters of one queue, newest first (coordinators). @throws BAD_USER_INPUT for an unknown queue. */
  async failedJobs(p: Principal, queueName: string, limit: number): Promise<FailedJob[]> {
    requireRole(p, Role.COORDINATOR);
    const queue = this.queue(queueName);
    const jobs = await queue.getFailed(0, Math.max(0, limit - 1));
    return jobs.map((j) => ({
      queue: queue.name as QueueName,
      id: String(j.id),
      name: j.name,
      failedReason: j.failedReason ?? '',
      attemptsMade: j.attemptsMade,
      failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
      data: j.data,
    }));
  }

  /**
   * Re-drives a queue's dead letters: every failed job goes back to waiting with
   * fresh attempts (coordinators). Handlers are idempotent, so a job whose work
   * was in fact done does nothing. Returns how many were failed before.
   */
  async retryFailed(p: Principal, queueName: string): Promise<number> {
    requireRole(p, Role.COORDINATOR);
    const queue = this.queue(queueName);
    const failed = await queue.getJobCountByTypes('failed');
    await queue.retryJobs({ state: 'failed' });
    await inTransaction(this.dataSource, async (em) => this.audit.record(em, p, new Date(), 'RETRY_FAILED_JOBS', 'queue', queue.name, { jobs: failed }));
    return failed;
  }

  private queue(name: string): Queue {
    const queue = this.queues.find((q) => q.name === name);
    if (!queue) {
      throw new BadUserInputError(ValidationReason.UNKNOWN_VALUE, `Unknown queue ${name}; one of ${this.queues.map((q) => q.name).join(', ')}`, 'queue');
    }
    return queue;
  }

  /** Current counts. @throws FORBIDDEN unless coordinator. */
  async status(p: Principal): Promise<WorkStatus> {
    requireRole(p, Role.COORDINATOR);
    const [{ n }] = await withCaller(this.dataSource, p, (em) => em.query('SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL'));
    const queues = await Promise.all(
      this.queues.map(async (q) => {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        return {
          name: q.name as QueueName,
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
        };
      }),
    );
    return { outboxBacklog: n, queues };
  }
}
