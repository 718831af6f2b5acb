import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError } from '@harbour/domain';
import { contentionReason, ErrorCode, HarbourError, isConnectionFailure, ServiceUnavailableError, UnavailableReason } from '@harbour/platform';

const logger = new Logger('GraphQLErrors');

/**
 * Extension keys a client may see; everything else (stacktrace, exception, originalError) is dropped.
 * `problems`: every refused item of a bulk input ({ index, field, code, message }).
 * `reason`: why a SERVICE_UNAVAILABLE answer was given (UnavailableReason), or why a verified token
 * names no caller (ROLE_UNMAPPED, ROLE_AMBIGUOUS, CLAIM_INVALID); `claim`: which claim.
 * `conflicts`: each current hold or placement a refused policy change would break ({ kind, id, rule, message }).
 */
const SAFE_EXTENSIONS = ['code', 'field', 'entity', 'id', 'retryAfter', 'problems', 'reason', 'claim', 'conflicts', 'http'] as const;

/** Apollo's own request-level codes (parse, validation, bad variables, CSRF): safe as they are. */
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function pick(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SAFE_EXTENSIONS) {
    if (key !== 'http' && extensions?.[key] !== undefined) out[key] = extensions[key];
  }
  return out;
}

/**
 * Apollo `formatError`: keeps the message and safe extensions (code, field,
 * entity, id) of Harbour's typed errors and of Apollo's request errors; maps
 * domain rule errors (INVALID_INPUT → BAD_USER_INPUT, others → CONFLICT); a lost
 * database connection or contention (SQLSTATE 40P01, 40001, 55P03, 57014) →
 * SERVICE_UNAVAILABLE with its `reason` (warn); an uncoded request-level
 * graphql-js error → BAD_REQUEST (debug; see requestErrorsPlugin); turns
 * anything else into INTERNAL_SERVER_ERROR "Internal error" and logs the
 * original. Never sends a stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof HarbourError) {
    return { ...base, message: original.message, extensions: pick(original.extensions) };
  }
  if (original instanceof DomainError) {
    const code = original.code === 'INVALID_INPUT' ? ErrorCode.BAD_USER_INPUT : ErrorCode.CONFLICT;
    return {
      ...base,
      message: original.message,
      extensions: original.field ? { code, field: original.field } : { code },
    };
  }
  // A lost database connection, or contention (deadlock, serialization failure, lock or statement
  // timeout) outside inTransaction's retries (requestErrorsPlugin set HTTP 503 and Retry-After): retryable, not a bug.
  const unavailable = contentionReason(original) ?? (isConnectionFailure(original) ? UnavailableReason.DATABASE_UNREACHABLE : null);
  if (unavailable || formatted.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) {
    logger.warn(`Database unavailable at ${formatted.path?.join('.') ?? '(request)'}: ${(original as Error | undefined)?.message ?? String(original)}`);
    const e = new ServiceUnavailableError(undefined, unavailable ?? UnavailableReason.DATABASE_UNREACHABLE);
    return { ...base, message: e.message, extensions: pick(e.extensions) };
  }
  // A request-level error of graphql-js without a code of its own (requestErrorsPlugin made it
  // BAD_REQUEST, HTTP 400): the client's mistake, logged at debug level only.
  if (formatted.extensions?.code === ErrorCode.BAD_REQUEST && original instanceof GraphQLError && !original.originalError) {
    logger.debug(`Bad request: ${formatted.message}`);
    return { ...base, extensions: { code: ErrorCode.BAD_REQUEST } };
  }
  // A GraphQLError raised by graphql-js or Apollo (parse, validation, variable coercion) or one
  // of ours with a known code: safe to show as it is, minus internals.
  const code = formatted.extensions?.code;
  const known = APOLLO_CODES.has(String(code)) || (code !== ErrorCode.INTERNAL_SERVER_ERROR && (Object.values(ErrorCode) as unknown[]).includes(code));
  if (original instanceof GraphQLError && known) {
    return { ...base, extensions: pick(formatted.extensions as Record<string, unknown>) };
  }
  const err = original as Error | undefined;
  logger.error(`Unexpected error at ${formatted.path?.join('.') ?? '(request)'}: ${err?.message ?? String(original)}`, err?.stack);
  return { ...base, message: 'Internal error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
