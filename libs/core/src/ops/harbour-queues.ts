import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QueueName } from '@harbour/platform';
import { ConnectionErrorLog } from './connection-error-log';

/**
 * Every BullMQ queue of this process, in QueueName order (for metrics, health
 * and the queue dashboard). Their connection errors go to the
 * ConnectionErrorLog (without a listener BullMQ prints each one with its stack).
 */
@Injectable()
export class HarbourQueues {
  readonly all: Queue[];

  constructor(
    @InjectQueue(QueueName.HOLD_EXPIRY) holdExpiry: Queue,
    @InjectQueue(QueueName.REMINDERS) reminders: Queue,
    @InjectQueue(QueueName.WAITLIST) waitlist: Queue,
    @InjectQueue(QueueName.CAPACITY) capacity: Queue,
    @InjectQueue(QueueName.NOTIFICATIONS) notifications: Queue,
    @InjectQueue(QueueName.MAINTENANCE) maintenance: Queue,
    errors: ConnectionErrorLog,
  ) {
    this.all = [holdExpiry, reminders, waitlist, capacity, notifications, maintenance];
    for (const q of this.all) q.on('error', (e) => errors.report('redis', e));
  }
}
