/**
 * Typed errors raised by the pure domain rules. Callers (API, worker) map
 * `code` to their own error vocabulary (e.g. GraphQL BAD_USER_INPUT / CONFLICT);
 * `field` names the offending input so the client can point at it.
 */

/**
 * Why a domain rule refused its input.
 * - `INVALID_INPUT`: a value is malformed or out of range (see `field`).
 * - `INVALID_TRANSITION`: a state machine does not allow the requested change.
 * - `NOT_ELIGIBLE`: a hard matching rule forbids the operation.
 */
export type DomainErrorCode = 'INVALID_INPUT' | 'INVALID_TRANSITION' | 'NOT_ELIGIBLE';

/**
 * The single error type thrown by `@harbour/domain`.
 *
 * @param code - machine-readable reason, see {@link DomainErrorCode}
 * @param message - human-readable explanation (safe to show; never contains personal data)
 * @param field - name of the offending input field, when there is one
 * @param reason - the typed reason clients see in `extensions.reason` (a value of one of the
 *   reason enums of libs/platform/src/errors/reasons.ts; the API checks it is one)
 */
export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly field?: string,
    public readonly reason?: string,
  ) {
    super(message);
    this.name = 'DomainError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Shorthand for `new DomainError('INVALID_INPUT', message, field)`. */
export function invalidInput(field: string, message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, field);
}
