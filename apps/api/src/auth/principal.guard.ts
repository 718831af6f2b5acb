import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { accessOf } from '@harbour/core';
import { AccessReason, ForbiddenError } from '@harbour/platform';
import { GraphQLContext } from '../graphql-context';
import { requirePrincipal } from './current-principal.decorator';

/**
 * Global guard on every root query and mutation: needs a principal (even for
 * a resolver that forgets to ask for `@CurrentPrincipal()`), then applies the
 * access matrix (libs/core identity/access-matrix.ts): a DENY cell, or an
 * operation the matrix does not list, is FORBIDDEN before the resolver runs.
 * Scope cells pass on to the services' scope checks. (Fields below the root
 * are checked by accessFieldMiddleware.)
 */
@Injectable()
export class PrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const p = requirePrincipal(gql.getContext<GraphQLContext>());
    const info = gql.getInfo<GraphQLResolveInfo>();
    const typeName = info.parentType.name;
    const access = accessOf(p.role, typeName, info.fieldName);
    if (access === undefined || access === 'DENY') {
      throw new ForbiddenError(
        AccessReason.ROLE_NOT_ALLOWED,
        `${p.role} may not use ${typeName === 'Mutation' ? 'the mutation' : 'the query'} ${info.fieldName}`,
      );
    }
    return true;
  }
}
