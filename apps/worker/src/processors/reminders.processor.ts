import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ReminderService } from '@harbour/core';
import { QueueName, ReminderJob } from '@harbour/platform';
import { delayJob } from './delay';

/** Sends a recovery-period reminder when it falls due (once: the reminder row says whether it went). */
@Processor(QueueName.REMINDERS, { concurrency: 4 })
export class RemindersProcessor extends WorkerHost {
  constructor(private readonly reminders: ReminderService) {
    super();
  }

  async process(job: Job<ReminderJob>, token?: string): Promise<string> {
    const result = await this.reminders.send(job.data.reminderId);
    if (typeof result === 'object') return delayJob(job, token, result.dueInMs);
    return result;
  }
}
