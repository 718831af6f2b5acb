import type { TypedDocumentString } from './gql/graphql';
import { currentSession, expireSession } from './session';

/** One GraphQL error as the API sends it (code and, for bad input, the field). */
export interface ApiErrorItem {
  message: string;
  extensions?: { code?: string; field?: string; problems?: { index: number; field: string; message: string }[] };
}

/** A request the API refused or could not answer; `errors` as the API sent them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly errors: ApiErrorItem[],
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The API's message per input field (`input.initials` → `initials`), for a form. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      // Harbour's own errors name the field; GraphQL's variable coercion only says it in the message.
      const field = e.extensions?.field ?? /at "input\.([\w.]+)"/.exec(e.message)?.[1];
      if (!field) continue;
      const name = field.replace(/^input\./, '');
      out[name] ??= e.message;
    }
    return out;
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/**
 * Sends one typed GraphQL operation to this origin's /graphql with the
 * session's bearer token. Resolves with `data`; rejects with ApiError when the
 * answer has errors (and ends the session on UNAUTHENTICATED, saying it expired).
 */
export async function gql<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const session = currentSession();
  try {
    return await gqlAs(session?.token ?? null, document, variables);
  } catch (e) {
    if (session && e instanceof ApiError && e.errors.some((x) => x.extensions?.code === 'UNAUTHENTICATED')) expireSession();
    throw e;
  }
}

/**
 * Sends one typed GraphQL operation to this origin's /graphql with `token` (or none), outside any
 * session (the sign-in asks `me` with the provider's new token this way). Resolves with `data`;
 * rejects with ApiError when the answer has errors.
 */
export async function gqlAs<TResult, TVariables>(
  token: string | null,
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch (e) {
    throw new ApiError((e as Error).message, [{ message: (e as Error).message, extensions: { code: 'NETWORK' } }], 0);
  }
  let body: { data?: TResult; errors?: ApiErrorItem[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP ${res.status}`, [{ message: `HTTP ${res.status}` }], res.status);
  }
  if (body.errors?.length) {
    throw new ApiError(body.errors[0].message, body.errors, res.status);
  }
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, [{ message: `HTTP ${res.status}` }], res.status);
  return body.data;
}

/** POSTs or GETs JSON to one of the API's /auth routes; rejects with ApiError on a non-2xx answer. */
export async function authRequest<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { errors?: ApiErrorItem[] } & T;
  if (!res.ok) throw new ApiError(json.errors?.[0]?.message ?? `HTTP ${res.status}`, json.errors ?? [], res.status);
  return json;
}
