import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { HarbourCoreModule } from '@harbour/core';
import { HarbourConfig } from '@harbour/platform';
import { AuthModule } from './auth/auth.module';
import { PrincipalGuard } from './auth/principal.guard';
import { depthLimit } from './common/depth-limit.rule';
import { formatError } from './common/format-error';
import { GraphQLExceptionFilter } from './common/graphql-exception.filter';
import { InputValidationPipe } from './common/validation.pipe';
import { HttpRequest } from './graphql-context';
import { GraphQLContextFactory } from './graphql-context.factory';
import { RESOLVERS } from './graphql/resolvers';

/** Deepest field nesting an operation may have (the standard introspection query needs about 13). */
export const MAX_QUERY_DEPTH = 15;

/** Apollo options for this configuration. */
export function graphqlOptions(config: HarbourConfig, contexts: GraphQLContextFactory): ApolloDriverConfig {
  const dev = config.NODE_ENV !== 'production';
  return {
    path: '/graphql',
    autoSchemaFile: join(process.cwd(), 'schema.gql'),
    sortSchema: true,
    // Introspection and the GraphiQL landing page only outside production (DESIGN.md, Privacy and security).
    introspection: dev,
    graphiql: dev,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    formatError,
    context: ({ req }: { req: HttpRequest }) => contexts.create(req),
  };
}

/**
 * The GraphQL API: the core module (services, PostgreSQL, queues) plus the
 * Apollo server, auth, validation and resolvers. Configuration comes in as an
 * argument: nothing here reads process.env (main.ts does), so tests boot it
 * with their own config.
 */
@Module({})
export class ApiModule {
  static forRoot(config: HarbourConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        HarbourCoreModule.forRoot(config),
        AuthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [GraphQLContextFactory],
          useFactory: (contexts: GraphQLContextFactory) => graphqlOptions(config, contexts),
        }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_GUARD, useClass: PrincipalGuard },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
        ...RESOLVERS,
      ],
    };
  }
}
