import { join } from 'node:path';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { HarbourCoreModule, HarbourMetrics, harbourLoggerModule, LogOptions, OpsModule, Principal } from '@harbour/core';
import { HarbourConfig, isConnectionFailure, nestLogLevels, ServiceUnavailableError } from '@harbour/platform';
import { AuthModule } from './auth/auth.module';
import { PrincipalGuard } from './auth/principal.guard';
import { accessFieldMiddleware } from './auth/access-field.middleware';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { formatError } from './common/format-error';
import { GraphQLExceptionFilter } from './common/graphql-exception.filter';
import { InputValidationPipe } from './common/validation.pipe';
import { HttpRequest } from './graphql-context';
import { GraphQLContextFactory } from './graphql-context.factory';
import { variableCostPlugin } from './common/query-cost';
import { metricsPlugin } from './common/metrics-plugin';
import { legacyJsonStatusPlugin } from './common/http-status-plugin';
import { requestErrorsPlugin } from './common/request-errors.plugin';
import { RESOLVERS } from './graphql/resolvers';
import { queueDashboardModules } from './admin/queue-dashboard';
import { DevSignInController } from './auth/dev-sign-in.controller';
import { SignInConfigController } from './auth/sign-in-config.controller';
import { LiveEventHub } from './live/live-hub';

/**
 * Limits checked before any resolver runs (docs/architecture.md, Privacy and security: the API refuses overly
 * deep or costly queries), with GraphQL Armor's validation rules: nesting depth
 * (introspection fields are not counted outside production, where GraphiQL's
 * introspection query nests 21 deep; production has no introspection), aliases per operation (so one request cannot
 * fan out into dozens of network-wide queries), and a cost estimate (objects 2,
 * scalars 1, ×1.5 per level). Before them, the parser refuses a document of
 * more than `maxTokens` tokens (graphql-js `maxTokens`): GraphQL Armor's depth
 * and cost rules recurse through fragment spreads, and a chain of ~2,000
 * fragments overflowed the stack (a 500) after a second of CPU.
 */
export const QUERY_LIMITS = { maxDepth: 15, maxAliases: 10, maxCost: 5000, maxTokens: 10_000 };

/**
 * GraphQL Armor throws on rejection by default, which Apollo reports as a 500;
 * reporting through the validation context makes it a GRAPHQL_VALIDATION_FAILED
 * error (HTTP 400) like any other invalid operation.
 */
const ARMOR_REJECTS_AS_VALIDATION_ERROR = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** GraphQL Armor's cost estimate at QUERY_LIMITS.maxCost, reporting as a validation error. */
function costRule() {
  return costLimitRule({ maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, ...ARMOR_REJECTS_AS_VALIDATION_ERROR });
}

/**
 * The validation rules that bound every operation (QUERY_LIMITS): depth,
 * aliases and GraphQL Armor's cost estimate; `introspectionUnlimited` (outside
 * production, where introspection is served) exempts introspection from the
 * depth limit. Exported so the web app's own
 * documents are checked against the same rules (apps/api/src/web-documents.spec.ts).
 */
export function queryLimitRules(introspectionUnlimited: boolean): ValidationRule[] {
  return [
    maxDepthRule({ n: QUERY_LIMITS.maxDepth, ignoreIntrospection: introspectionUnlimited, ...ARMOR_REJECTS_AS_VALIDATION_ERROR }),
    maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...ARMOR_REJECTS_AS_VALIDATION_ERROR }),
    costRule(),
  ];
}

const contextLogger = new Logger('GraphQLContext');

