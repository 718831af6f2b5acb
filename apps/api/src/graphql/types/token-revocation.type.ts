import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { TokenRevocationEntity } from '@harbour/core';

@ObjectType({ description: 'The outcome of revoking a user’s tokens: every token with `ver` below `minVersion` is refused from now on.' })
export class TokenRevocation {
  @Field({ description: 'Token subject (`sub` claim) whose tokens were revoked.' })
  subject: string;

  @Field(() => Int, { description: 'Lowest token version (`ver` claim; 0 when absent) still accepted: mint new tokens with this version.' })
  minVersion: number;

  @Field(() => GraphQLISODateTime, { description: 'When (Harbour clock).' })
  revokedAt: Date;
}

/** GraphQL view of a revocation row (who revoked stays in the audit trail). */
export function toTokenRevocation(e: TokenRevocationEntity): TokenRevocation {
  return { subject: e.subject, minVersion: e.minVersion, revokedAt: e.revokedAt };
}
