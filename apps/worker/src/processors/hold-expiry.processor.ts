import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { PlacementService } from '@harbour/core';
import { HoldExpiryJob, QueueName } from '@harbour/platform';
import { delayJob } from './delay';

/** Expires a hold when its time is up; the freed beds then go to the waitlist. */
@Processor(QueueName.HOLD_EXPIRY, { concurrency: 4 })
export class HoldExpiryProcessor extends WorkerHost {
  constructor(private readonly placements: PlacementService) {
    super();
  }

  async process(job: Job<HoldExpiryJob>, token?: string): Promise<string> {
    const result = await this.placements.expireHold(job.data.holdId);
    if (typeof result === 'object') return delayJob(job, token, result.dueInMs);
    return result;
  }
}
