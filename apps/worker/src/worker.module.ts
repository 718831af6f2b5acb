import { DynamicModule, Module } from '@nestjs/common';

import { HarbourCoreModule, harbourLoggerModule, LogOptions, OpsModule } from '@harbour/core';
import { assertEveryJobHasHandler, HarbourConfig, nestLogLevels } from '@harbour/platform';
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
import { JobInstrumentation, traceJobs } from './job-instrumentation';

/** @nestjs/bullmq's metadata key for @Processor worker options (bull.constants; not exported by the package). */
const WORKER_METADATA = 'bullmq:worker_metadata';
/** @nestjs/bullmq's metadata key for @Processor's queue ({ name }; bull.constants). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** Processors, one per queue of the job catalogue (JOB_CATALOGUE; checked at start-up). */
const PROCESSORS = [
  HoldExpiryProcessor,
  RemindersProcessor,
  WaitlistProcessor,
  CapacityProcessor,
  NotificationsProcessor,
  MaintenanceProcessor,
  EscalationsProcessor,
];

/** The queue each processor consumes (its @Processor name). */
export function processorQueues(processors: { name: string }[] = PROCESSORS): string[] {
  return processors.map((p) => (Reflect.getMetadata(PROCESSOR_METADATA, p) as { name?: string } | undefined)?.name ?? `<${p.name} has no @Processor>`);
}

/**
 * Adds JOB_LOCK_MS to each processor's BullMQ worker options (set by
 * @Processor, read when @nestjs/bullmq creates the workers): how long a dead
 * worker's job stays locked before another worker takes it as stalled.
 */
function applyLockOptions(config: HarbourConfig): void {
  for (const processor of PROCESSORS) {
    const options = Reflect.getMetadata(WORKER_METADATA, processor) ?? {};
    Reflect.defineMetadata(WORKER_METADATA, { ...options, lockDuration: config.JOB_LOCK_MS, stalledInterval: config.JOB_LOCK_MS }, processor);
  }
}

/**
 * The worker: the core module plus one processor per queue, the outbox relay,
 * the sweeps, the heartbeat, and /health and /metrics (served when main.ts
 * listens on WORKER_HTTP_PORT; an application context without HTTP, as the
 * tests use, runs the same work).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: HarbourConfig, log: LogOptions = {}): DynamicModule {
    // Start-up check: every job of the catalogue has a processor (throws, naming the queue, before anything runs).
    assertEveryJobHasHandler(processorQueues());
    applyLockOptions(config);
    for (const processor of PROCESSORS) traceJobs(processor);
    JobInstrumentation.processors = PROCESSORS;
    return {
      module: WorkerModule,
      imports: [
        HarbourCoreModule.forRoot(config, 'SERVICE'),
        harbourLoggerModule(config, 'worker', log.levels ?? nestLogLevels(config.LOG_LEVEL), log.destination),
        OpsModule.forRoot('worker'),
      ],
      providers: [...PROCESSORS, OutboxRelayRunner, Schedulers, GracefulShutdown, JobInstrumentation],
    };
  }
}
