import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal } from '@harbour/core';
import { UnauthenticatedError } from '@harbour/platform';
import { GraphQLContext } from '../graphql-context';

/** The principal of a GraphQL context. @throws UNAUTHENTICATED when the request carried no valid token. */
export function requirePrincipal(ctx: GraphQLContext): Principal {
  if (!ctx.principal) throw ctx.authError ?? new UnauthenticatedError();
  return ctx.principal;
}

/**
 * Resolver parameter: the authenticated caller. Every query and mutation takes
 * it, so none runs without a valid bearer token (UNAUTHENTICATED otherwise).
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return requirePrincipal(GqlExecutionContext.create(context).getContext<GraphQLContext>());
});
