import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What Harbour knows about the HTTP request (or job) a piece of work runs for. */
export interface RequestContext {
  /** The request id: from a well-formed `x-request-id` header, else a new UUID. */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` as the current request context (for everything it awaits). */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request id, or undefined outside a request (sweeps, the CLI). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Accepted `x-request-id` values: 1–64 characters of letters, digits and `-_.:`
 * (so a caller's id can be logged and stored without escaping or injection).
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request id for an incoming request: the caller's `x-request-id` when well-formed, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}
