import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Role } from '@harbour/domain';
import { AdjustableClock, Clock, ConflictError, EscalationJob, HoldExpiryJob, QueueName, ReminderJob, WaitlistJob } from '@harbour/platform';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { inTransaction } from '../persistence/transactions';
import { assignmentWindowHoldMs } from './assignment-window-hold';

/** Longest hold on assignment windows one closeAssignmentWindows call may ask for (real time). */
export const MAX_WINDOW_HOLD_SECONDS = 3600;

/**
 * Moves Harbour's adjustable clock forward (CLOCK_MODE=adjustable only) and
 * promotes the delayed jobs that became due, so a 45-day recovery period runs
 * in seconds in replay and tests without sleeping.
 */
@Injectable()
export class ClockControlService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.HOLD_EXPIRY) private readonly holdExpiry: Queue<HoldExpiryJob>,
    @InjectQueue(QueueName.REMINDERS) private readonly reminders: Queue<ReminderJob>,
    @InjectQueue(QueueName.ESCALATIONS) private readonly escalations: Queue<EscalationJob>,
    @InjectQueue(QueueName.WAITLIST) private readonly waitlist: Queue<WaitlistJob>,
  ) {}

  /**
   * Advances the clock by `ms` (>= 0) and promotes the delayed jobs whose `dueAt`
   * (Harbour clock) it has reached: hold expiries, reminders, escalations and
   * waitlist assignment windows (coordinators). Without the waitlist's, a bed
   * freed before the move was offered whenever its real-time delay ran out,
   * racing whatever came next (replay was not repeatable).
   * @throws FORBIDDEN for other roles; CONFLICT when the clock is the system clock.
   * @returns the new now and how many jobs were promoted.
   */
  async advance(p: Principal, ms: number): Promise<{ now: Date; promoted: number }> {
    requireRole(p, Role.COORDINATOR);
    if (!(this.clock instanceof AdjustableClock)) {
      throw new ConflictError('The clock can only be moved when CLOCK_MODE=adjustable');
    }
    const now = await this.clock.advance(ms);
    // Moving time decides when holds expire and data is anonymised: on the record.
    const held = await inTransaction(this.dataSource, async (em) => {
      await this.audit.record(em, p, now, 'ADVANCE_CLOCK', 'clock', null, { ms });
      return (await assignmentWindowHoldMs(em)) > 0;
    });
    // Held assignment windows are closed by their holder (closeAssignmentWindows) once the work
    // the move made due has run, never together with it (which would race it).
    const queues = held ? [this.holdExpiry, this.reminders, this.escalations] : [this.holdExpiry, this.reminders, this.escalations, this.waitlist];
    let promoted = 0;
    for (const queue of queues as Queue<{ dueAt?: string }>[]) {
      const delayed = await queue.getDelayed(0, -1);
      for (const job of delayed) {
        if (job.data.dueAt && Date.parse(job.data.dueAt) <= now.getTime()) {
          try {
            await job.promote();
            promoted++;
          } catch {
            // Already moved on (promoted or removed) since we listed it.
          }
        }
      }
    }
    return { now, promoted };
  }

  /**
   * Closes every open waitlist assignment window now: promotes every delayed
   * waitlist job, so the worker offers the beds freed since the last close in
   * one batch (WaitlistProcessor coalesces pending jobs). Then, for
   * `holdForSeconds` (0..{@link MAX_WINDOW_HOLD_SECONDS}, real time), holds the
   * windows that open: they stay open until the next call closes them instead
   * of closing after ASSIGNMENT_WINDOW_SECONDS, and advanceClock leaves them
   * open. 0 ends any hold. `harbour replay` calls this at each simulated step,
   * so what is assigned together follows its steps, not wall-clock timing;
   * a hold it does not renew lapses by itself.
   * @throws FORBIDDEN for other roles; CONFLICT when the clock is the system clock.
   * @returns how many windows (delayed waitlist jobs) were closed.
   */
  async closeAssignmentWindows(p: Principal, holdForSeconds: number): Promise<number> {
    requireRole(p, Role.COORDINATOR);
    if (!(this.clock instanceof AdjustableClock)) {
      throw new ConflictError('Assignment windows can only be closed by hand when CLOCK_MODE=adjustable');
    }
    // Hold first: a window that opens while the open ones are promoted is then held, never left to its timer.
    await inTransaction(this.dataSource, (em) =>
      em.query(
        `INSERT INTO clock_setting (id, windows_held_until) VALUES (1, CASE WHEN $1::int > 0 THEN clock_timestamp() + make_interval(secs => $1::int) END)
         ON CONFLICT (id) DO UPDATE SET windows_held_until = EXCLUDED.windows_held_until`,
        [holdForSeconds],
      ),
    );
    let closed = 0;
    for (const job of await this.waitlist.getDelayed(0, -1)) {
      try {
        await job.promote();
        closed++;
      } catch {
        // Already moved on (promoted or removed) since we listed it.
      }
    }
    return closed;
  }
}
