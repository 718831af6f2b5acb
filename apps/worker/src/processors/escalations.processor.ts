import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EscalationService } from '@harbour/core';
import { EscalationJob, QueueName } from '@harbour/platform';
import { delayJob } from './delay';

/** Opens an escalation when a waiting referral's time is up (once: the escalation row says whether it opened). */
@Processor(QueueName.ESCALATIONS, { concurrency: 2 })
export class EscalationsProcessor extends WorkerHost {
  constructor(private readonly escalations: EscalationService) {
    super();
  }

  async process(job: Job<EscalationJob>, token?: string): Promise<string> {
    const result = await this.escalations.openIfDue(job.data.waitlistEntryId);
    if (typeof result === 'object') return delayJob(job, token, result.dueInMs);
    return result;
  }
}
