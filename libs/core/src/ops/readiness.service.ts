import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { MIGRATIONS } from '../persistence/entities';
import { HEARTBEAT_MISSES_ALLOWED, WorkerHeartbeat } from './worker-heartbeat';
import { OpsRedis } from './ops-redis';

/** Time limit of each readiness check (ms). */
export const READINESS_CHECK_TIMEOUT_MS = 1500;

/** A readiness answer: 200 when every check is up, else 503; the body says which checks are down and why. */
export interface ReadinessAnswer {
  httpStatus: 200 | 503;
  body: HealthCheckResult | Record<string, unknown>;
}

/**
 * Readiness of this process (@nestjs/terminus): PostgreSQL answers, Redis
 * answers, every migration this build knows is applied, and a worker is
 * alive: in the API, at least one worker's heartbeat is fresh (at most
 * HEARTBEAT_MISSES_ALLOWED × WORKER_HEARTBEAT_MS old); in a worker, its own
 * last beat reached Redis within that time.
 */
@Injectable()
export class ReadinessService {
  private readonly expectedMigrations = MIGRATIONS.map((m) => m.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly redis: OpsRedis,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    @Optional() private readonly heartbeat?: WorkerHeartbeat,
  ) {}

  /** Runs every check. Never throws: a failed check is a 503 answer naming it. */
  async check(): Promise<ReadinessAnswer> {
    const freshMs = HEARTBEAT_MISSES_ALLOWED * this.config.WORKER_HEARTBEAT_MS;
    try {
      const body = await this.health.check([
        () => this.typeorm.pingCheck('postgres', { connection: this.dataSource }).withTimeout(READINESS_CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              await this.redis.client.ping();
            })
            .withTimeout(READINESS_CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('migrations')
            .attempt(async () => {
              const rows: { name: string }[] = await this.dataSource.query('SELECT name FROM schema_migration');
              const applied = new Set(rows.map((r) => r.name));
              const pending = this.expectedMigrations.filter((n) => !applied.has(n));
              if (pending.length) throw new Error(`${pending.length} migration(s) not applied: ${pending.join(', ')} (run \`harbour migrate\`)`);
              return { applied: applied.size };
            })
            .withTimeout(READINESS_CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('worker')
            .attempt(async () => {
              if (this.heartbeat) {
                const age = Date.now() - this.heartbeat.lastBeatAt;
                if (age > freshMs) throw new Error(`this worker's last heartbeat reached Redis ${Math.round(age / 1000)} s ago`);
                return { id: this.heartbeat.id };
              }
              const alive = await this.redis.client.zcount(this.redis.heartbeatKey, Date.now() - freshMs, '+inf');
              if (alive < 1) throw new Error(`no worker heartbeat in the last ${freshMs / 1000} s (start \`harbour worker\`)`);
              return { alive };
            })
            .withTimeout(READINESS_CHECK_TIMEOUT_MS),
      ]);
      return { httpStatus: 200, body };
    } catch (e) {
      const response = (e as { getResponse?: () => unknown }).getResponse?.();
      if (response && typeof response === 'object') return { httpStatus: 503, body: response as Record<string, unknown> };
      return { httpStatus: 503, body: { status: 'error', error: { readiness: { status: 'down', message: (e as Error).message } } } };
    }
  }
}
