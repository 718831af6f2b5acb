import { DefaultJobOptions } from 'bullmq';
import { HarbourConfig } from '@harbour/platform';

/**
 * Defaults for every Harbour job: JOB_ATTEMPTS attempts with exponential
 * backoff from JOB_BACKOFF_MS and jitter (so retries after an outage do not
 * arrive together); completed jobs are trimmed, failed ones kept: they are the
 * dead letters, listed by `failedJobs` and re-driven by `retryFailedJobs`.
 */
export function defaultJobOptions(config: Pick<HarbourConfig, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>): DefaultJobOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: false,
  };
}
