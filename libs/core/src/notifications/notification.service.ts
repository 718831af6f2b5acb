import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { AgencyEntity } from '../network/agency.entity';
import { ShelterEntity } from '../network/shelter.entity';
import { inTransaction } from '../persistence/transactions';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import {
  AudienceType,
  NotificationEntity,
  NotificationKind,
  NotificationStatus,
} from './notification.entity';

export interface NotificationInput {
  kind: NotificationKind;
  audienceType: AudienceType;
  audienceId: string | null;
  /** Same key → same notification; a retried caller never makes a second. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

/** Outcome of one delivery attempt. */
/** PAUSED: its webhook is paused after repeated failures; it waits, untried, for a resume. */
export type DeliveryOutcome = 'SENT' | 'ALREADY_SENT' | 'UNDELIVERABLE' | 'PAUSED';

/** Thrown when a webhook did not accept a notification; the queue retries with backoff. */
export class DeliveryFailedError extends Error {}

/**
 * Stores notifications (who, what, when, delivered) and delivers them to
 * webhooks: the agency's or shelter's `webhook_url`, or COORDINATOR_WEBHOOK_URL.
 */
@Injectable()
export class NotificationService {
  private readonly log = new Logger(NotificationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Creates the notification in the caller's transaction unless one with the
   * same idempotency key exists, and queues its delivery (outbox). Returns its id
   * when created, null when it already existed.
   */
  async create(em: EntityManager, input: NotificationInput, now: Date): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO notification (kind, audience_type, audience_id, idempotency_key, payload, status, created_at)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $6)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [input.kind, input.audienceType, input.audienceId, input.idempotencyKey, input.payload, now],
    );
    if (rows.length === 0) return null;
    await this.outbox.emit(em, {
      type: OutboxEventType.NOTIFICATION_CREATED,
      aggregateType: 'notification',
      aggregateId: rows[0].id,
      payload: { notificationId: rows[0].id },
    });
    return rows[0].id;
  }

  /**
   * Delivers one notification (this being delivery `attempt` of JOB_ATTEMPTS) by HTTP POST of a JSON body to its audience's
   * webhook. Idempotent: a SENT notification is not sent again.
   * @throws DeliveryFailedError when the webhook fails (non-2xx or network), after recording the error.
   */
  async deliver(notificationId: string, attempt = 1): Promise<DeliveryOutcome> {
    const n = await this.dataSource.getRepository(NotificationEntity).findOneBy({ id: notificationId });
    if (!n) return 'UNDELIVERABLE';
    if (n.status === NotificationStatus.SENT) return 'ALREADY_SENT';
    const url = await this.webhookFor(n);
    const now = await this.clock.now();
    if (!url) {
      await this.dataSource
        .getRepository(NotificationEntity)
        .update({ id: n.id, status: NotificationStatus.PENDING }, { status: NotificationStatus.UNDELIVERABLE });
      return 'UNDELIVERABLE';
    }
    const endpoint = await this.dataSource.getRepository(WebhookEndpointEntity).findOneBy({ url });
    // A paused endpoint is not tried: the notification keeps its status until a coordinator resumes it.
    if (endpoint?.pausedAt) return 'PAUSED';
    const error = await this.post(
      url,
      { id: n.id, kind: n.kind, audience: { type: n.audienceType, id: n.audienceId }, createdAt: n.createdAt.toISOString(), payload: n.payload },
      n.idempotencyKey,
    );
    await this.recordEndpointResult(url, error, now);
    const outcome = await inTransaction(this.dataSource, async (em) => {
      const locked = await em
        .getRepository(NotificationEntity)
        .findOne({ where: { id: n.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.status === NotificationStatus.SENT) return 'ALREADY_SENT' as const;
      locked.attempts += 1;
      // The last attempt the queue will make turns a failure into a dead letter.
      const dead = error !== null && attempt >= this.config.JOB_ATTEMPTS;
      locked.status = error ? (dead ? NotificationStatus.DEAD : NotificationStatus.FAILED) : NotificationStatus.SENT;
      locked.lastError = error;
      locked.deliveredAt = error ? null : now;
      await em.save(locked);
      return error ? ('FAILED' as const) : ('SENT' as const);
    });
    if (outcome === 'FAILED') {
      // Recorded first (committed above), then thrown so the queue retries with backoff.
      this.log.warn(`notification ${n.id} (${n.kind}) not delivered: ${error}`);
      throw new DeliveryFailedError(error ?? 'delivery failed');
    }
    return outcome;
  }

  /**
   * POSTs a signed JSON body to `url` (10 s timeout). Returns null on a 2xx
   * answer, else what went wrong.
   */
  async post(url: string, message: Record<string, unknown>, idempotencyKey: string): Promise<string | null> {
    try {
      const body = JSON.stringify(message);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Receivers drop a second delivery with the same key (retries are at least once).
          'idempotency-key': idempotencyKey,
          // Signed with real time (not Harbour's adjustable clock): the receiver checks it against its own.
          [SIGNATURE_HEADER]: signWebhook(body, this.config.WEBHOOK_SIGNING_SECRET, new Date()),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel().catch(() => undefined);
      return res.ok ? null : `webhook answered HTTP ${res.status}`;
    } catch (e: unknown) {
      return `webhook unreachable: ${(e as Error).message}`;
    }
  }

  /**
   * Records one delivery result for `url`: a success clears the failure count;
   * the WEBHOOK_PAUSE_AFTER_FAILURES-th failure in a row pauses the endpoint.
   */
  async recordEndpointResult(url: string, error: string | null, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_endpoint AS w (url, consecutive_failures, last_error, last_success_at, paused_at, updated_at)
       VALUES ($1, CASE WHEN $2::text IS NULL THEN 0 ELSE 1 END, $2, CASE WHEN $2::text IS NULL THEN $4::timestamptz END,
               CASE WHEN $2::text IS NOT NULL AND 1 >= $3::int THEN $4::timestamptz END, $4)
       ON CONFLICT (url) DO UPDATE SET
         consecutive_failures = CASE WHEN $2::text IS NULL THEN 0 ELSE w.consecutive_failures + 1 END,
         last_error = $2,
         last_success_at = CASE WHEN $2::text IS NULL THEN $4::timestamptz ELSE w.last_success_at END,
         paused_at = CASE WHEN $2::text IS NOT NULL AND w.consecutive_failures + 1 >= $3::int
                          THEN coalesce(w.paused_at, $4::timestamptz) ELSE w.paused_at END,
         updated_at = $4`,
      [url, error, this.config.WEBHOOK_PAUSE_AFTER_FAILURES, now],
    );
  }

  private async webhookFor(n: NotificationEntity): Promise<string | null> {
    switch (n.audienceType) {
      case AudienceType.COORDINATORS:
        return this.config.COORDINATOR_WEBHOOK_URL ?? null;
      case AudienceType.AGENCY:
        return n.audienceId
          ? ((await this.dataSource.getRepository(AgencyEntity).findOneBy({ id: n.audienceId }))?.webhookUrl ?? null)
          : null;
      case AudienceType.SHELTER:
        return n.audienceId
          ? ((await this.dataSource.getRepository(ShelterEntity).findOneBy({ id: n.audienceId }))?.webhookUrl ?? null)
          : null;
    }
  }
}
