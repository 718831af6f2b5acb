import { GraphQLError } from 'graphql';
import { ErrorCode, isConnectionFailure, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '@harbour/platform';

/**
 * Gives every error of a request that carries no code of its own the code
 * and HTTP status it deserves, before Apollo formats it (Apollo reads
 * `extensions.http` first, then calls formatError):
 * - a lost database connection anywhere (resolver, loader, field middleware):
 *   SERVICE_UNAVAILABLE, HTTP 503, `Retry-After`; safe to retry;
 * - a request-level graphql-js error without a code (no path and no original
 *   error, e.g. "Too many errors processing variables, error limit reached"):
 *   BAD_REQUEST, HTTP 400. Such errors are the client's, never a bug, so
 *   formatError logs them below error level.
 * Errors that already have a code are left alone.
 */
export function classifyRequestError(e: GraphQLError): void {
  const ext = e.extensions as Record<string, unknown>;
  if (ext.code !== undefined && ext.code !== ErrorCode.INTERNAL_SERVER_ERROR) return;
  if (isConnectionFailure(e.originalError)) {
    const s = String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS);
    ext.code = ErrorCode.SERVICE_UNAVAILABLE;
    ext.retryAfter = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;
    ext.http = { status: 503, headers: new Map([['retry-after', s]]) };
    return;
  }
  if (ext.code === undefined && !e.originalError && !e.path) {
    ext.code = ErrorCode.BAD_REQUEST;
    ext.http = { status: 400 };
  }
}

/** The Apollo plugin that runs {@link classifyRequestError} on every error a request met. */
export function requestErrorsPlugin() {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }: { errors: readonly GraphQLError[] }) {
          for (const e of errors) {
            if (e instanceof GraphQLError) classifyRequestError(e);
          }
        },
      };
    },
  };
}
