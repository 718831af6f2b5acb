import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { QueueName } from '@harbour/platform';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';

/** Job counts of one queue. */
export interface QueueCounts {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
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
    @InjectQueue(QueueName.HOLD_EXPIRY) holdExpiry: Queue,
    @InjectQueue(QueueName.REMINDERS) reminders: Queue,
    @InjectQueue(QueueName.WAITLIST) waitlist: Queue,
    @InjectQueue(QueueName.CAPACITY) capacity: Queue,
    @InjectQueue(QueueName.NOTIFICATIONS) notifications: Queue,
    @InjectQueue(QueueName.MAINTENANCE) maintenance: Queue,
  ) {
    this.queues = [holdExpiry, reminders, waitlist, capacity, notifications, maintenance];
  }

  /** Current counts. @throws FORBIDDEN unless coordinator. */
  async status(p: Principal): Promise<WorkStatus> {
    requireRole(p, Role.COORDINATOR);
    const [{ n }] = await this.dataSource.query('SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL');
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
