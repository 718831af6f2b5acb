import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, HarbourConfig, loadConfig } from '@harbour/platform';
import { createApiApp } from './http';

async function bootstrap(): Promise<void> {
  let config: HarbourConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = new Logger('api');
  const app = await createApiApp(config, logLevels(config.LOG_LEVEL));
  app.enableShutdownHooks();
  await app.listen(config.PORT);
  logger.log(`GraphQL API at http://localhost:${config.PORT}/graphql`);
}

/** Nest log levels at or above LOG_LEVEL. */
function logLevels(level: HarbourConfig['LOG_LEVEL']): ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] {
  const order = ['fatal', 'error', 'warn', 'log', 'debug'] as const;
  const index = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4 }[level];
  return order.slice(0, index + 1);
}

bootstrap().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
