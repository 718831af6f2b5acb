import { DelayedError, Job } from 'bullmq';

/**
 * Puts a job back to wait `ms` more (its time has not come by Harbour's clock)
 * and stops this attempt without counting it as a failure.
 */
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(ms)), token);
  throw new DelayedError();
}
