import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { HarbourConfig, requestIdFrom, runWithRequestContext } from '@harbour/platform';
import { ApiModule } from './api.module';
import { serveWebApp } from './web-app';

/** Largest JSON request body accepted, in bytes (1 MiB); larger ones get a 413 JSON error. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Answers what Node's HTTP parser refuses before Express sees it (headers
 * larger than Node's --max-http-header-size, 16 KiB by default: 431; any other
 * malformed request: 400) with the same JSON error shape as every other
 * refusal, instead of Node's bare status line with an empty body. A socket
 * already written to, or gone, is just closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const headers = err.code === 'HPE_HEADER_OVERFLOW';
    const status = headers ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({
      errors: [
        {
          message: headers ? 'Request headers are too large' : 'Malformed HTTP request',
          extensions: { code: headers ? 'REQUEST_HEADER_FIELDS_TOO_LARGE' : 'BAD_REQUEST' },
        },
      ],
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/**
 * Creates the API application exactly as it runs (main.ts and tests alike):
 * secure HTTP headers, the web app (when built) at `/`, JSON bodies up to JSON_BODY_LIMIT, and body errors (too large, malformed
 * JSON) answered as GraphQL-style JSON errors, never an HTML page or a stack, and so are
 * requests Node's parser refuses (answerClientErrors: 431 for huge headers); a request id per
 * request (the caller's well-formed `x-request-id`, else a new one; echoed in the response
 * header) carried into the log lines and the jobs the request causes; JSON log lines through pino
 * at the least severe of `logger`'s levels, to `logDestination` when given (tests).
 */
export async function createApiApp(
  config: HarbourConfig,
  logger: ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] | false = ['error', 'warn'],
  logDestination?: DestinationStream,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, { levels: logger, destination: logDestination }), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  answerClientErrors(app.getHttpServer());
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
  // After the body parser (its stream callbacks would lose the context): everything the request does runs with its id.
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.id = requestId;
    res.setHeader('x-request-id', requestId);
    runWithRequestContext({ requestId }, next);
  });
  return app;
}
