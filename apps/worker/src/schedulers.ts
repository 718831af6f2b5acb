import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JobReconcilerService } from '@harbour/core';
import { MaintenanceJob, QueueName } from '@harbour/platform';

/** How often the periodic sweeps run, in ms. */
export const SWEEP_EVERY_MS = { expireHolds: 60_000, reconcileJobs: 5 * 60_000, sealAudit: 5_000, retention: 24 * 3_600_000 };

/**
 * Registers the periodic sweeps as BullMQ job schedulers (upsert by id, so any
 * number of workers booting together leave one of each) and reconciles jobs
 * from PostgreSQL once at start, so a Redis that lost its data is refilled.
 */
@Injectable()
export class Schedulers implements OnApplicationBootstrap {
  private readonly log = new Logger(Schedulers.name);

  constructor(
    @InjectQueue(QueueName.MAINTENANCE) private readonly maintenance: Queue<MaintenanceJob>,
    private readonly reconciler: JobReconcilerService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      'expire-holds',
      { every: SWEEP_EVERY_MS.expireHolds },
      { name: 'expire-holds', data: { task: 'expire-holds' } },
    );
    await this.maintenance.upsertJobScheduler(
      'reconcile-jobs',
      { every: SWEEP_EVERY_MS.reconcileJobs },
      { name: 'reconcile-jobs', data: { task: 'reconcile-jobs' } },
    );
    await this.maintenance.upsertJobScheduler(
      'seal-audit',
      { every: SWEEP_EVERY_MS.sealAudit },
      { name: 'seal-audit', data: { task: 'seal-audit' } },
    );
    await this.maintenance.upsertJobScheduler(
      'retention',
      { every: SWEEP_EVERY_MS.retention },
      { name: 'retention', data: { task: 'retention' } },
    );
    const counts = await this.reconciler.reconcile();
    this.log.log(`reconciled jobs from PostgreSQL: ${JSON.stringify(counts)}`);
  }
}
