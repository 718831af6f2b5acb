import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@harbour/platform';
import { GracefulShutdown } from './graceful-shutdown';
import { createWorkerApp } from './http';

/** How long the worker waits for its connections to close after its jobs are settled (ms). */
const WORKER_CLOSE_WAIT_MS = 3_000;

/**
 * Boots the worker process: BullMQ processors, outbox relay, sweeps, and
 * /health and /metrics on WORKER_HTTP_PORT (0: any free port, printed). On
 * SIGTERM/SIGINT it stops within WORKER_SHUTDOWN_GRACE_MS (plus closing its
 * connections): active jobs finish or are handed back to their queue.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = new Logger('worker');
  const app = await createWorkerApp(config);
  await app.listen(config.WORKER_HTTP_PORT, config.HOST);
  const port = (app.getHttpServer().address() as { port: number }).port;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const shutdown = app.get(GracefulShutdown);
    log.log(`${signal}: stopping, ${shutdown.activeCount} active job(s) get ${config.WORKER_SHUTDOWN_GRACE_MS} ms to finish`);
    const report = await shutdown.stop();
    // Handlers still running were abandoned (their jobs are back in the queue): closing must not wait for them.
    // Closing is bounded too: BullMQ's Worker.close() can wait for ever on a blocking Redis client that
    // is reconnecting (taskforcesh/bullmq#4656), and nothing is left to lose once the jobs are settled.
    const closed = app
      .close()
      .then(() => true)
      .catch((e: Error) => (log.warn(`closing: ${e.message}`), true));
    const closeWithinMs = report.finished ? WORKER_CLOSE_WAIT_MS : 500;
    const clean = await Promise.race([closed, new Promise<false>((r) => setTimeout(() => r(false), closeWithinMs).unref())]);
    if (!clean) log.warn(`connections still closing after ${closeWithinMs} ms; exiting anyway`);
    log.log(`stopped after ${report.ms} ms (${report.handedBack} unfinished job(s) handed back)`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
  log.log(
    `Harbour worker running (queues prefixed "${config.QUEUE_PREFIX}", clock ${config.CLOCK_MODE}); health and metrics at http://localhost:${port}/health/ready and /metrics`,
  );
}

main().catch((e) => {
  console.error(`Harbour worker failed to start: ${(e as Error).message}`);
  process.exit(1);
});
