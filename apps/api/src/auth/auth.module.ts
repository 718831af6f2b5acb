import { Module } from '@nestjs/common';
import { GraphQLContextFactory } from '../graphql-context.factory';
import { TokenVerifier } from './token-verifier';

/**
 * Bearer-token verification and the per-request GraphQL context built on it.
 * (HARBOUR_CONFIG, QueryService, AuditService, Clock and the DataSource come
 * from the global core module.)
 */
@Module({ providers: [TokenVerifier, GraphQLContextFactory], exports: [TokenVerifier, GraphQLContextFactory] })
export class AuthModule {}
