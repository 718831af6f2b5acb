import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { LogOptions } from '@harbour/core';
import { HarbourConfig } from '@harbour/platform';
import { WorkerModule } from './worker.module';

/**
 * Creates the worker exactly as it runs (main.ts and tests alike): the
 * processors, relay and sweeps, logging JSON lines through pino, with
 * /health/live, /health/ready and /metrics served once the caller listens
 * (on WORKER_HTTP_PORT in main.ts).
 */
export async function createWorkerApp(config: HarbourConfig, log: LogOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.forRoot(config, log), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
