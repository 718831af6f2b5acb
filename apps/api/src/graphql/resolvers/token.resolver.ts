import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Principal, TokenRevocationService } from '@harbour/core';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { TokenRevocation, toTokenRevocation } from '../types/token-revocation.type';

/** Token revocation (coordinators). */
@Resolver(() => TokenRevocation)
export class TokenResolver {
  constructor(private readonly revocations: TokenRevocationService) {}

  @Mutation(() => TokenRevocation, {
    description:
      'Refuses every token issued so far to `subject` (coordinators; audited as REVOKE_TOKENS): raises its minimum token version by one, at once in every API process. New tokens need `ver` >= the returned minVersion (`harbour token --version`).',
  })
  async revokeTokens(
    @CurrentPrincipal() p: Principal,
    @Args('subject', { description: 'Token subject (`sub` claim), 1-200 characters.' }) subject: string,
  ): Promise<TokenRevocation> {
    return toTokenRevocation(await this.revocations.revoke(p, subject));
  }
}
