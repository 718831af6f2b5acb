import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { HarbourConfig } from '@harbour/platform';
import { ApiModule } from './api.module';
import { serveWebApp } from './web-app';

/** Largest JSON request body accepted, in bytes (1 MiB); larger ones get a 413 JSON error. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Creates the API application exactly as it runs (main.ts and tests alike):
 * secure HTTP headers, the web app (when built) at `/`, JSON bodies up to JSON_BODY_LIMIT, and body errors (too large, malformed
 * JSON) answered as GraphQL-style JSON errors, never an HTML page or a stack.
 */
export async function createApiApp(
  config: HarbourConfig,
  logger: ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] | false = ['error', 'warn'],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false, logger });
  // Secure headers (helmet); the content security policy comes with the web app (web-app.ts).
  app.use(helmet({ contentSecurityPolicy: false }));
  serveWebApp(app, config);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use((err: { status?: number; statusCode?: number; type?: string } | undefined, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const status = err.status ?? err.statusCode ?? 400;
    const tooLarge = status === 413;
    res.status(tooLarge ? 413 : 400).json({
      errors: [
        {
          message: tooLarge ? `Request body is larger than ${JSON_BODY_LIMIT} bytes` : 'Request body is not valid JSON',
          extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' },
        },
      ],
    });
  });
  return app;
}
