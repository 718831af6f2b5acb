import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { WaitlistAssignmentService } from '@harbour/core';
import { QueueName, WaitlistJob } from '@harbour/platform';

/**
 * Offers freed beds to waiting referrals by batch assignment (docs/rules.md "Matching
 * policy"). One job at a time per worker: offers compete for the same beds.
 *
 * Coalescing: the outbox relay delays each `waitlist` job by
 * ASSIGNMENT_WINDOW_SECONDS. When one runs, the regions of every other
 * waitlist job still waiting or delayed are added to its own (their beds are
 * already free), so frees and arrivals within the window are assigned together
 * in one run; the jobs that run afterwards find those beds taken and make no
 * offers (a job is idempotent: it only assigns what is free then). The relay
 * adds the jobs of one batch of outbox events together (one addBulk), so frees
 * committed before a relay pass are always pending together. A free committed
 * after the window's first job has started is assigned by a later run: the
 * window starts at the first free, it is not extended by later ones.
 */
@Processor(QueueName.WAITLIST, { concurrency: 1 })
export class WaitlistProcessor extends WorkerHost {
  constructor(
    private readonly assignment: WaitlistAssignmentService,
    @InjectQueue(QueueName.WAITLIST) private readonly queue: Queue<WaitlistJob>,
  ) {
    super();
  }

  async process(job: Job<WaitlistJob>): Promise<{ offers: number; regionCodes: string[] }> {
    const regionCodes = await this.affectedRegions(job);
    const { holds } = await this.assignment.assignWaitlist(regionCodes);
    return { offers: holds.length, regionCodes };
  }

  /** This job's regions plus those of every pending waitlist job; empty (= every region) if any of them says anywhere. */
  private async affectedRegions(job: Job<WaitlistJob>): Promise<string[]> {
    const pending = await this.queue.getJobs(['waiting', 'delayed', 'prioritized'], 0, 999);
    const all = [job.data, ...pending.filter((j) => j && j.id !== job.id).map((j) => j.data)];
    if (all.some((d) => !d?.regionCodes?.length)) return [];
    return [...new Set(all.flatMap((d) => d.regionCodes))].sort();
  }
}
