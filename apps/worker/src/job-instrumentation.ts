import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job, Processor } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { ConnectionErrorLog, HarbourMetrics } from '@harbour/core';
import { QueueName, runWithRequestContext, TracedJob } from '@harbour/platform';

/** Where JobInstrumentation leaves, on each processor instance, how to run one of its jobs. */
const RUN_JOB = Symbol('harbour.runJob');

type JobRunner = <T>(job: Job<TracedJob>, work: () => Promise<T>) => Promise<T>;

/**
 * Wraps a processor class's `process` (once, before @nestjs/bullmq binds it)
 * so that the instance's JobInstrumentation runner, when there is one, runs
 * each job: a job that carries the id of the request that caused it then runs
 * with that request id as the current one, so the worker's log lines during
 * the job carry `reqId`, and outbox events the job writes pass it on.
 */
export function traceJobs(processor: { prototype: { process: Processor } }): void {
  const original = processor.prototype.process as Processor & { traced?: boolean };
  if (original.traced) return;
  const traced = function (this: { [RUN_JOB]?: JobRunner }, job: Job<TracedJob>, token?: string) {
    const runner = this[RUN_JOB];
    return runner ? runner(job, () => original.call(this, job, token)) : original.call(this, job, token);
  } as Processor & { traced?: boolean };
  traced.traced = true;
  processor.prototype.process = traced;
}

/**
 * One log line and one `harbour_job_duration_seconds` observation per job
 * attempt that completes or fails (with the queue, job name and id, attempt,
 * duration, and the causing request's `reqId`); worker connection errors go
 * to the ConnectionErrorLog instead of BullMQ's stack dumps.
 */
@Injectable()
export class JobInstrumentation implements OnApplicationBootstrap {
  private readonly log = new Logger('jobs');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly metrics: HarbourMetrics,
    private readonly errors: ConnectionErrorLog,
    private readonly pino: PinoLogger,
  ) {}

  /** Processor classes whose workers to instrument (set by WorkerModule). */
  static processors: (new (...args: never[]) => WorkerHost)[] = [];

  onApplicationBootstrap(): void {
    for (const type of JobInstrumentation.processors) {
      const host = this.moduleRef.get(type, { strict: false });
      (host as unknown as { [RUN_JOB]: JobRunner })[RUN_JOB] = (job, work) => this.run(job, work);
      const worker = host.worker;
      worker.on('error', (e) => this.errors.report('redis', e));
      worker.on('completed', (job) => this.finished(worker.name, job, 'completed'));
      worker.on('failed', (job, err) => job && this.finished(worker.name, job, 'failed', err));
    }
  }

  private run<T>(job: Job<TracedJob>, work: () => Promise<T>): Promise<T> {
    const requestId = job.data?.requestId;
    if (!requestId) return work();
    return this.pino.runInContext(() => runWithRequestContext({ requestId }, work), { bindings: { reqId: requestId } });
  }

  private finished(queue: string, job: Job<TracedJob>, outcome: 'completed' | 'failed', err?: Error): void {
    const end = job.finishedOn ?? Date.now();
    const durationMs = job.processedOn ? Math.max(0, end - job.processedOn) : 0;
    this.metrics.jobDuration.observe({ queue, outcome }, durationMs / 1000);
    const fields = {
      msg: `job ${outcome}`,
      queue,
      job: job.name,
      jobId: job.id,
      attempt: job.attemptsMade,
      durationMs,
      ...(job.data?.requestId ? { reqId: job.data.requestId } : {}),
    };
    // A periodic sweep (the maintenance queue; seal-audit runs every 5 s) that completes is routine:
    // at info level it would be most of the log. Its failures stay warnings like every job's.
    if (outcome === 'completed') {
      if (queue === QueueName.MAINTENANCE) this.log.debug(fields);
      else this.log.log(fields);
    } else
      this.log.warn({
        ...fields,
        error: String(err?.message ?? err)
          .split('\n')[0]
          .slice(0, 300),
      });
  }
}
