import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HARBOUR_CONFIG, HarbourConfig, redisOptionsFromUrl } from '@harbour/platform';
import { ConnectionErrorLog } from './connection-error-log';

/** Redis commands of the readiness check and the heartbeat fail after this long instead of waiting for a reconnect (ms). */
export const OPS_REDIS_TIMEOUT_MS = 1000;

/**
 * A Redis connection of its own for health checks and worker heartbeats: its
 * commands fail fast (one attempt, OPS_REDIS_TIMEOUT_MS), unlike BullMQ's,
 * which wait for Redis to come back. Its failures and recovery go to the
 * ConnectionErrorLog, so they are summarised, not dumped.
 */
@Injectable()
export class OpsRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    errors: ConnectionErrorLog,
  ) {
    this.client = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      maxRetriesPerRequest: 1,
      commandTimeout: OPS_REDIS_TIMEOUT_MS,
      connectTimeout: OPS_REDIS_TIMEOUT_MS * 2,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      lazyConnect: false,
    });
    this.client.on('error', (e) => errors.report('redis', e));
    this.client.on('ready', () => errors.recovered('redis'));
  }

  /** Key of the sorted set of worker heartbeats (member: worker id, score: last beat in ms since the epoch). */
  get heartbeatKey(): string {
    return `${this.config.QUEUE_PREFIX}:workers`;
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
