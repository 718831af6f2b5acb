import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AuditChainService, JobReconcilerService, OccupancySnapshotService, PlacementService, RetentionService } from '@harbour/core';
import { MaintenanceJob, QueueName } from '@harbour/platform';

/** Periodic sweeps: expire overdue holds; re-create jobs missing from Redis; seal the audit chain and export its head; anonymise past retention; snapshot occupancy. */
@Processor(QueueName.MAINTENANCE, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost {
  constructor(
    private readonly placements: PlacementService,
    private readonly reconciler: JobReconcilerService,
    private readonly auditChain: AuditChainService,
    private readonly retention: RetentionService,
    private readonly occupancy: OccupancySnapshotService,
  ) {
    super();
  }

  async process(job: Job<MaintenanceJob>): Promise<unknown> {
    switch (job.data.task) {
      case 'expire-holds':
        return { expired: await this.placements.expireDueHolds() };
      case 'reconcile-jobs':
        return this.reconciler.reconcile();
      case 'seal-audit': {
        const sealed = await this.auditChain.seal();
        // Then the head, to AUDIT_HEAD_FILE (at most every AUDIT_HEAD_EXPORT_SECONDS).
        const exported = await this.auditChain.exportHead();
        return { sealed, exportedHead: exported?.seq ?? null };
      }
      case 'retention':
        return { anonymised: await this.retention.anonymiseClosedReferrals() };
      case 'snapshot-occupancy':
        return { rows: await this.occupancy.snapshotRecent() };
    }
  }
}
