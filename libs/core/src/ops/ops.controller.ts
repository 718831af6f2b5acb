import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HarbourMetrics } from './metrics.service';
import { ReadinessService } from './readiness.service';

/**
 * Health and metrics over plain HTTP, for orchestrators and Prometheus (no
 * token: they hold no personal data). On the API's PORT and on the worker's
 * WORKER_HTTP_PORT alike.
 */
@Controller()
export class OpsController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: HarbourMetrics,
  ) {}

  /** Liveness: 200 while the process runs its event loop (restart it otherwise). Checks nothing outside. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when PostgreSQL, Redis, the migrations and a worker are all fine, else 503 naming what is down. */
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const answer = await this.readiness.check();
    res.status(answer.httpStatus).json(answer.body);
  }

  /** Prometheus metrics in text exposition format (see HarbourMetrics for names and labels). */
  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    const body = await this.metrics.render();
    res.status(200).setHeader('content-type', this.metrics.contentType).send(body);
  }
}
