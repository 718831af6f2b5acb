import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DeadlineKind, DeadlineReminder, reminderMessage } from '@harbour/domain';
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
 * Reminders of a placement's deadlines (docs/nrm-stages.md "Reminders"):
 * REMINDER_OFFSETS_DAYS before each deadline of the current stage (and on it)
 * at REMINDER_LOCAL_TIME in TIME_ZONE, to the shelter's staff and the referring
 * agency; an overdue reasonable grounds decision to the agency and the region's
 * coordinators; leave renewals 60, 30 and 7 days before expiry. The reminder row records what was sent, so each is sent
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
   * Makes the placement's reminders match `desired` (the reminders of its
   * current deadlines, from the domain's deadlineReminders): SCHEDULED ones no
   * longer wanted are cancelled and their jobs removed; wanted ones not yet
   * there (SCHEDULED or SENT, by deadline kind, deadline date and due date) are
   * created and their delayed jobs queued through the outbox. A reminder
   * already sent is never sent again; one already due (a backdated decision)
   * is sent at once by the worker, marked late.
   * @returns how many were created and cancelled
   */
  async reconcile(
    em: EntityManager,
    placementId: string,
    desired: readonly (DeadlineReminder & { recoveryPeriodId: string | null })[],
  ): Promise<{ created: number; cancelled: number }> {
    const key = (r: { deadlineKind?: string; kind?: string; deadlineDate: string; dueDate: string }) =>
      `${r.deadlineKind ?? r.kind}|${r.deadlineDate}|${r.dueDate}`;
    const existing = await em.getRepository(ReminderEntity).find({
      where: { placementId, status: In([ReminderStatus.SCHEDULED, ReminderStatus.SENT]) },
      lock: { mode: 'pessimistic_write' },
    });
    const wanted = new Map(desired.map((d) => [key(d), d]));
    const stale = existing.filter((r) => r.status === ReminderStatus.SCHEDULED && !wanted.has(key(r)));
    if (stale.length) {
      await em.getRepository(ReminderEntity).update({ id: In(stale.map((r) => r.id)) }, { status: ReminderStatus.CANCELLED });
      await this.outbox.emit(em, {
        type: OutboxEventType.REMINDERS_CANCELLED,
        aggregateType: 'placement',
        aggregateId: placementId,
        payload: { reminderIds: stale.map((r) => r.id) },
      });
    }
    const have = new Set(existing.map(key));
    const missing = [...wanted.values()].filter((d) => !have.has(key(d)));
    if (missing.length) {
      const saved = await em.getRepository(ReminderEntity).save(
        missing.map((d) => ({
          recoveryPeriodId: d.recoveryPeriodId,
          placementId,
          deadlineKind: d.kind,
          deadlineDate: d.deadlineDate,
          supportContinues: d.supportContinues,
          offsetDays: d.offsetDays,
          dueDate: d.dueDate,
          dueAt: d.dueAt,
          status: ReminderStatus.SCHEDULED,
          sentAt: null,
          late: false,
        })),
      );
      await this.outbox.emit(em, {
        type: OutboxEventType.REMINDERS_SCHEDULED,
        aggregateType: 'placement',
        aggregateId: placementId,
        payload: { reminders: saved.map((r) => ({ id: r.id, dueAt: r.dueAt.toISOString() })) },
      });
    }
    return { created: missing.length, cancelled: stale.length };
  }

  /** Cancels all of the placement's unsent reminders (on exit) and removes their jobs. Returns how many. */
  async cancelForPlacement(em: EntityManager, placementId: string): Promise<number> {
    const rows = await queryReturning<{ id: string }>(
      em,
      `UPDATE reminder SET status = 'CANCELLED' WHERE placement_id = $1 AND status = 'SCHEDULED' RETURNING id`,
      [placementId],
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
      const reminder = await em.getRepository(ReminderEntity).findOne({ where: { id: reminderId }, lock: { mode: 'pessimistic_write' } });
      if (!reminder || reminder.status !== ReminderStatus.SCHEDULED) return 'NOT_SCHEDULED' as const;
      const now = await this.clock.now();
      const dueIn = reminder.dueAt.getTime() - now.getTime();
      if (dueIn > 0) return { dueInMs: dueIn };
      const placement = await em.getRepository(PlacementEntity).findOneByOrFail({ id: reminder.placementId });
      const period = reminder.recoveryPeriodId ? await em.getRepository(RecoveryPeriodEntity).findOneBy({ id: reminder.recoveryPeriodId }) : null;
      const referral = await em.getRepository(ReferralEntity).findOneByOrFail({ id: placement.referralId });
      const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: placement.shelterId });
      const late = -dueIn > LATE_AFTER_MS;
      const kind =
        reminder.deadlineKind === DeadlineKind.RECOVERY_PERIOD_END
          ? NotificationKind.RECOVERY_PERIOD_REMINDER
          : reminder.deadlineKind === DeadlineKind.LEAVE_EXPIRY
            ? NotificationKind.LEAVE_EXPIRY_REMINDER
            : NotificationKind.NRM_DEADLINE_REMINDER;
      const payload = {
        reminderId: reminder.id,
        placementId: placement.id,
        referralId: referral.id,
        agencyReference: referral.agencyReference,
        shelterCodeName: shelter.codeName,
        jurisdiction: placement.jurisdiction,
        deadlineKind: reminder.deadlineKind,
        deadlineDate: reminder.deadlineDate,
        daysBeforeDeadline: reminder.offsetDays,
        supportContinuesUntilCg: reminder.supportContinues,
        message: reminderMessage({
          kind: reminder.deadlineKind,
          deadlineDate: reminder.deadlineDate,
          offsetDays: reminder.offsetDays,
          supportContinues: reminder.supportContinues,
        }),
        ...(period ? { periodSequence: period.sequence, periodEndDate: period.endDate, daysBeforeEnd: reminder.offsetDays } : {}),
        dueAt: reminder.dueAt.toISOString(),
        late,
      };
      // An overdue reasonable grounds decision is for the referring agency and the region's coordinators to chase.
      const audiences: [AudienceType, string | null][] =
        reminder.deadlineKind === DeadlineKind.RG_TARGET
          ? [
              [AudienceType.AGENCY, referral.agencyId],
              [AudienceType.COORDINATORS, null],
            ]
          : [
              [AudienceType.SHELTER, shelter.id],
              [AudienceType.AGENCY, referral.agencyId],
            ];
      for (const [audienceType, audienceId] of audiences) {
        await this.notifications.create(
          em,
          {
            kind,
            audienceType,
            audienceId,
            idempotencyKey: `reminder:${reminder.id}:${audienceType.toLowerCase()}`,
            payload,
            regionCode: shelter.regionCode,
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
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM reminder WHERE status = 'SCHEDULED' AND due_at <= $1 ORDER BY due_at LIMIT $2`, [
      now,
      limit,
    ]);
    return rows.map((r) => r.id);
  }
}
