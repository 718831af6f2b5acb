import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLContext } from '../graphql-context';
import { requirePrincipal } from './current-principal.decorator';

/**
 * Global guard: every root query and mutation needs a principal, even one
 * that forgets to ask for `@CurrentPrincipal()`. (Field resolvers run under
 * an already-authenticated root.)
 */
@Injectable()
export class PrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    requirePrincipal(GqlExecutionContext.create(context).getContext<GraphQLContext>());
    return true;
  }
}
