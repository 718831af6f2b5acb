/** Codes of request errors: the document or variables were refused before any resolver ran. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST']);

/** The parts of Apollo's request context the plugin reads and writes (typed structurally). */
interface StatusContext {
  request: { http?: { headers: { get(name: string): string | null | undefined } } };
  response: {
    http: { status?: number };
    body: { kind: 'single'; singleResult: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] } } | { kind: 'incremental' };
  };
}

/**
 * GraphQL over HTTP: a client that accepts only the legacy `application/json`
 * (its Accept names it and not `application/graphql-response+json`) gets
 * request errors (parse, validation, variable coercion) with status 200, as
 * the spec says it SHOULD; a client that accepts
 * `application/graphql-response+json`, or sends no preference, keeps Apollo's
 * 400. Checked by graphql-http's serverAudits (test/graphql-http-audit.e2e-spec.ts).
 */
export function legacyJsonStatusPlugin() {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc: StatusContext) {
          const accept = rc.request.http?.headers.get('accept') ?? '';
          if (!/application\/json/i.test(accept) || /application\/graphql-response\+json/i.test(accept)) return;
          const body = rc.response.body;
          if (body.kind !== 'single' || body.singleResult.data !== undefined) return;
          const errors = body.singleResult.errors ?? [];
          if (rc.response.http.status === 400 && errors.length && errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) {
            rc.response.http.status = 200;
          }
        },
      };
    },
  };
}
