import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Assignment, Role } from '@harbour/domain';
import { BadUserInputError, Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { ProvisionService } from '../provision/provision.service';
import { inTransaction } from '../persistence/transactions';
import { HoldEntity } from '../placements/hold.entity';
import { ReferralEntity } from '../referrals/referral.entity';
import { IntakeProblem, ReferralInput, ReferralService } from '../referrals/referral.service';
import { ASSIGNMENT_ROUNDS, WaitlistAssignmentService } from './waitlist-assignment.service';
import { WaitlistService } from './waitlist.service';

/** Most referrals one surge intake call may bring (issue 5: a surge of 200 at once). */
export const BULK_INTAKE_MAX = 200;

/** Surge intake: many referrals at once, all waitlisted, then one assignment run for them. */
@Injectable()
export class SurgeIntakeService {
  private readonly logger = new Logger(SurgeIntakeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly referrals: ReferralService,
    private readonly waitlist: WaitlistService,
    private readonly assignment: WaitlistAssignmentService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly provision: ProvisionService,
  ) {}

  /**
   * Surge intake (docs/rules.md, "Matching policy"): creates up to
   * {@link BULK_INTAKE_MAX} referrals and puts them all on the waitlist in ONE
   * transaction, all or nothing (see ReferralService.createMany for the
   * per-item errors: every problem of the batch at once); then one batch assignment ({@link WaitlistAssignmentService.assignWaitlist},
   * every region) offers the free beds to them and to everyone already waiting.
   * @returns the referrals in input order (status HELD or WAITLISTED after the
   *   run, or OPEN with a `provisionFinding` when no room in the network could
   *   take the household: not waitlisted), the holds the run created and its assignment(s).
   * @param earlier - problems of the items found by the caller's own input checks (the API's), reported
   *   together with createMany's; the items they name are still checked for everything else.
   * @throws BAD_USER_INPUT (`input`) for an empty list or more than BULK_INTAKE_MAX items; the errors of createMany.
   */
  async bulkIntake(
    p: Principal,
    inputs: readonly ReferralInput[],
    earlier: readonly IntakeProblem[] = [],
  ): Promise<{ referrals: ReferralEntity[]; holds: HoldEntity[]; runs: Assignment[] }> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    if (inputs.length === 0) throw new BadUserInputError('Give at least one referral', 'input');
    if (inputs.length > BULK_INTAKE_MAX) {
      throw new BadUserInputError(`At most ${BULK_INTAKE_MAX} referrals per call (got ${inputs.length}); split the surge`, 'input');
    }
    const ids = await inTransaction(this.dataSource, async (em) => {
      const now = await this.clock.now();
      const created = await this.referrals.createMany(em, p, inputs, now, earlier);
      // Everything slow comes before the join lock (the network read and one assessment per household), so that
      // concurrent surges and placement requests wait for each other's joins only (docs/waiting.md, "Joining").
      const network = await this.provision.network(em);
      const joining: ReferralEntity[] = [];
      for (const referral of created) {
        // A household no room could ever take stays OPEN with its finding instead of waiting for ever.
        if (await this.provision.check(em, p, referral, now, network)) continue;
        joining.push(referral);
        await this.audit.record(em, p, now, 'WAITLIST_REFERRAL', 'referral', referral.id, { bulk: true });
      }
      if (joining.length) {
        await this.waitlist.lockJoins(em);
        // Read after the lock, so the surge's place in the waitlist order is the order the joins commit in.
        const joinedAt = await this.clock.now();
        await this.waitlist.joinNew(em, joining, joinedAt);
      }
      // Committed with the referrals: the worker runs the same all-region assignment after the window, so the
      // surge is still assigned if this process dies (or the assignment below fails) after the commit.
      await this.outbox.emit(em, {
        type: OutboxEventType.BEDS_CHANGED,
        aggregateType: 'region',
        aggregateId: 'surge-intake',
        // After the immediate run below has had its time (it normally makes every offer; the worker's then finds none):
        // up to ASSIGNMENT_ROUNDS solver runs of ASSIGNMENT_TIME_LIMIT_SECONDS each, plus 10 s to make the offers.
        payload: { regionCodes: [], freed: true, delaySeconds: ASSIGNMENT_ROUNDS * this.config.ASSIGNMENT_TIME_LIMIT_SECONDS + 10 },
      });
      return created.map((r) => r.id);
    });
    let assigned: { holds: HoldEntity[]; runs: Assignment[] } = { holds: [], runs: [] };
    try {
      assigned = await this.assignment.assignWaitlist([]);
    } catch (error) {
      // The referrals are created and waiting: answer with them; the worker's run (above) makes the offers.
      this.logger.error(`surge intake: the immediate assignment failed, the worker will assign: ${(error as Error).message}`);
    }
    const { holds, runs } = assigned;
    const created = await inTransaction(this.dataSource, (em) => em.getRepository(ReferralEntity).findBy({ id: In(ids) }));
    const byId = new Map(created.map((r) => [r.id, r]));
    return { referrals: ids.map((id) => byId.get(id)!), holds, runs };
  }
}
