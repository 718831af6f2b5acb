import { HarbourMetrics } from '@harbour/core';
import type { GraphqlRequestFacts } from '@harbour/platform';
import { GraphQLContext } from '../graphql-context';

/** Distinct operation names one process labels metrics with; later new names count as `other` (clients choose names). */
export const MAX_OPERATION_LABELS = 200;

/** An operation name usable as a label: a GraphQL name of at most 64 characters, else `invalid`; none: `anonymous`. */
function operationLabel(name: string | null | undefined, seen: Set<string>): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'invalid';
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_LABELS) return 'other';
  seen.add(name);
  return name;
}

/** The parts of Apollo's request context the plugin reads (typed structurally: Apollo ships separate ESM and CJS types). */
interface ResponseContext {
  operationName?: string | null;
  request: { operationName?: string | null };
  operation?: { operation: string } | null;
  response: { body: { kind: 'single'; singleResult: { errors?: readonly { extensions?: Record<string, unknown> }[] } } | { kind: 'incremental' } };
  contextValue?: GraphQLContext;
}

/**
 * Apollo plugin: observes each operation's duration in
 * `harbour_graphql_request_duration_seconds{operation,type}`, counts each
 * error of the response in `harbour_graphql_errors_total{code}`, and leaves
 * the operation name, type and error codes on the HTTP request for its one
 * request log line.
 */
export function metricsPlugin(metrics: HarbourMetrics) {
  const seen = new Set<string>();
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc: ResponseContext) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = rc.operationName ?? rc.request.operationName ?? null;
          const type = rc.operation?.operation ?? 'unknown';
          const body = rc.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          for (const code of codes) metrics.graphqlErrors.inc({ code });
          metrics.graphqlDuration.observe({ operation: operationLabel(operation, seen), type }, seconds);
          const facts: GraphqlRequestFacts = {
            operation: operation && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(operation) ? operation : null,
            operationType: type,
            codes: [...new Set(codes)],
          };
          const req = rc.contextValue?.req as (GraphQLContext['req'] & { harbourGraphql?: GraphqlRequestFacts }) | undefined;
          if (req) req.harbourGraphql = facts;
        },
      };
    },
  };
}
