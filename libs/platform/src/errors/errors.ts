import { GraphQLError } from 'graphql';

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
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Base of every error Harbour shows to a client: a message and `extensions.code`. */
export class HarbourError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** Bad input. `field` is the input path that is wrong, e.g. `input.dependants[3].ageBand`. */
export class BadUserInputError extends HarbourError {
  /** @param extensions - more detail for the client, e.g. `problems` (every refused item of a bulk input). */
  constructor(message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { ...extensions, field } : extensions);
  }
}

/** No valid bearer token. */
export class UnauthenticatedError extends HarbourError {
  constructor(message = 'A valid bearer token is required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

/** The caller's role or scope does not allow this. */
export class ForbiddenError extends HarbourError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/**
 * The record does not exist, or the caller may not know it exists (records of
 * another agency are reported as not found, so ids cannot be probed).
 */
export class NotFoundError extends HarbourError {
  constructor(entity: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${entity} ${id} not found`, { entity, id });
  }
}

/** The request conflicts with the current state (duplicate, wrong state). */
export class ConflictError extends HarbourError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
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
