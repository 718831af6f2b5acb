import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, nestLogLevels } from '@harbour/platform';
import { WorkerModule } from './worker.module';

/** Boots the worker process: BullMQ processors, outbox relay, sweeps. Stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: nestLogLevels(config.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  new Logger('worker').log(`Harbour worker running (queues prefixed "${config.QUEUE_PREFIX}", clock ${config.CLOCK_MODE})`);
}

main().catch((e) => {
  console.error(`Harbour worker failed to start: ${(e as Error).message}`);
  process.exit(1);
});
