import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HARBOUR_CONFIG, HarbourConfig, RateLimitedError, redisOptionsFromUrl } from '@harbour/platform';
import { Principal } from '@harbour/core';
import { HttpRequest } from '../graphql-context';

/**
 * Per-user and per-address limits on GraphQL operations (rate-limiter-flexible
 * on Redis, so every API replica shares the counts). Checked once per HTTP
 * request while its context is built (GraphQLContextFactory), so before the
 * operation is parsed or validated: an operation that fails parsing or
 * validation, or carries a bad token, spends the address's quota like any
 * other (it used to be counted only once validated, so invalid but costly
 * documents were never limited). The user's quota is spent after the token is
 * verified (a forged token cannot spend someone else's quota).
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly log = new Logger(RateLimits.name);
  private redis: Redis | null = null;
  private perUser: RateLimiterRedis | null = null;
  private perAddress: RateLimiterRedis | null = null;

  constructor(@Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig) {}

  /** @throws RateLimitedError (HTTP 429) when the client address has spent its minute. */
  async checkAddress(req: HttpRequest): Promise<void> {
    if (!this.config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE) return;
    this.init();
    await this.consume(this.perAddress!, req.ip ?? req.socket?.remoteAddress ?? 'unknown', 'address');
  }

  /** @throws RateLimitedError (HTTP 429) when the verified caller has spent their minute. */
  async checkUser(principal: Principal | null): Promise<void> {
    if (!this.config.RATE_LIMIT_PER_USER_PER_MINUTE || !principal) return;
    this.init();
    await this.consume(this.perUser!, principal.sub, 'user');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private init(): void {
    if (this.redis) return;
    // Connected on first use, not in the constructor (no side effects during DI).
    this.redis = new Redis({ ...redisOptionsFromUrl(this.config.REDIS_URL), maxRetriesPerRequest: 3, enableOfflineQueue: true });
    const keyPrefix = `${this.config.QUEUE_PREFIX}:ratelimit`;
    this.perUser = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${keyPrefix}:user`,
      points: this.config.RATE_LIMIT_PER_USER_PER_MINUTE,
      duration: 60,
    });
    this.perAddress = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${keyPrefix}:address`,
      points: this.config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
      duration: 60,
    });
  }

  private async consume(limiter: RateLimiterRedis, key: string, scope: 'user' | 'address'): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimitedError(scope, Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      // Redis trouble must not lock everyone out: fail open (logged); the other defences stay.
      this.log.warn(`rate limit not checked: ${(e as Error).message}`);
    }
  }
}
