import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  affectedRegions,
  EscalationResolution,
  EscalationStatus,
  EscalationThresholds,
  escalationDueAt,
  escalationTransition,
  Role,
  Urgency,
} from '@harbour/domain';
import { Clock, ConflictError, EscalationJob, EscalationReason, HARBOUR_CONFIG, HarbourConfig, NotFoundError } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { requireRole } from '../identity/access';
import { Principal, SERVICE_PRINCIPAL } from '../identity/principal';
import { AudienceType, NotificationKind } from '../notifications/notification.entity';
import { NotificationService } from '../notifications/notification.service';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { inTransaction, queryReturning } from '../persistence/transactions';
import { ReferralEntity } from '../referrals/referral.entity';
import { WaitlistEntryEntity, WaitlistStatus } from '../waitlist/waitlist-entry.entity';
import { EscalationEntity } from './escalation.entity';

/** The ESCALATION_AFTER_HOURS_* configuration as the domain's thresholds. */
export function escalationThresholds(
  config: Pick<HarbourConfig, 'ESCALATION_AFTER_HOURS_EMERGENCY' | 'ESCALATION_AFTER_HOURS_URGENT' | 'ESCALATION_AFTER_HOURS_ROUTINE'>,
): EscalationThresholds {
  return {
    [Urgency.EMERGENCY]: config.ESCALATION_AFTER_HOURS_EMERGENCY,
    [Urgency.URGENT]: config.ESCALATION_AFTER_HOURS_URGENT,
    [Urgency.ROUTINE]: config.ESCALATION_AFTER_HOURS_ROUTINE,
  };
}

/**
 * The escalation job every WAITING waitlist entry without an escalation should
 * have (for the job reconciler): read as SERVICE in a transaction of its own.
 */
export async function pendingEscalationJobs(dataSource: DataSource, thresholds: EscalationThresholds): Promise<EscalationJob[]> {
  const rows: { id: string; urgency: Urgency; joined_at: Date }[] = await inTransaction(dataSource, (em) =>
    em.query(
      `SELECT w.id, w.urgency, w.joined_at FROM waitlist_entry w
        WHERE w.status = 'WAITING' AND NOT EXISTS (SELECT 1 FROM escalation e WHERE e.waitlist_entry_id = w.id)`,
    ),
  );
  return rows.map((r) => ({ waitlistEntryId: r.id, dueAt: escalationDueAt(r.urgency, r.joined_at, thresholds).toISOString() }));
}

