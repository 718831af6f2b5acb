import { DynamicModule, Module } from '@nestjs/common';

import { HarbourCoreModule } from '@harbour/core';
import { HarbourConfig } from '@harbour/platform';
import { CapacityProcessor } from './processors/capacity.processor';
import { EscalationsProcessor } from './processors/escalations.processor';
import { HoldExpiryProcessor } from './processors/hold-expiry.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { RemindersProcessor } from './processors/reminders.processor';
import { WaitlistProcessor } from './processors/waitlist.processor';
import { OutboxRelayRunner } from './outbox-relay.runner';
import { Schedulers } from './schedulers';
import { GracefulShutdown } from './graceful-shutdown';

/** @nestjs/bullmq's metadata key for @Processor worker options (bull.constants; not exported by the package). */
const WORKER_METADATA = 'bullmq:worker_metadata';

/** Processors, one per queue. */
const PROCESSORS = [
  HoldExpiryProcessor,
  RemindersProcessor,
  WaitlistProcessor,
  CapacityProcessor,
  NotificationsProcessor,
  MaintenanceProcessor,
  EscalationsProcessor,
];

/**
 * Adds JOB_LOCK_MS to each processor's BullMQ worker options (set by
 * @Processor, read when @nestjs/bullmq creates the workers): how long a dead
 * worker's job stays locked before another worker takes it as stalled.
 */
function applyLockOptions(config: HarbourConfig): void {
  for (const processor of PROCESSORS) {
    const options = Reflect.getMetadata(WORKER_METADATA, processor) ?? {};
    Reflect.defineMetadata(
      WORKER_METADATA,
      { ...options, lockDuration: config.JOB_LOCK_MS, stalledInterval: config.JOB_LOCK_MS },
      processor,
    );
  }
}

/** The worker: the core module plus one processor per queue, the outbox relay and the sweeps. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: HarbourConfig): DynamicModule {
    applyLockOptions(config);
    return {
      module: WorkerModule,
      imports: [HarbourCoreModule.forRoot(config, 'SERVICE')],
      providers: [
        ...PROCESSORS,
        OutboxRelayRunner,
        Schedulers,
        GracefulShutdown,
      ],
    };
  }
}
