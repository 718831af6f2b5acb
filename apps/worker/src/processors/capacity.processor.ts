import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AlertService } from '@harbour/core';
import { CapacityJob, QueueName } from '@harbour/platform';

/** Re-evaluates capacity alert rules for the regions whose beds changed. */
@Processor(QueueName.CAPACITY, { concurrency: 2 })
export class CapacityProcessor extends WorkerHost {
  constructor(private readonly alerts: AlertService) {
    super();
  }

  async process(job: Job<CapacityJob>): Promise<{ opened: number; resolved: number }> {
    const results = await this.alerts.evaluateRegions(job.data.regionCodes);
    return {
      opened: results.filter((r) => r.action === 'OPEN').length,
      resolved: results.filter((r) => r.action === 'RESOLVE').length,
    };
  }
}
