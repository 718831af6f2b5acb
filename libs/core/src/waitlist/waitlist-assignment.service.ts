import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Assignment, AssignmentInput, assignBatch, DEFAULT_SCORING_WEIGHTS, HoldSource, maxScore, ReferralStatus, round2 } from '@harbour/domain';
import { Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { SERVICE_PRINCIPAL } from '../identity/principal';
import { inTransaction } from '../persistence/transactions';
import { HoldEntity } from '../placements/hold.entity';
import { HoldService } from '../placements/hold.service';
import { Candidate, MatchingService, priorityWeightsFromConfig, waitingReferral } from '../placements/matching.service';
import { ReferralEntity } from '../referrals/referral.entity';
import { WaitlistEntryEntity, WaitlistStatus } from './waitlist-entry.entity';

/** Most batch assignment runs one {@link WaitlistAssignmentService.assignWaitlist} call makes (offers lost to races are re-run). */
export const ASSIGNMENT_ROUNDS = 3;

/**
 * Assignment runs: offers the free rooms to the waiting referrals by the
 * domain's batch assignment, each offer a hold of its own.
 */
@Injectable()
export class WaitlistAssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly matching: MatchingService,
    private readonly holds: HoldService,
  ) {}

  /**
   * Batch assignment of the waitlist (worker, after beds free up; docs/rules.md
   * "Matching policy"). Every WAITING referral (up to 1000, waitlist order) and
   * every free room of `regionCodes` (empty = every region) go to the domain's
   * {@link assignBatch}, which picks the offers maximising total
   * priority-weighted match quality within every hard rule. Each offer becomes a
   * hold (source WAITLIST_OFFER) in its own transaction: the referral is locked
   * with SKIP LOCKED and must still be WAITLISTED, the beds are locked with SKIP
   * LOCKED in the chosen room (the one-live-claim-per-bed index stays the last
   * word). The hold stores the priority, its parts and the run (see
   * StoredAssignmentRun). An offer lost to a concurrent claim is dropped and the
   * batch is run again on what is left (at most 3 runs).
   * @returns the holds created and the assignment of each run.
   */
  async assignWaitlist(regionCodes: string[]): Promise<{ holds: HoldEntity[]; runs: Assignment[] }> {
    const holds: HoldEntity[] = [];
    const runs: Assignment[] = [];
    for (let round = 0; round < ASSIGNMENT_ROUNDS; round++) {
      const { made, lost, assignment } = await this.assignWaitlistOnce(regionCodes);
      holds.push(...made);
      if (assignment) runs.push(assignment);
      if (lost === 0 || made.length === 0) break;
    }
    return { holds, runs };
  }

  /** The input the live service gives {@link assignBatch}: waiting referrals and free rooms now. */
  async waitlistAssignmentInput(
    regionCodes: string[],
  ): Promise<{ input: AssignmentInput; rooms: Map<string, Candidate>; referrals: Map<string, ReferralEntity> }> {
    const now = await this.clock.now();
    // As SERVICE (row-level security): the whole waitlist, whichever process asks (the API's own connections see none of it).
    const { waiting, referrals, free, excluded } = await inTransaction(this.dataSource, async (em) => {
      const waiting = await em.getRepository(WaitlistEntryEntity).find({
        where: { status: WaitlistStatus.WAITING },
        order: { priority: 'DESC', joinedAt: 'ASC', id: 'ASC' },
        take: 1000,
      });
      const referrals = new Map(
        (waiting.length
          ? await em.getRepository(ReferralEntity).findBy({ id: In(waiting.map((w) => w.referralId)), status: ReferralStatus.WAITLISTED })
          : []
        ).map((r) => [r.id, r]),
      );
      const free = referrals.size ? await this.matching.freeRooms(em, regionCodes) : [];
      // A shelter that declined a referral (or let its offer lapse) is not offered it again.
      const excluded = await this.holds.excludedShelters(em, [...referrals.keys()]);
      return { waiting, referrals, free, excluded };
    });
    const input: AssignmentInput = {
      now,
      referrals: waiting
        .filter((w) => referrals.has(w.referralId))
        .map((w) => ({ ...waitingReferral(referrals.get(w.referralId)!, w), excludedShelterIds: excluded.get(w.referralId) ?? [] })),
      rooms: free,
      priorityWeights: priorityWeightsFromConfig(this.config),
    };
    return { input, rooms: new Map(free.map((c) => [c.roomId, c])), referrals };
  }

  private async assignWaitlistOnce(regionCodes: string[]): Promise<{ made: HoldEntity[]; lost: number; assignment: Assignment | null }> {
    const { input, rooms } = await this.waitlistAssignmentInput(regionCodes);
    if (input.referrals.length === 0 || input.rooms.length === 0) return { made: [], lost: 0, assignment: null };
    const assignment = await assignBatch(input, { timeLimitSeconds: this.config.ASSIGNMENT_TIME_LIMIT_SECONDS });
    const run = {
      runId: randomUUID(),
      ranAt: input.now.toISOString(),
      policy: assignment.policy,
      solverStatus: assignment.solverStatus,
      regionCodes: [...new Set(regionCodes)].sort(),
      waitingReferrals: input.referrals.length,
      freeRooms: input.rooms.length,
      offers: assignment.offers.length,
      objective: round2(assignment.objective),
      maxScore: maxScore(DEFAULT_SCORING_WEIGHTS),
    };
    const made: HoldEntity[] = [];
    let lost = 0;
    for (const offer of assignment.offers) {
      const room = rooms.get(offer.roomId)!;
      const hold = await inTransaction(this.dataSource, async (em) => {
        const rows: ReferralEntity[] = await em
          .getRepository(ReferralEntity)
          .createQueryBuilder('r')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('r.id = :id', { id: offer.referralId })
          .getMany();
        const referral = rows[0];
        if (!referral || referral.status !== ReferralStatus.WAITLISTED) return null;
        const bedIds = await this.matching.lockBeds(em, offer.roomId, referral);
        if (!bedIds) return null;
        const now = await this.clock.now();
        return this.holds.createHold(
          em,
          referral,
          { ...room, score: offer.score, reasons: offer.scoreReasons },
          bedIds,
          HoldSource.WAITLIST_OFFER,
          SERVICE_PRINCIPAL,
          now,
          {
            priority: offer.priority,
            priorityReasons: offer.priorityReasons,
            assignment: { ...run, value: round2(offer.value) },
          },
        );
      });
      if (hold) made.push(hold);
      else lost++;
    }
    return { made, lost, assignment };
  }
}
