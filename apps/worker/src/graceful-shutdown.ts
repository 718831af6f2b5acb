import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { CapacityProcessor } from './processors/capacity.processor';
import { HoldExpiryProcessor } from './processors/hold-expiry.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { RemindersProcessor } from './processors/reminders.processor';
import { WaitlistProcessor } from './processors/waitlist.processor';
import { OutboxRelayRunner } from './outbox-relay.runner';

/** What a bounded stop did: how long it took and how many unfinished jobs went back to their queue. */
export interface StopReport {
  ms: number;
  handedBack: number;
  /** Whether every active job finished within the grace period. */
  finished: boolean;
}

/**
 * Bounded stop of the worker (SIGTERM/SIGINT): stop the outbox relay and stop
 * taking jobs; let active jobs finish for at most WORKER_SHUTDOWN_GRACE_MS;
 * then move every job still running back to its queue's wait list (BullMQ
 * `moveToWait` with the job's lock token), where another worker takes it at
 * once, instead of waiting for the lock to expire and the job to be found
 * stalled. Handlers are idempotent, so a handed-back job whose effect was
 * already committed does nothing the second time.
 */
@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap {
  private readonly log = new Logger('worker');
  private readonly active = new Map<string, Job>();
  private readonly workers: Worker[] = [];
  private readonly hosts: { worker: Worker }[];

  constructor(
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly relay: OutboxRelayRunner,
    holdExpiry: HoldExpiryProcessor,
    reminders: RemindersProcessor,
    waitlist: WaitlistProcessor,
    capacity: CapacityProcessor,
    notifications: NotificationsProcessor,
    maintenance: MaintenanceProcessor,
  ) {
    this.hosts = [holdExpiry, reminders, waitlist, capacity, notifications, maintenance];
  }

  /** Tracks the jobs this process is running (BullMQ workers exist once modules are initialised). */
  onApplicationBootstrap(): void {
    for (const host of this.hosts) {
      const worker = host.worker;
      this.workers.push(worker);
      const key = (job: Job) => `${job.queueName}:${job.id}`;
      worker.on('active', (job) => this.active.set(key(job), job));
      worker.on('completed', (job) => this.active.delete(key(job)));
      worker.on('failed', (job) => job && this.active.delete(key(job)));
    }
  }

  /** Jobs running in this process now. */
  get activeCount(): number {
    return this.active.size;
  }

  /**
   * Stops the relay and the workers within WORKER_SHUTDOWN_GRACE_MS, handing
   * back whatever is still running then. Call before closing the application
   * (the database must stay open while jobs finish).
   */
  async stop(): Promise<StopReport> {
    const started = Date.now();
    await this.relay.onApplicationShutdown();
    const grace = this.config.WORKER_SHUTDOWN_GRACE_MS;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(this.workers.map((w) => w.close())).then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), grace))),
    ]);
    clearTimeout(timer);
    let handedBack = 0;
    if (!finished) {
      for (const job of [...this.active.values()]) {
        try {
          await job.moveToWait(job.token);
          handedBack++;
        } catch (e) {
          // Lost the lock already (finished meanwhile, or taken as stalled): nothing to hand back.
          this.log.warn(`could not hand back job ${job.queueName}:${job.id}: ${(e as Error).message}`);
        }
      }
      this.active.clear();
    }
    return { ms: Date.now() - started, handedBack, finished };
  }
}
