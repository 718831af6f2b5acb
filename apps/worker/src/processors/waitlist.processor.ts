import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { PlacementService } from '@harbour/core';
import { QueueName, WaitlistJob } from '@harbour/platform';

/** Offers freed beds to waiting referrals. One at a time per worker: offers compete for the same beds. */
@Processor(QueueName.WAITLIST, { concurrency: 1 })
export class WaitlistProcessor extends WorkerHost {
  constructor(private readonly placements: PlacementService) {
    super();
  }

  async process(job: Job<WaitlistJob>): Promise<{ offers: number }> {
    const holds = await this.placements.offerToWaitlist(job.data.regionCodes);
    return { offers: holds.length };
  }
}
