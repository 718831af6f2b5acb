import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { reminderSchedule } from '@harbour/domain';
import { Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { AudienceType, NotificationKind } from '../notifications/notification.entity';
import { NotificationService } from '../notifications/notification.service';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { inTransaction, queryReturning } from '../persistence/transactions';
import { ReferralEntity } from '../referrals/referral.entity';
import { ShelterEntity } from '../network/shelter.entity';
import { PlacementEntity } from './placement.entity';
import { RecoveryPeriodEntity } from './recovery-period.entity';
import { ReminderEntity, ReminderStatus } from './reminder.entity';
import { HarbourMetrics } from '../ops/metrics.service';

/** A reminder sent more than this long after it was due is marked late. */
const LATE_AFTER_MS = 15 * 60_000;

/**
 * Recovery-period reminders: REMINDER_OFFSETS_DAYS before the period's last day
 * (and on it) at REMINDER_LOCAL_TIME in TIME_ZONE, to the shelter's staff and
 * the referring agency. The reminder row records what was sent, so each is sent
 * once whatever happens to its BullMQ job.
 */
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
    private readonly metrics: HarbourMetrics,
  ) {}

  /**
   * Creates the reminders of `period` (those falling on or after its start
   * date) and queues their delayed jobs through the outbox. Reminders already
   * due (a backdated arrival) are sent at once by the worker, marked late.
   */
  async schedule(em: EntityManager, period: RecoveryPeriodEntity): Promise<ReminderEntity[]> {
    const slots = reminderSchedule(
      period,
      this.config.REMINDER_OFFSETS_DAYS,
      this.config.REMINDER_LOCAL_TIME,
      this.config.TIME_ZONE,
    ).filter((s) => s.dueDate >= period.startDate);
    if (slots.length === 0) return [];
    const saved = await em.getRepository(ReminderEntity).save(
      slots.map((s) => ({
        recoveryPeriodId: period.id,
        placementId: period.placementId,
        offsetDays: s.offsetDays,
        dueDate: s.dueDate,
        dueAt: s.dueAt,
        status: ReminderStatus.SCHEDULED,
        sentAt: null,
        late: false,
      })),
    );
    await this.outbox.emit(em, {
      type: OutboxEventType.REMINDERS_SCHEDULED,
      aggregateType: 'placement',
      aggregateId: period.placementId,
      payload: { reminders: saved.map((r) => ({ id: r.id, dueAt: r.dueAt.toISOString() })) },
    });
    return saved;
  }

  /**
   * Cancels the placement's unsent reminders (all, or only those of periods
   * before `beforePeriodSequence`, on extension) and removes their jobs.
   */
  async cancelForPlacement(
    em: EntityManager,
    placementId: string,
    opts: { beforePeriodSequence?: number } = {},
  ): Promise<number> {
    const rows = await queryReturning<{ id: string }>(
      em,
      `UPDATE reminder r SET status = 'CANCELLED'
         FROM recovery_period p
        WHERE p.id = r.recovery_period_id AND r.placement_id = $1 AND r.status = 'SCHEDULED'
          AND ($2::int IS NULL OR p.sequence < $2)
      RETURNING r.id`,
      [placementId, opts.beforePeriodSequence ?? null],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length) {
      await this.outbox.emit(em, {
        type: OutboxEventType.REMINDERS_CANCELLED,
        aggregateType: 'placement',
        aggregateId: placementId,
        payload: { reminderIds: ids },
      });
    }
    return ids.length;
  }

  /**
   * Sends one reminder if it is SCHEDULED and due by Harbour's clock: a
   * notification to the shelter's staff and one to the referring agency, then
   * the row is marked SENT. Returns 'SENT', 'NOT_SCHEDULED' (sent or cancelled
   * already: nothing to do), or how long until it is due.
   */
  async send(reminderId: string): Promise<'SENT' | 'NOT_SCHEDULED' | { dueInMs: number }> {
    const result = await inTransaction(this.dataSource, async (em) => {
      const reminder = await em
        .getRepository(ReminderEntity)
        .findOne({ where: { id: reminderId }, lock: { mode: 'pessimistic_write' } });
      if (!reminder || reminder.status !== ReminderStatus.SCHEDULED) return 'NOT_SCHEDULED' as const;
      const now = await this.clock.now();
      const dueIn = reminder.dueAt.getTime() - now.getTime();
      if (dueIn > 0) return { dueInMs: dueIn };
      const placement = await em.getRepository(PlacementEntity).findOneByOrFail({ id: reminder.placementId });
      const period = await em.getRepository(RecoveryPeriodEntity).findOneByOrFail({ id: reminder.recoveryPeriodId });
      const referral = await em.getRepository(ReferralEntity).findOneByOrFail({ id: placement.referralId });
      const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: placement.shelterId });
      const late = -dueIn > LATE_AFTER_MS;
      const payload = {
        reminderId: reminder.id,
        placementId: placement.id,
        referralId: referral.id,
        agencyReference: referral.agencyReference,
        shelterCodeName: shelter.codeName,
        periodSequence: period.sequence,
        periodEndDate: period.endDate,
        daysBeforeEnd: reminder.offsetDays,
        dueAt: reminder.dueAt.toISOString(),
        late,
      };
      for (const [audienceType, audienceId] of [
        [AudienceType.SHELTER, shelter.id],
        [AudienceType.AGENCY, referral.agencyId],
      ] as const) {
        await this.notifications.create(
          em,
          {
            kind: NotificationKind.RECOVERY_PERIOD_REMINDER,
            audienceType,
            audienceId,
            idempotencyKey: `reminder:${reminder.id}:${audienceType.toLowerCase()}`,
            payload,
          },
          now,
        );
      }
      reminder.status = ReminderStatus.SENT;
      reminder.sentAt = now;
      reminder.late = late;
      await em.save(reminder);
      return { sentLateMs: -dueIn as number };
    });
    if (typeof result === 'object' && 'sentLateMs' in result) {
      // After the commit, so a rolled-back attempt is not counted.
      this.metrics.observeReminderLateness(result.sentLateMs as number);
      return 'SENT';
    }
    return result;
  }

  /** SCHEDULED reminders due by now (for the sweep that covers lost jobs). */
  async dueReminderIds(limit = 500): Promise<string[]> {
    const now = await this.clock.now();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM reminder WHERE status = 'SCHEDULED' AND due_at <= $1 ORDER BY due_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }
}
