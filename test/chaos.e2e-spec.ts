/**
 * Chaos, the short subset in `npm test` (about 40 s once built): a worker
 * SIGKILLed mid-job, and Redis restarted without persistence under a running
 * worker (which found a real bug: the periodic reconcile was itself lost with
 * Redis). Every scenario, with SIGTERM, two replicas of each process and the
 * API killed before relay: `npm run test:chaos` (test/chaos/all.chaos-spec.ts).
 */
import { chaosSetup, redisRestart, sigkillMidJob } from './chaos/scenarios';

chaosSetup();
sigkillMidJob();
redisRestart();
