import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, Principal, QueryService } from '@harbour/core';
import { Clock, HarbourError, UnauthenticatedError } from '@harbour/platform';
import { TokenVerifier } from './auth/token-verifier';
import { RateLimits } from './common/rate-limit';
import { GraphQLContext, HttpRequest } from './graphql-context';
import { Loaders } from './loaders/loaders';

/** `Authorization: Bearer <token>` → the token, or null when absent. */
function bearerToken(req: HttpRequest): string | null | undefined {
  const header = req.headers?.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/**
 * Builds the context of one GraphQL request: applies the per-address rate
 * limit, verifies the bearer token (a bad one leaves `principal` null and is
 * reported as UNAUTHENTICATED by the first resolver), applies the per-user
 * rate limit, and creates this request's DataLoaders.
 */
@Injectable()
export class GraphQLContextFactory {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly query: QueryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly limits: RateLimits,
  ) {}

  /** @throws RateLimitedError (HTTP 429, answered before the operation is parsed) when the address or the user has spent its minute. */
  async create(req: HttpRequest): Promise<GraphQLContext> {
    await this.limits.checkAddress(req);
    let principal: Principal | null = null;
    let authError: HarbourError | null = null;
    const token = bearerToken(req);
    if (token === undefined) {
      authError = new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    } else if (token) {
      try {
        principal = await this.verifier.verify(token, req.ip ?? req.socket?.remoteAddress ?? null);
      } catch (e) {
        if (!(e instanceof HarbourError)) throw e;
        authError = e;
      }
    }
    await this.limits.checkUser(principal);
    return {
      req,
      principal,
      authError,
      loaders: new Loaders(this.query, this.audit, this.dataSource, this.clock, principal),
    };
  }

  /**
   * The principal of a GraphQL subscription socket, from `connectionParams.authorization`
   * ("Bearer <token>", or the bare token), verified exactly as an HTTP request's token; null
   * (the socket is refused) when it is missing or not valid, or the address has spent its minute.
   */
  async verifySocket(connectionParams: Record<string, unknown>, req: HttpRequest): Promise<Principal | null> {
    const raw = connectionParams.authorization ?? connectionParams.Authorization;
    if (typeof raw !== 'string') return null;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(raw)?.[1] ?? (/^\S+$/.test(raw) ? raw : null);
    if (!token) return null;
    try {
      await this.limits.checkAddress(req);
      return await this.verifier.verify(token, req.ip ?? req.socket?.remoteAddress ?? null);
    } catch (e) {
      if (e instanceof HarbourError) return null;
      throw e;
    }
  }

  /** The context of one subscription on a socket whose principal onConnect verified. */
  forSocket(req: HttpRequest, principal: Principal | null): GraphQLContext {
    return {
      req,
      principal,
      authError: principal ? null : new UnauthenticatedError(),
      loaders: new Loaders(this.query, this.audit, this.dataSource, this.clock, principal),
    };
  }
}
