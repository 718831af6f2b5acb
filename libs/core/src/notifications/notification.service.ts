import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { AgencyEntity } from '../network/agency.entity';
import { ShelterEntity } from '../network/shelter.entity';
import { inTransaction } from '../persistence/transactions';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { EmailSender } from './email-sender';
import { RegionEntity } from '../network/region.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { AudienceType, NotificationChannel, NotificationEntity, NotificationKind, NotificationStatus } from './notification.entity';

export interface NotificationInput {
  kind: NotificationKind;
  audienceType: AudienceType;
  audienceId: string | null;
  /** Same key → same notification; a retried caller never makes a second. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
  /** Scope of a COORDINATORS notification: that region's coordinators get it by email. */
  regionCode?: string | null;
}

/** Outcome of one delivery attempt. */
/** PAUSED: its webhook is paused after repeated failures; it waits, untried, for a resume. */
export type DeliveryOutcome = 'SENT' | 'ALREADY_SENT' | 'UNDELIVERABLE' | 'PAUSED';

/**
 * Thrown when a webhook or SMTP server did not accept a notification; the queue
 * retries with backoff, unless `permanent` (an SMTP 5xx: the notification is
 * DEAD at once and the job is not retried).
 */
export class DeliveryFailedError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** Most characters of an idempotency key (the column's width). */
const MAX_KEY = 200;

/**
 * Stores notifications (who, what, when, delivered) and delivers them, one row
 * per channel and recipient: WEBHOOK (the agency's or shelter's `webhook_url`,
 * or COORDINATOR_WEBHOOK_URL) and, when SMTP_URL is set, EMAIL to each address
 * of the audience (agency `email`, shelter `staff_email`, the region's
 * `coordinator_emails`). Every row has its own idempotency key, status,
 * attempts and last error (the delivery log), and its own delivery job.
 */
@Injectable()
export class NotificationService {
  private readonly log = new Logger(NotificationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly email: EmailSender,
  ) {}

  /**
   * Creates the notification in the caller's transaction unless one with the
   * same idempotency key exists, and queues its delivery (outbox): the WEBHOOK
   * row under `idempotencyKey`, and with the email channel on, one EMAIL row per
   * recipient address under `<idempotencyKey>:email:<address>` (addresses read
   * now, in the same transaction). Returns the WEBHOOK row's id when created,
   * null when it already existed.
   */
  async create(em: EntityManager, input: NotificationInput, now: Date): Promise<string | null> {
    const id = await this.insert(em, input, NotificationChannel.WEBHOOK, null, input.idempotencyKey, now);
    if (this.email.enabled) {
      for (const address of await this.emailRecipients(em, input)) {
        await this.insert(em, input, NotificationChannel.EMAIL, address, emailKey(input.idempotencyKey, address), now);
      }
    }
    return id;
  }

  private async insert(
    em: EntityManager,
    input: NotificationInput,
    channel: NotificationChannel,
    recipient: string | null,
    key: string,
    now: Date,
  ): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO notification (kind, audience_type, audience_id, idempotency_key, payload, status, created_at, channel, recipient)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, $8)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [input.kind, input.audienceType, input.audienceId, key, input.payload, now, channel, recipient],
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

  /** Email addresses of an audience: the agency's, the shelter's staff, or the region's coordinators. */
  private async emailRecipients(em: EntityManager, input: NotificationInput): Promise<string[]> {
    switch (input.audienceType) {
      case AudienceType.AGENCY: {
        const a = input.audienceId ? await em.getRepository(AgencyEntity).findOneBy({ id: input.audienceId }) : null;
        return a?.email ? [a.email] : [];
      }
      case AudienceType.SHELTER: {
        const s = input.audienceId ? await em.getRepository(ShelterEntity).findOneBy({ id: input.audienceId }) : null;
        return s?.staffEmail ? [s.staffEmail] : [];
      }
      case AudienceType.COORDINATORS: {
        // A network-wide alert rule has no region, hence no regional coordinators: COORDINATOR_WEBHOOK_URL only.
        const r = input.regionCode ? await em.getRepository(RegionEntity).findOneBy({ code: input.regionCode }) : null;
        return r?.coordinatorEmails ?? [];
      }
    }
  }

  /**
   * Delivers one notification (this being delivery `attempt` of JOB_ATTEMPTS)
   * on its channel: a signed JSON POST to its audience's webhook, or an email to
   * its recipient. Idempotent: a SENT notification is not sent again.
   * @throws DeliveryFailedError when the webhook or SMTP server did not accept
   * it, after recording the error (FAILED; DEAD on the last attempt, or at once
   * for an SMTP 5xx, then with `permanent`).
   */
  async deliver(notificationId: string, attempt = 1): Promise<DeliveryOutcome> {
    const n = await this.dataSource.getRepository(NotificationEntity).findOneBy({ id: notificationId });
    if (!n) return 'UNDELIVERABLE';
    if (n.status === NotificationStatus.SENT) return 'ALREADY_SENT';
    const now = await this.clock.now();
    let error: string | null;
    let permanent = false;
    if (n.channel === NotificationChannel.EMAIL) {
      if (!this.email.enabled || !n.recipient) return this.undeliverable(n);
      const result = await this.email.send({ to: n.recipient, ...renderEmail(n), idempotencyKey: n.idempotencyKey });
      error = result.error;
      permanent = result.permanent;
    } else {
      const url = await this.webhookFor(n);
      if (!url) return this.undeliverable(n);
      const endpoint = await this.dataSource.getRepository(WebhookEndpointEntity).findOneBy({ url });
      // A paused endpoint is not tried: the notification keeps its status until a coordinator resumes it.
      if (endpoint?.pausedAt) return 'PAUSED';
      error = await this.post(
        url,
        { id: n.id, kind: n.kind, audience: { type: n.audienceType, id: n.audienceId }, createdAt: n.createdAt.toISOString(), payload: n.payload },
        n.idempotencyKey,
      );
      await this.recordEndpointResult(url, error, now);
    }
    const outcome = await inTransaction(this.dataSource, async (em) => {
      const locked = await em.getRepository(NotificationEntity).findOne({ where: { id: n.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.status === NotificationStatus.SENT) return 'ALREADY_SENT' as const;
      locked.attempts += 1;
      // The last attempt the queue will make, or a refusal for good, turns a failure into a dead letter.
      const dead = error !== null && (permanent || attempt >= this.config.JOB_ATTEMPTS);
      locked.status = error ? (dead ? NotificationStatus.DEAD : NotificationStatus.FAILED) : NotificationStatus.SENT;
      locked.lastError = error;
      locked.deliveredAt = error ? null : now;
      await em.save(locked);
      return error ? ('FAILED' as const) : ('SENT' as const);
    });
    if (outcome === 'FAILED') {
      // Recorded first (committed above), then thrown so the queue retries with backoff.
      this.log.warn(`notification ${n.id} (${n.kind}, ${n.channel}) not delivered: ${error}`);
      throw new DeliveryFailedError(error ?? 'delivery failed', permanent);
    }
    return outcome;
  }

  private async undeliverable(n: NotificationEntity): Promise<'UNDELIVERABLE'> {
    await this.dataSource
      .getRepository(NotificationEntity)
      .update({ id: n.id, status: NotificationStatus.PENDING }, { status: NotificationStatus.UNDELIVERABLE });
    return 'UNDELIVERABLE';
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
        return n.audienceId ? ((await this.dataSource.getRepository(AgencyEntity).findOneBy({ id: n.audienceId }))?.webhookUrl ?? null) : null;
      case AudienceType.SHELTER:
        return n.audienceId ? ((await this.dataSource.getRepository(ShelterEntity).findOneBy({ id: n.audienceId }))?.webhookUrl ?? null) : null;
    }
  }
}

/** Idempotency key of the EMAIL row for `address` (the address itself, or its hash when the key would be too long). */
export function emailKey(baseKey: string, address: string): string {
  const plain = `${baseKey}:email:${address.toLowerCase()}`;
  if (plain.length <= MAX_KEY) return plain;
  return `${baseKey.slice(0, MAX_KEY - 46)}:email:${createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** Subject and plain-text body of a notification's email (ids, codes and dates only, as in the webhook payload). */
export function renderEmail(n: Pick<NotificationEntity, 'id' | 'kind' | 'payload' | 'idempotencyKey'>): { subject: string; text: string } {
  const p = n.payload as Record<string, string | number | boolean | null | undefined>;
  const subjects: Record<NotificationKind, string> = {
    [NotificationKind.HOLD_OFFERED]: `Bed held for referral ${p.agencyReference} at ${p.shelterCodeName} until ${p.expiresAt}`,
    [NotificationKind.HOLD_EXPIRED]: `Hold expired for referral ${p.agencyReference}`,
    [NotificationKind.HOLD_DECLINED]: `${p.shelterCodeName} declined referral ${p.agencyReference} (${p.reasonCode}); ${p.next === 'HOLD_OFFERED' ? 'another bed is held' : 'it is back on the waitlist'}`,
    [NotificationKind.HOLD_ACCEPTED]: `${p.shelterCodeName} accepted referral ${p.agencyReference} and will phone you back`,
    [NotificationKind.RECOVERY_PERIOD_REMINDER]: p.supportContinuesUntilCg
      ? `${p.late ? '[late] ' : ''}Recovery period minimum of referral ${p.agencyReference} at ${p.shelterCodeName} reached ${p.deadlineDate}; support continues until the conclusive grounds decision`
      : `${p.late ? '[late] ' : ''}Recovery period ${p.periodSequence ?? ''} of referral ${p.agencyReference} at ${p.shelterCodeName} ends ${p.deadlineDate ?? p.periodEndDate}`,
    [NotificationKind.NRM_DEADLINE_REMINDER]: `${p.late ? '[late] ' : ''}Referral ${p.agencyReference} at ${p.shelterCodeName}: ${p.message}`,
    [NotificationKind.LEAVE_EXPIRY_REMINDER]: `${p.late ? '[late] ' : ''}Referral ${p.agencyReference}: permission to stay expires ${p.deadlineDate}`,
    [NotificationKind.CAPACITY_ALERT_OPENED]: `Capacity alert: ${p.freeBeds} ${p.category} beds free in ${p.regionCode ?? 'the network'}`,
    [NotificationKind.CAPACITY_ALERT_RESOLVED]: `Capacity alert resolved: ${p.freeBeds} ${p.category} beds free in ${p.regionCode ?? 'the network'}`,
    [NotificationKind.NO_SUITABLE_PROVISION]: `No suitable provision for referral ${p.agencyReference}: ${p.missing}`,
    [NotificationKind.ESCALATION_OPENED]: `Escalation: ${p.urgency} referral ${p.agencyReference} waiting ${p.waitedHours} h without an offer`,
  };
  const lines = Object.entries(p)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  const text = [`Harbour ${n.kind}`, '', ...lines, '', `notification: ${n.id}`, `idempotency key: ${n.idempotencyKey}`, ''].join('\n');
  return { subject: subjects[n.kind] ?? `Harbour ${n.kind}`, text };
}
