import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';

/**
 * Hands every resolver error to Apollo unchanged, so `formatError` is the one
 * place that decides what a client sees and what gets logged (Nest's default
 * handler would log expected business errors such as NOT_FOUND as ERROR).
 * Outside GraphQL (an unknown path, a wrong method) it answers plain JSON in
 * the same error shape: never an HTML page, never a stack trace.
 */
@Catch()
export class GraphQLExceptionFilter implements GqlExceptionFilter {
  private readonly log = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.log.error(`unexpected HTTP error: ${(exception as Error)?.message}`);
    const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({
      errors: [{ message: status === 404 ? 'Not found: the API is at /graphql' : status >= 500 ? 'Internal error' : 'Bad request', extensions: { code } }],
    });
    return undefined;
  }
}
