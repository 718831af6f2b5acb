import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit, nestLogLevels } from '@harbour/platform';
import { createApiApp } from './http';

/** Boots the API process: GraphQL over HTTP on PORT. Stops cleanly on SIGTERM/SIGINT. */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = new Logger('api');
  const app = await createApiApp(config, nestLogLevels(config.LOG_LEVEL));
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  logger.log(`GraphQL API at http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}/graphql`);
}

bootstrap().catch((e: unknown) => {
  console.error(`Harbour API failed to start: ${(e as Error).message}`);
  process.exit(1);
});
