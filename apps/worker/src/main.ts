import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@harbour/platform';
import { GracefulShutdown } from './graceful-shutdown';
import { createWorkerApp } from './http';

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
    const closed = app.close().catch((e: Error) => log.warn(`closing: ${e.message}`));
    if (report.finished) await closed;
    else await Promise.race([closed, new Promise((r) => setTimeout(r, 500))]);
    log.log(`stopped after ${report.ms} ms (${report.handedBack} unfinished job(s) handed back)`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
  log.log(`Harbour worker running (queues prefixed "${config.QUEUE_PREFIX}", clock ${config.CLOCK_MODE}); health and metrics at http://localhost:${port}/health/ready and /metrics`);
}

main().catch((e) => {
  console.error(`Harbour worker failed to start: ${(e as Error).message}`);
  process.exit(1);
});
