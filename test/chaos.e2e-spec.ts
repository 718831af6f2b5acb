/**
 * Chaos, in `npm test` (about 2 minutes once built): real API and worker
 * processes SIGKILLed mid-job, SIGTERMed, run as two replicas each, killed
 * between commit and relay, and left running while their Redis restarts empty;
 * then the database is checked for exactly-once effects. The same scenarios
 * alone: `npm run test:chaos` (test/chaos/all.chaos-spec.ts).
 */
import { apiKilledBeforeRelay, backendsTerminated, chaosSetup, redisRestart, sigkillMidJob, sigtermBounded, twoApisTwoWorkers } from './chaos/scenarios';

chaosSetup();
sigkillMidJob();
sigtermBounded();
twoApisTwoWorkers();
apiKilledBeforeRelay();
redisRestart();
backendsTerminated();
