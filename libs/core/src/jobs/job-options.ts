import { DefaultJobOptions } from 'bullmq';

/**
 * Defaults for every Harbour job: retried with exponential backoff; completed
 * jobs are trimmed, failed ones kept (they are the dead letters to look at).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};
