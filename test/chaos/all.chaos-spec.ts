/**
 * The whole chaos suite (`npm run test:chaos`, about 2 minutes once built):
 * real API and worker processes SIGKILLed, SIGTERMed, run as two replicas
 * each, killed between commit and relay, and left running while their Redis
 * restarts empty; then the database is checked for exactly-once effects.
 */
import { apiKilledBeforeRelay, backendsTerminated, chaosSetup, redisRestart, sigkillMidJob, sigtermBounded, twoApisTwoWorkers } from './scenarios';

chaosSetup();
sigkillMidJob();
sigtermBounded();
twoApisTwoWorkers();
apiKilledBeforeRelay();
redisRestart();
backendsTerminated();