/**
 * Escalations (issue 9, "No silent waiting"; docs/waiting.md): a referral that
 * waits longer than its urgency allows (ESCALATION_AFTER_HOURS_*) without being
 * offered a bed is put before the coordinators of its regions, once. The
 * escalation row is the truth; a delayed BullMQ job per waitlist entry (queued
 * through the outbox when the referral joins, re-created by the job
 * reconciler) only says when to look. Coordinators claim and acknowledge it;
 * it resolves by itself when the referral is offered a bed or leaves the waitlist.
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Queues, in the caller's transaction (outbox), the delayed job that opens an
   * escalation for `entry` when its wait passes its urgency's time.
   * @returns when it falls due.
   */
  async schedule(em: EntityManager, entry: Pick<WaitlistEntryEntity, 'id' | 'urgency' | 'joinedAt'>): Promise<Date> {
    const [dueAt] = await this.scheduleMany(em, [entry]);
    return dueAt;
  }

  /** {@link schedule} for many entries in one statement (surge intake); returns each one's due time, in order. */
  async scheduleMany(em: EntityManager, entries: readonly Pick<WaitlistEntryEntity, 'id' | 'urgency' | 'joinedAt'>[]): Promise<Date[]> {
    const thresholds = escalationThresholds(this.config);
    const due = entries.map((entry) => escalationDueAt(entry.urgency, entry.joinedAt, thresholds));
    await this.outbox.emit(
      em,
      ...entries.map((entry, i) => ({
        type: OutboxEventType.ESCALATION_SCHEDULED,
        aggregateType: 'waitlist_entry',
        aggregateId: entry.id,
        payload: { waitlistEntryId: entry.id, dueAt: due[i].toISOString() },
      })),
    );
    return due;
  }

  /**
   * Opens the escalation of one waitlist entry if it still waits and is due by
   * Harbour's clock (worker). The entry is locked, and the unique constraint
   * (one escalation per entry) makes a second run or a second worker open
   * nothing; the coordinators of the referral's regions (libs/domain
   * affectedRegions; none = network-wide) get one ESCALATION_OPENED
   * notification each, under keys that are the same on every run.
   * @returns 'OPENED'; 'NOT_WAITING' (offered, withdrawn, gone); 'ALREADY_OPEN'; or the ms until it is due.
   */
  async openIfDue(waitlistEntryId: string): Promise<'OPENED' | 'NOT_WAITING' | 'ALREADY_OPEN' | { dueInMs: number }> {
    return inTransaction(this.dataSource, async (em) => {
      const entry = await em.getRepository(WaitlistEntryEntity).findOne({ where: { id: waitlistEntryId }, lock: { mode: 'pessimistic_write' } });
      if (!entry || entry.status !== WaitlistStatus.WAITING) return 'NOT_WAITING' as const;
      const now = await this.clock.now();
      const dueAt = escalationDueAt(entry.urgency, entry.joinedAt, escalationThresholds(this.config));
      if (dueAt.getTime() > now.getTime()) return { dueInMs: dueAt.getTime() - now.getTime() };
      const referral = await em.getRepository(ReferralEntity).findOneByOrFail({ id: entry.referralId });
      const regionCodes = affectedRegions(referral);
      const rows: { id: string }[] = await em.query(
        `INSERT INTO escalation (referral_id, waitlist_entry_id, urgency, region_codes, status, waiting_since, due_at, opened_at)
         VALUES ($1, $2, $3, $4, 'OPEN', $5, $6, $7)
         ON CONFLICT ON CONSTRAINT escalation_one_per_wait DO NOTHING RETURNING id`,
        [referral.id, entry.id, entry.urgency, regionCodes, entry.joinedAt, dueAt, now],
      );
      if (rows.length === 0) return 'ALREADY_OPEN' as const;
      const id = rows[0].id;
      const payload = {
        escalationId: id,
        referralId: referral.id,
        agencyReference: referral.agencyReference,
        urgency: entry.urgency,
        waitingSince: entry.joinedAt.toISOString(),
        waitedHours: Math.round(((now.getTime() - entry.joinedAt.getTime()) / 3_600_000) * 10) / 10,
        thresholdHours: escalationThresholds(this.config)[entry.urgency],
      };
      for (const regionCode of regionCodes.length ? regionCodes : [null]) {
        await this.notifications.create(
          em,
          {
            kind: NotificationKind.ESCALATION_OPENED,
            audienceType: AudienceType.COORDINATORS,
            audienceId: null,
            idempotencyKey: `escalation-opened:${id}:${regionCode ?? 'network'}`,
            regionCode,
            payload: { ...payload, regionCode },
          },
          now,
        );
      }
      await this.audit.record(em, SERVICE_PRINCIPAL, now, 'OPEN_ESCALATION', 'escalation', id, { referralId: referral.id, urgency: entry.urgency });
      return 'OPENED' as const;
    });
  }

  /**
   * Resolves, in the caller's transaction, every unresolved escalation of the
   * referral (called where its waitlist entry closes: a hold was offered, or
   * it left the waitlist). Audited. Returns how many.
   */
  async resolveForReferral(em: EntityManager, referralId: string, resolution: EscalationResolution, now: Date): Promise<number> {
    const rows = await queryReturning<{ id: string }>(
      em,
      `UPDATE escalation SET status = 'RESOLVED', resolved_at = $2, resolution = $3
        WHERE referral_id = $1 AND status <> 'RESOLVED' RETURNING id`,
      [referralId, now, resolution],
    );
    for (const { id } of rows) {
      await this.audit.record(em, SERVICE_PRINCIPAL, now, 'RESOLVE_ESCALATION', 'escalation', id, { referralId, resolution });
    }
    return rows.length;
  }

  /**
   * A coordinator takes an escalation on (OPEN → CLAIMED). Claiming again by
   * the same coordinator is a no-op. Audited.
   * @throws FORBIDDEN for other roles; NOT_FOUND for an unknown id; CONFLICT when resolved, acknowledged, or claimed by another coordinator.
   */
  async claim(p: Principal, escalationId: string): Promise<EscalationEntity> {
    return this.act(p, escalationId, 'CLAIM');
  }

  /**
   * A coordinator acknowledges an escalation (OPEN or CLAIMED → ACKNOWLEDGED;
   * an unclaimed one is claimed by them at the same time). Only the claimant
   * may acknowledge a claimed one: the coordinator who took the case on is the
   * one who says it is in hand (docs/waiting.md, "Lifecycle"). Audited.
   * @throws FORBIDDEN for other roles; NOT_FOUND for an unknown id; CONFLICT when resolved, already
   *   acknowledged (the message names who acknowledged it and when; nothing is rewritten), or claimed
   *   by another coordinator (the message names them).
   */
  async acknowledge(p: Principal, escalationId: string): Promise<EscalationEntity> {
    return this.act(p, escalationId, 'ACKNOWLEDGE');
  }

  private async act(p: Principal, escalationId: string, action: 'CLAIM' | 'ACKNOWLEDGE'): Promise<EscalationEntity> {
    requireRole(p, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const e = await em.getRepository(EscalationEntity).findOne({ where: { id: escalationId }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw new NotFoundError('Escalation', escalationId);
      const next = escalationTransition(e.status, action);
      if (typeof next === 'object') {
        const by = e.status === EscalationStatus.ACKNOWLEDGED ? ` by ${e.acknowledgedBy} at ${e.acknowledgedAt?.toISOString()}` : '';
        throw new ConflictError(
          e.status === EscalationStatus.RESOLVED ? EscalationReason.ESCALATION_RESOLVED : EscalationReason.ESCALATION_ACKNOWLEDGED,
          `Escalation ${e.id}: ${next.conflict}${by}`,
        );
      }
      if (action === 'CLAIM' && e.status === EscalationStatus.CLAIMED) {
        if (e.claimedBy === p.sub) return e;
        throw new ConflictError(EscalationReason.ESCALATION_CLAIMED_BY_OTHER, `Escalation ${e.id} is already claimed by ${e.claimedBy}`);
      }
      if (action === 'ACKNOWLEDGE' && e.status === EscalationStatus.CLAIMED && e.claimedBy !== p.sub) {
        throw new ConflictError(EscalationReason.ESCALATION_CLAIMED_BY_OTHER, `Escalation ${e.id} is claimed by ${e.claimedBy}; only they can acknowledge it`);
      }
      const now = await this.clock.now();
      if (!e.claimedBy) {
        e.claimedBy = p.sub;
        e.claimedAt = now;
      }
      if (next === EscalationStatus.ACKNOWLEDGED) {
        e.acknowledgedBy = p.sub;
        e.acknowledgedAt = now;
      }
      e.status = next;
      await em.save(e);
      await this.audit.record(em, p, now, action === 'CLAIM' ? 'CLAIM_ESCALATION' : 'ACKNOWLEDGE_ESCALATION', 'escalation', e.id);
      return e;
    });
  }
}
