import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JobReconcilerService } from '@harbour/core';
import { MAINTENANCE_EVERY_MS, MaintenanceJob, MaintenanceTask, QueueName } from '@harbour/platform';

/** How often the periodic sweeps run, in ms (from the job catalogue, MAINTENANCE_EVERY_MS). */
export const SWEEP_EVERY_MS = {
  expireHolds: MAINTENANCE_EVERY_MS['expire-holds'],
  reconcileJobs: MAINTENANCE_EVERY_MS['reconcile-jobs'],
  sealAudit: MAINTENANCE_EVERY_MS['seal-audit'],
  retention: MAINTENANCE_EVERY_MS.retention,
  snapshotOccupancy: MAINTENANCE_EVERY_MS['snapshot-occupancy'],
};

/**
 * How often each worker checks that Redis still holds the sweeps' job
 * schedulers (ms). Redis restarted without persistence (or flushed) loses them
 * too, and with them the periodic reconcile that would refill Redis: so a
 * missing scheduler means Redis lost its data, and the worker registers the
 * sweeps again and reconciles at once.
 */
export const REDIS_LOSS_CHECK_MS = 5_000;

/**
 * Registers the periodic sweeps as BullMQ job schedulers (upsert by id, so any
 * number of workers booting together leave one of each) and reconciles jobs
 * from PostgreSQL once at start and whenever Redis is found to have lost its
 * data, so a Redis that lost its data is refilled while workers keep running.
 */
@Injectable()
export class Schedulers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(Schedulers.name);
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    @InjectQueue(QueueName.MAINTENANCE) private readonly maintenance: Queue<MaintenanceJob>,
    private readonly reconciler: JobReconcilerService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registerAndReconcile();
    this.timer = setInterval(() => void this.checkRedis(), REDIS_LOSS_CHECK_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Re-registers the sweeps and reconciles when the `reconcile-jobs` scheduler
   * is missing from Redis. Returns whether it had to. Redis unreachable: does
   * nothing (the next check tries again).
   */
  async checkRedis(): Promise<boolean> {
    if (this.checking) return false;
    this.checking = true;
    try {
      if (await this.maintenance.getJobScheduler('reconcile-jobs')) return false;
      this.log.warn('Redis lost its jobs (the reconcile-jobs scheduler is gone): registering the sweeps and reconciling from PostgreSQL');
      await this.registerAndReconcile();
      return true;
    } catch (e) {
      this.log.warn(`Redis check failed: ${(e as Error).message}`);
      return false;
    } finally {
      this.checking = false;
    }
  }

  /** One job scheduler per sweep of JOB_CATALOGUE (upsert by task name), then a reconcile; `reconcile-jobs` last. */
  private async registerAndReconcile(): Promise<void> {
    const sweeps = (Object.keys(MAINTENANCE_EVERY_MS) as MaintenanceTask[]).filter((task) => task !== 'reconcile-jobs');
    // snapshot-occupancy is hourly: today's snapshot stays fresh and yesterday's is final soon after midnight UTC.
    for (const task of sweeps) await this.registerSweep(task);
    const counts = await this.reconciler.reconcile();
    // Registered last: its presence means everything above is done.
    await this.registerSweep('reconcile-jobs');
    this.log.log(`reconciled jobs from PostgreSQL: ${JSON.stringify(counts)}`);
  }

  private async registerSweep(task: MaintenanceTask): Promise<void> {
    await this.maintenance.upsertJobScheduler(task, { every: MAINTENANCE_EVERY_MS[task] }, { name: task, data: { task } });
  }
}
