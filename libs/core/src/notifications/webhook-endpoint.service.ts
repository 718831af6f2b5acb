import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Clock, HARBOUR_CONFIG, HarbourConfig, JobIds, NotificationJob, QueueName } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { NotificationService } from './notification.service';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { requireWebhookUrl } from './webhook-url';
import { inTransaction } from '../persistence/transactions';

/**
 * Coordinators' view of webhook health: which endpoints fail or are paused, a
 * signed test send, and resuming a paused endpoint (its waiting notifications
 * are then delivered).
 */
@Injectable()
export class WebhookEndpointService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly queue: Queue<NotificationJob>,
    private readonly audit: AuditService,
  ) {}

  /** Every endpoint that has been tried, paused ones first. */
  async list(p: Principal): Promise<WebhookEndpointEntity[]> {
    requireRole(p, Role.COORDINATOR);
    return this.dataSource
      .getRepository(WebhookEndpointEntity)
      .createQueryBuilder('w')
      .orderBy('w.paused_at IS NULL', 'ASC')
      .addOrderBy('w.url')
      .limit(500)
      .getMany();
  }

  /**
   * Sends a signed `TEST` message to `url` now and records the result like a
   * delivery (a success clears the failure count; it does not resume a paused endpoint).
   * @returns null when the endpoint answered 2xx, else what went wrong.
   */
  async test(p: Principal, url: string): Promise<string | null> {
    requireRole(p, Role.COORDINATOR);
    const clean = requireWebhookUrl(url, 'url', this.config.NODE_ENV === 'production');
    const now = await this.clock.now();
    const id = randomUUID();
    const error = await this.notifications.post(clean, { id, kind: 'TEST', createdAt: now.toISOString(), payload: {} }, `test:${id}`);
    await this.notifications.recordEndpointResult(clean, error, now);
    return error;
  }

  /**
   * Un-pauses `url` and re-queues every undelivered notification addressed to
   * it (its earlier job, finished or failed, is run again). Idempotent.
   * `url` is checked like a stored webhook URL (absolute http(s), at most
   * WEBHOOK_URL_MAX_LENGTH characters) before anything is written or audited,
   * and matched as given (trimmed), the form stored endpoints and
   * COORDINATOR_WEBHOOK_URL have.
   * @throws BadUserInputError naming `url` when it is blank or not such a URL.
   * @returns the endpoint, and how many notifications were re-queued.
   */
  async resume(p: Principal, url: string): Promise<{ endpoint: WebhookEndpointEntity | null; requeued: number }> {
    requireRole(p, Role.COORDINATOR);
    requireWebhookUrl(url, 'url', this.config.NODE_ENV === 'production');
    url = url.trim();
    const now = await this.clock.now();
    await this.dataSource.query(`UPDATE webhook_endpoint SET paused_at = NULL, consecutive_failures = 0, updated_at = $2 WHERE url = $1`, [url, now]);
    // Notifications are SERVICE/coordinator rows: read them on the command side (after the role check).
    const waiting: { id: string }[] = await inTransaction(this.dataSource, async (em) => {
      await this.audit.record(em, p, now, 'RESUME_WEBHOOK', 'webhook', null, { url });
      return em.query(
        `SELECT n.id FROM notification n
         LEFT JOIN agency a ON n.audience_type = 'AGENCY' AND a.id = n.audience_id
         LEFT JOIN shelter s ON n.audience_type = 'SHELTER' AND s.id = n.audience_id
        WHERE n.status IN ('PENDING','FAILED','DEAD') AND n.channel = 'WEBHOOK'
          AND coalesce(a.webhook_url, s.webhook_url, CASE WHEN n.audience_type = 'COORDINATORS' THEN $2 END) = $1`,
        [url, this.config.COORDINATOR_WEBHOOK_URL ?? null],
      );
    });
    for (const { id } of waiting) {
      const jobId = JobIds.notification(id);
      const job = await this.queue.getJob(jobId);
      const state = job ? await job.getState() : null;
      if (job && (state === 'completed' || state === 'failed')) await job.retry(state);
      else if (!job) await this.queue.add('deliver', { notificationId: id }, { jobId });
    }
    return { endpoint: await this.dataSource.getRepository(WebhookEndpointEntity).findOneBy({ url }), requeued: waiting.length };
  }
}
