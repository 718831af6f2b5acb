import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { HarbourConfig, pinoHttpOptions, pinoHttpParam, pinoLevel } from '@harbour/platform';

/** How a process logs: Nest log levels (as nestLogLevels gives them) and, for tests, where the JSON lines go. */
export interface LogOptions {
  /** Nest levels to keep (['error'] keeps errors only); the least severe becomes pino's level. Default: LOG_LEVEL. */
  levels?: readonly string[] | false;
  /** Destination of the JSON lines (default stdout). */
  destination?: DestinationStream;
}

/**
 * nestjs-pino for one process (`service`: api or worker): JSON lines (pretty
 * only on a development TTY), the request log, `reqId` on every line logged
 * while serving a request. The process's entry point still has to
 * `app.useLogger(app.get(Logger))` for Nest's own lines to go through it.
 */
export function harbourLoggerModule(config: HarbourConfig, service: string, levels: readonly string[] | false, destination?: DestinationStream): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: pinoHttpParam(pinoHttpOptions(config, service, pinoLevel(levels)), destination),
  });
}
