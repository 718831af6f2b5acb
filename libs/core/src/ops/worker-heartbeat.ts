import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { OpsRedis } from './ops-redis';

/** A worker is alive while its last heartbeat is at most this many beats old. */
export const HEARTBEAT_MISSES_ALLOWED = 3;

/**
 * The worker's heartbeat: every WORKER_HEARTBEAT_MS it writes its id and the
 * time (wall clock, ms) into a Redis sorted set under QUEUE_PREFIX; the API's
 * readiness check counts workers whose beat is fresh. Removed on shutdown.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(WorkerHeartbeat.name);
  /** This worker's id: host, process id and a random suffix (several workers may share a host and, in tests, a process). */
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  /** Time of the last beat that reached Redis (ms), 0 before the first. */
  lastBeatAt = 0;

  constructor(
    private readonly redis: OpsRedis,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.WORKER_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Writes one beat and prunes beats too old to count; a failure is left to the connection log. */
  async beat(): Promise<void> {
    const now = Date.now();
    try {
      await this.redis.client
        .multi()
        .zadd(this.redis.heartbeatKey, now, this.id)
        .zremrangebyscore(this.redis.heartbeatKey, '-inf', now - 10 * HEARTBEAT_MISSES_ALLOWED * this.config.WORKER_HEARTBEAT_MS)
        .exec();
      this.lastBeatAt = now;
    } catch {
      // Redis is down: OpsRedis's error listener summarises it; the beat goes stale and readiness says so.
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.client.zrem(this.redis.heartbeatKey, this.id).catch(() => this.log.debug('heartbeat not removed'));
  }
}
