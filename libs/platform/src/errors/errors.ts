import { GraphQLError } from 'graphql';
import { AccessReason, AuthReason, NOT_FOUND_REASONS, type ErrorReason, type NotFoundEntity } from './reasons';

/**
 * Error codes carried in `extensions.code` (docs/architecture.md, API conventions). Expected
 * business outcomes (bed taken, waitlisted) are typed results, not errors.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The database (or another dependency) could not be reached; safe to retry after `retryAfter` seconds. HTTP 503. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** A malformed request that names no field (an uncoded request-level error of graphql-js). HTTP 400. */
  BAD_REQUEST = 'BAD_REQUEST',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Base of every error Harbour shows to a client: a message, `extensions.code`
 * and, where the error class asks for one, `extensions.reason` (one of the
 * typed reasons of reasons.ts; docs/errors.md lists them).
 */
export class HarbourError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** Bad input: `reason` says which rule refused it, `field` is the input path that is wrong, e.g. `input.dependants[3].ageBand`. */
export class BadUserInputError extends HarbourError {
  /** @param extensions - more detail for the client, e.g. `problems` (every refused item of a bulk input). */
  constructor(reason: ErrorReason, message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { ...extensions, reason, field } : { ...extensions, reason });
  }
}

/** No valid bearer token; `reason` says what is wrong with it. */
export class UnauthenticatedError extends HarbourError {
  /** @param extensions - more detail, e.g. `claim` for a token whose claims name no caller. */
  constructor(reason: AuthReason = AuthReason.TOKEN_MISSING, message = 'A valid bearer token is required', extensions: Record<string, unknown> = {}) {
    super(ErrorCode.UNAUTHENTICATED, message, { ...extensions, reason });
  }
}

/** The caller's role or scope does not allow this. */
export class ForbiddenError extends HarbourError {
  constructor(reason: AccessReason, message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message, { reason });
  }
}

/**
 * The record does not exist, or the caller may not know it exists (records of
 * another agency are reported as not found, so ids cannot be probed).
 */
export class NotFoundError extends HarbourError {
  /** @param entity - the kind of record; its reason is {@link NOT_FOUND_REASONS}[entity] (e.g. Hold: HOLD_NOT_FOUND). */
  constructor(entity: NotFoundEntity, id: string) {
    super(ErrorCode.NOT_FOUND, `${entity} ${id} not found`, { entity, id, reason: NOT_FOUND_REASONS[entity] });
  }
}

/** The request conflicts with the current state (duplicate, wrong state); `reason` says which conflict. */
export class ConflictError extends HarbourError {
  constructor(reason: ErrorReason, message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, { ...extensions, reason });
  }
}

/**
 * Too many requests from one user or one address; `retryAfter` is in seconds.
 * Answered with HTTP 429 and a Retry-After header.
 */
