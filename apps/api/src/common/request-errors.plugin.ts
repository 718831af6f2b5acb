import { DocumentNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import { contentionReason, ErrorCode, isConnectionFailure, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS, UnavailableReason } from '@harbour/platform';
import { inputFieldOf } from './input-path';

/**
 * Gives every error of a request that carries no code of its own the code
 * and HTTP status it deserves, before Apollo formats it (Apollo reads
 * `extensions.http` first, then calls formatError):
 * - a lost database connection anywhere (resolver, loader, field middleware),
 *   or contention that no retry absorbed (deadlock 40P01, serialization
 *   failure 40001, lock timeout 55P03, statement timeout 57014):
 *   SERVICE_UNAVAILABLE, HTTP 503, `Retry-After`, `reason`; safe to retry;
 * - a request-level graphql-js error without a code (no path and no original
 *   error, e.g. "Too many errors processing variables, error limit reached"):
 *   BAD_REQUEST, HTTP 400. Such errors are the client's, never a bug, so
 *   formatError logs them below error level.
 * Errors that already have a code are left alone.
 */
export function classifyRequestError(e: GraphQLError): void {
  const ext = e.extensions as Record<string, unknown>;
  if (ext.code !== undefined && ext.code !== ErrorCode.INTERNAL_SERVER_ERROR) return;
  const reason = contentionReason(e.originalError) ?? (isConnectionFailure(e.originalError) ? UnavailableReason.DATABASE_UNREACHABLE : null);
  if (reason) {
    const s = String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS);
    ext.code = ErrorCode.SERVICE_UNAVAILABLE;
    ext.retryAfter = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;
    ext.reason = reason;
    ext.http = { status: 503, headers: new Map([['retry-after', s]]) };
    return;
  }
  if (ext.code === undefined && !e.originalError && !e.path) {
    ext.code = ErrorCode.BAD_REQUEST;
    ext.http = { status: 400 };
  }
}

/** Apollo's codes for a request whose input does not fit the schema (variable coercion; validation of literals). */
const INPUT_CODES = new Set<unknown>([ErrorCode.BAD_USER_INPUT, 'GRAPHQL_VALIDATION_FAILED']);

/**
 * Names the input a type or coercion error of graphql-js is about, as
 * Harbour's own errors do: sets `extensions.field` (e.g. `input.adultMaxAge`
 * for `adultMaxAge: 1.5` given to an Int, `input.gender` for an unknown enum
 * value or a missing required field; see {@link inputFieldOf}) on a
 * BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED error that has none. The code
 * and the message are kept. Errors naming no input are left alone.
 */
export function nameInputField(e: GraphQLError, document: DocumentNode | undefined, operation?: OperationDefinitionNode | null): void {
  const ext = e.extensions as Record<string, unknown>;
  if (!document || !INPUT_CODES.has(ext.code) || ext.field !== undefined) return;
  const field = inputFieldOf(e, document, operation);
  if (field) ext.field = field;
}

/** The parts of Apollo's response context {@link enforceUnavailableStatus} reads and writes. */
export interface ResponseStatusContext {
  response: {
    http: { status?: number; headers: Map<string, string> };
    body: { kind: 'single'; singleResult: { errors?: readonly { extensions?: Record<string, unknown> }[] } } | { kind: 'incremental' };
  };
}

/**
 * The contract clients rely on (an officer's phone retries, the web app's
 * offline queue replays): a response that carries any SERVICE_UNAVAILABLE
 * error is HTTP 503 with `Retry-After`, even when other root fields answered
 * (their data is still in the body). Apollo takes the status from an error's
 * `extensions.http` only for errors that reached its formatter with it; this
 * makes the rule hold for every path, whichever field or phase lost the
 * connection.
 */
export function enforceUnavailableStatus(rc: ResponseStatusContext): void {
  const body = rc.response.body;
  if (body.kind !== 'single') return;
  if (!(body.singleResult.errors ?? []).some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
  rc.response.http.status = 503;
  rc.response.http.headers.set('retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
}

/**
 * The Apollo plugin that runs {@link classifyRequestError} and
 * {@link nameInputField} on every error a request met, and
 * {@link enforceUnavailableStatus} on its response.
 */
export function requestErrorsPlugin() {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({
          errors,
          document,
          operation,
        }: {
          errors: readonly GraphQLError[];
          document?: DocumentNode;
          operation?: OperationDefinitionNode | null;
        }) {
          for (const e of errors) {
            if (!(e instanceof GraphQLError)) continue;
            classifyRequestError(e);
            nameInputField(e, document, operation);
          }
        },
        async willSendResponse(rc: ResponseStatusContext) {
          enforceUnavailableStatus(rc);
        },
      };
    },
  };
}