/** Apollo options for this configuration. */
export function graphqlOptions(config: HarbourConfig, contexts: GraphQLContextFactory, metrics?: HarbourMetrics): ApolloDriverConfig {
  const dev = config.NODE_ENV !== 'production';
  return {
    path: '/graphql',
    autoSchemaFile: join(process.cwd(), 'schema.gql'),
    sortSchema: true,
    // Introspection only outside production (docs/architecture.md, Privacy and security). Apollo's landing page is
    // off: its GraphiQL loads from a CDN. Harbour serves its own build of GraphiQL at GET /graphql instead (web-app.ts).
    introspection: dev,
    graphiql: false,
    // In production, validation errors do not suggest names ("Did you mean …?"), which would rebuild the schema introspection hides.
    hideSchemaDetailsFromClientErrors: !dev,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    includeStacktraceInErrorResponses: false,
    // Off: Harbour authenticates only by the Authorization bearer header, which a browser never adds
    // to a cross-site request, so a forged request runs without a caller and can do nothing. (Apollo's
    // check refused plain GET queries, which GraphQL over HTTP allows; mutations over GET stay refused.)
    csrfPrevention: false,
    // Off: Nest's Apollo driver otherwise adds a plugin that resets the HTTP status to 200 whenever the
    // body has a `data` key, which turned a resolver's lost connection (data: null) or a partial answer
    // into "200 with SERVICE_UNAVAILABLE". Harbour's statuses come from its typed errors: 503 with
    // Retry-After for SERVICE_UNAVAILABLE (requestErrorsPlugin), 429 for RATE_LIMITED.
    preserveHttpStatusForExecutionErrors: false,
    validationRules: queryLimitRules(dev),
    formatError,
    // The access matrix on every field of every object type (root operations: PrincipalGuard).
    buildSchemaOptions: { fieldMiddleware: [accessFieldMiddleware] },
    // The cost rule again with page sizes given as variables filled in (a validation rule cannot see variables).
    // Rate limits are applied while the context is built (GraphQLContextFactory), before parsing.
    // requestErrorsPlugin: codes and HTTP statuses for lost connections (503) and uncoded request errors (400).
    // legacyJsonStatusPlugin: 200 for request errors to clients accepting only application/json (GraphQL over HTTP).
    plugins: [variableCostPlugin(costRule), requestErrorsPlugin(), legacyJsonStatusPlugin(), ...(metrics ? [metricsPlugin(metrics)] : [])],
    // GraphQL subscriptions over graphql-ws on the same server and path (docs/architecture.md, "Live updates"):
    // the socket is authenticated once, when it opens, by the same bearer token and verifier as HTTP, given in
    // connectionParams as { authorization: "Bearer <token>" }; a socket without a valid one is closed (4403).
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        onConnect: async (raw: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const ctx = raw as SocketConnectContext;
          const principal = await contexts.verifySocket(ctx.connectionParams ?? {}, ctx.extra.request);
          if (!principal) return false;
          ctx.extra.principal = principal;
          return true;
        },
      },
    },
    // A lost connection while the context is built (token revocation, rate limits) is retried once
    // (those are reads), then answered as a 503 too. A subscription's context is its socket's principal.
    context: (arg: { req: HttpRequest } | SocketConnectContext) =>
      'extra' in arg ? contexts.forSocket(arg.extra.request, arg.extra.principal ?? null) : httpContext(contexts, arg.req),
  };
}

/** What graphql-ws hands to onConnect and to the context of each subscription (the ws adapter's `extra`, plus the verified principal). */
interface SocketConnectContext {
  connectionParams?: Record<string, unknown>;
  extra: { request: HttpRequest; principal?: Principal | null };
}

function httpContext(contexts: GraphQLContextFactory, req: HttpRequest) {
  return contexts.create(req).catch((e: unknown) => {
    if (!isConnectionFailure(e)) throw e;
    return contexts.create(req).catch((again: unknown) => {
      if (!isConnectionFailure(again)) throw again;
      contextLogger.warn(`Database unavailable while authenticating a request: ${(again as Error).message}`);
      throw new ServiceUnavailableError();
    });
  });
}

/**
 * The GraphQL API: the core module (services, PostgreSQL, queues) plus the
 * Apollo server, auth, validation and resolvers. Configuration comes in as an
 * argument: nothing here reads process.env (main.ts does), so tests boot it
 * with their own config.
 */
@Module({})
export class ApiModule {
  static forRoot(config: HarbourConfig, log: LogOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      // The development sign-in exists only when configured (never in production: loadConfig refuses it).
      controllers: config.DEV_SIGN_IN ? [SignInConfigController, DevSignInController] : [SignInConfigController],
      imports: [
        // No default caller: every query runs in withCaller (the user) or inTransaction (SERVICE); anything else sees no protected row.
        HarbourCoreModule.forRoot(config, 'NONE'),
        harbourLoggerModule(config, 'api', log.levels ?? nestLogLevels(config.LOG_LEVEL), log.destination),
        OpsModule.forRoot('api'),
        ...queueDashboardModules(config),
        AuthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [GraphQLContextFactory, HarbourMetrics],
          useFactory: (contexts: GraphQLContextFactory, metrics: HarbourMetrics) => graphqlOptions(config, contexts, metrics),
        }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_GUARD, useClass: PrincipalGuard },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
        ...RESOLVERS,
        LiveEventHub,
      ],
    };
  }
}
