import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { DeliveryFailedError, NotificationService } from '@harbour/core';
import { NotificationJob, QueueName } from '@harbour/platform';

/**
 * Delivers stored notifications (webhook or email); failures are retried with
 * exponential backoff, except a permanent SMTP refusal (5xx), which fails the
 * job at once (a dead letter).
 */
@Processor(QueueName.NOTIFICATIONS, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly notifications: NotificationService) {
    super();
  }

  async process(job: Job<NotificationJob>): Promise<string> {
    try {
      // attemptsMade counts finished attempts: this is attempt attemptsMade + 1 of JOB_ATTEMPTS.
      return await this.notifications.deliver(job.data.notificationId, job.attemptsMade + 1);
    } catch (e) {
      if (e instanceof DeliveryFailedError && e.permanent) throw new UnrecoverableError(e.message);
      throw e;
    }
  }
}