export class RateLimitedError extends HarbourError {
  constructor(scope: 'user' | 'address', retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Too many requests from this ${scope}; retry in ${retryAfterSeconds} s`, {
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

/** Seconds a client is asked to wait before retrying after a SERVICE_UNAVAILABLE answer. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/**
 * Why the database could not do the work now, in `extensions.reason` of a
 * SERVICE_UNAVAILABLE error. Every one is transient and nothing was committed:
 * - DATABASE_UNREACHABLE: the connection was lost or could not be made;
 * - DEADLOCK (SQLSTATE 40P01) and SERIALIZATION_FAILURE (40001): PostgreSQL
 *   rolled the transaction back to let a concurrent one finish;
 * - LOCK_TIMEOUT (55P03): a lock was not granted within lock_timeout (or NOWAIT);
 * - STATEMENT_TIMEOUT (57014): a statement ran (or waited) past statement_timeout.
 */
export enum UnavailableReason {
  DATABASE_UNREACHABLE = 'DATABASE_UNREACHABLE',
  DEADLOCK = 'DEADLOCK',
  SERIALIZATION_FAILURE = 'SERIALIZATION_FAILURE',
  LOCK_TIMEOUT = 'LOCK_TIMEOUT',
  STATEMENT_TIMEOUT = 'STATEMENT_TIMEOUT',
}

/** Client-facing message of each reason. */
const UNAVAILABLE_MESSAGES: Record<UnavailableReason, string> = {
  [UnavailableReason.DATABASE_UNREACHABLE]: 'The database is unavailable',
  [UnavailableReason.DEADLOCK]: 'The database is busy (a concurrent change got in the way)',
  [UnavailableReason.SERIALIZATION_FAILURE]: 'The database is busy (a concurrent change got in the way)',
  [UnavailableReason.LOCK_TIMEOUT]: 'The database is busy (waited too long for a lock)',
  [UnavailableReason.STATEMENT_TIMEOUT]: 'The database is busy (the request took too long)',
};

/**
 * The database could not do the work now: the connection was lost or could
 * not be made (a restart, a failover, a terminated backend), or the
 * transaction lost to contention (deadlock, serialization failure, lock or
 * statement timeout) more often than Harbour retries it. Nothing was committed
 * by this request, so it is safe to retry: HTTP 503 with a Retry-After header,
 * `retryAfter` in seconds, `reason` one of {@link UnavailableReason}.
 */
export class ServiceUnavailableError extends HarbourError {
  constructor(
    retryAfterSeconds = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
    readonly reason: UnavailableReason = UnavailableReason.DATABASE_UNREACHABLE,
    options: { cause?: unknown } = {},
  ) {
    super(ErrorCode.SERVICE_UNAVAILABLE, `${UNAVAILABLE_MESSAGES[reason]}; retry in ${retryAfterSeconds} s`, {
      retryAfter: retryAfterSeconds,
      reason,
      http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** SQLSTATEs of a transaction that lost to contention, and what each is called. */
const CONTENTION_SQLSTATES: Record<string, UnavailableReason> = {
  '40P01': UnavailableReason.DEADLOCK, // deadlock_detected
  '40001': UnavailableReason.SERIALIZATION_FAILURE, // serialization_failure
  '55P03': UnavailableReason.LOCK_TIMEOUT, // lock_not_available: lock_timeout, NOWAIT
  '57014': UnavailableReason.STATEMENT_TIMEOUT, // query_canceled: statement_timeout (or a cancel request)
};

/**
 * The contention `e` (a pg error, or a TypeORM QueryFailedError wrapping one)
 * reports: SQLSTATE 40P01 deadlock, 40001 serialization failure, 55P03 lock not
 * available, 57014 statement timeout / cancel; null for any other error. Such a
 * failure rolls the transaction back, commits nothing and is worth retrying.
 */
export function contentionReason(e: unknown): UnavailableReason | null {
  for (let err = e as Record<string, unknown> | undefined, depth = 0; err && typeof err === 'object' && depth < 4; depth++) {
    const code = typeof err.code === 'string' ? err.code : undefined;
    if (code && CONTENTION_SQLSTATES[code]) return CONTENTION_SQLSTATES[code];
    err = (err.driverError ?? err.cause ?? err.originalError) as Record<string, unknown> | undefined;
  }
  return null;
}

/** SQLSTATEs that mean the session is gone, outside class 08 (connection exception). */
const LOST_SESSION_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a smart/fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, in recovery
  '57P05', // idle_session_timeout
  '53300', // too_many_connections: the server or the database is at its connection limit
  '25P03', // idle_in_transaction_session_timeout
]);

/** Node socket error codes of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Messages node-postgres and TypeORM use for a lost connection (they carry no SQLSTATE). */
const LOST_CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
];

/**
 * TypeORM's errors for a query runner whose connection is gone. node-postgres
 * emits 'error' on a client whose backend was terminated, and TypeORM then
 * releases the runner: the next statement of the unit of work (even the first,
 * right after BEGIN) throws one of these instead of a pg error.
 */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * True when `e` (a pg error, a TypeORM QueryFailedError wrapping one, or a
 * socket error) says the database connection failed rather than the query:
 * SQLSTATE class 08, a terminated or timed-out session (57P01/02/03/05, 25P03),
 * no connection slot left (53300),
 * a socket error, node-postgres's "Connection terminated", or TypeORM's
 * QueryRunnerAlreadyReleasedError / QueryRunnerProviderAlreadyReleasedError
 * (the runner's connection was released after an error). Such failures are transient: retry, or answer SERVICE_UNAVAILABLE.
 */
export function isConnectionFailure(e: unknown): boolean {
  for (let err = e as Record<string, unknown> | undefined, depth = 0; err && typeof err === 'object' && depth < 4; depth++) {
    const code = typeof err.code === 'string' ? err.code : undefined;
    if (code && (code.startsWith('08') || LOST_SESSION_SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
    if (RELEASED_RUNNER_ERRORS.has(String(err.name)) || RELEASED_RUNNER_ERRORS.has(String(err.constructor?.name))) return true;
    const message = typeof err.message === 'string' ? err.message : '';
    if (!code && LOST_CONNECTION_MESSAGES.some((re) => re.test(message))) return true;
    err = (err.driverError ?? err.cause ?? err.originalError) as Record<string, unknown> | undefined;
  }
  return false;
}
