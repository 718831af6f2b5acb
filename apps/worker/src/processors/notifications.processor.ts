import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { NotificationService } from '@harbour/core';
import { NotificationJob, QueueName } from '@harbour/platform';

/** Delivers stored notifications to webhooks; failures are retried with exponential backoff. */
@Processor(QueueName.NOTIFICATIONS, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly notifications: NotificationService) {
    super();
  }

  async process(job: Job<NotificationJob>): Promise<string> {
    // attemptsMade counts finished attempts: this is attempt attemptsMade + 1 of JOB_ATTEMPTS.
    return this.notifications.deliver(job.data.notificationId, job.attemptsMade + 1);
  }
}
