import { Module } from '@nestjs/common';
import { GraphQLContextFactory } from '../graphql-context.factory';
import { TokenVerifier } from './token-verifier';
import { RateLimits } from '../common/rate-limit';

/**
 * Bearer-token verification, the per-request GraphQL context built on it, and
 * the per-user / per-address rate limits that need the verified caller.
 * (HARBOUR_CONFIG, QueryService, AuditService, Clock and the DataSource come
 * from the global core module.)
 */
@Module({ providers: [TokenVerifier, GraphQLContextFactory, RateLimits], exports: [TokenVerifier, GraphQLContextFactory, RateLimits] })
export class AuthModule {}
