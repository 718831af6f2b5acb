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
    await inTransaction(this.dataSource, (em) => this.audit.record(em, p, now, 'ADVANCE_CLOCK', 'clock', null, { ms }));
    let promoted = 0;
    for (const queue of [this.holdExpiry, this.reminders, this.escalations, this.waitlist] as Queue<{ dueAt?: string }>[]) {
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
}
