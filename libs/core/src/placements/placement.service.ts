import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  addDays,
  checkDecline,
  DomainError,
  HoldDeclineReason,
  holdHoursFor,
  Assignment,
  AssignmentInput,
  assignBatch,
  assertReferralTransition,
  DEFAULT_SCORING_WEIGHTS,
  EscalationResolution,
  maxScore,
  round2,
  BedStatus,
  ExitReason,
  householdSize,
  HoldSource,
  HoldStatus,
  localDate,
  nextRecoveryPeriod,
  parseCalendarDate,
  PlacementStatus,
  ReferralStatus,
  Role,
  waitlistPriority,
} from '@harbour/domain';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  HARBOUR_CONFIG,
  HarbourConfig,
  NotFoundError,
} from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { canActForAgency, canManageShelter, requireRole } from '../identity/access';
import { onceForClientMutationId } from '../identity/mutation-receipts';
import { Principal, SERVICE_PRINCIPAL } from '../identity/principal';
import { BedEntity } from '../network/bed.entity';
import { NetworkService } from '../network/network.service';
import { ShelterEntity } from '../network/shelter.entity';
import { AudienceType, NotificationKind } from '../notifications/notification.entity';
import { NotificationService } from '../notifications/notification.service';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { inTransaction, queryReturning } from '../persistence/transactions';
import { EscalationService } from '../escalations/escalation.service';
import { ProvisionService } from '../provision/provision.service';
import { ReferralEntity, StoredProvisionFinding } from '../referrals/referral.entity';
import { ReferralInput, ReferralService } from '../referrals/referral.service';
import { WaitlistEntryEntity, WaitlistCloseReason, WaitlistStatus } from '../waitlist/waitlist-entry.entity';
import { BedClaimEntity } from './bed-claim.entity';
import { HoldEntity } from './hold.entity';
import { Candidate, MatchingService, priorityWeightsFromConfig, RankedRoom, waitingReferral } from './matching.service';
import { PlacementEntity } from './placement.entity';
import { RecoveryPeriodEntity } from './recovery-period.entity';
import { ReminderService } from './reminder.service';
import { NrmStageService } from '../nrm/nrm-stage.service';
import { RegionEntity } from '../network/region.entity';

/** Advisory lock key held while a referral joins the waitlist. */
const WAITLIST_JOIN_LOCK_KEY = 726_384_003;

/** Most referrals one surge intake call may bring (issue 5: a surge of 200 at once). */
export const BULK_INTAKE_MAX = 200;

/** How many ranked shelters `requestPlacement` tries to lock a room in before waitlisting. */
const MAX_CLAIM_ATTEMPTS = 25;

/**
 * Result of `requestPlacement`: a bed held, a place on the waitlist, or no
 * room in the network could ever take the household (typed, never an error).
 */
export type PlacementRequestResult =
  | { outcome: 'HOLD_OFFERED'; hold: HoldEntity }
  | { outcome: 'WAITLISTED'; entry: WaitlistEntryEntity; position: number }
  | { outcome: 'NO_SUITABLE_PROVISION'; referral: ReferralEntity; finding: StoredProvisionFinding };

export interface ConfirmArrivalInput {
  holdId: string;
  /** Arrival date YYYY-MM-DD in the jurisdiction's time zone; default today. Up to 365 days back, never ahead. */
  arrivedOn?: string | null;
  /**
   * The person comes to a Place of Safety: consents to the stay, not yet to the
   * NRM (no NRM referral; bounded by the policy's working days). Default false.
   */
  placeOfSafety?: boolean | null;
  /** Date of the NRM referral, YYYY-MM-DD; default the referral's date. Not with placeOfSafety; not in the future. */
  nrmReferredOn?: string | null;
}

export interface ExtendInput {
  placementId: string;
  /** Why the stay is extended (required; recorded on the period). */
  reason: string;
  /** Length of the new period in days; default the policy RECOVERY_PERIOD_DAYS. */
  lengthDays?: number | null;
  /** Makes a retried request return the first extension instead of adding another. */
  clientMutationId?: string | null;
}

export interface EndPlacementInput {
  placementId: string;
  exitReason: ExitReason;
  /** Exit date YYYY-MM-DD; default today; not before arrival, not in the future. */
  endedOn?: string | null;
  /** Who gives outreach support after exit (organisation name, at most 200 characters); default none. */
  outreachProvider?: string | null;
}

/**
 * The placement lifecycle (docs/architecture.md, Main flows 3-7): request → hold → arrival →
 * recovery periods → exit, plus declines, expiry, withdrawal and waitlist offers.
 * Every step is one transaction; beds are claimed under row locks and the
 * database's one-live-claim-per-bed index.
 */
@Injectable()
export class PlacementService {
  private readonly logger = new Logger(PlacementService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly matching: MatchingService,
    private readonly referrals: ReferralService,
    private readonly network: NetworkService,
    private readonly reminders: ReminderService,
    private readonly nrm: NrmStageService,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly provision: ProvisionService,
    private readonly escalations: EscalationService,
  ) {}

  /**
   * Ranked eligible rooms for a referral, each with its score and the reasons.
   * Officers of the agency and coordinators.
   */
  async matchCandidates(p: Principal, referralId: string, limit = 20): Promise<RankedRoom[]> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    const referral = await this.referrals.getVisible(p, referralId);
    const ranked = await this.matching.candidates(this.dataSource.manager, referral);
    return ranked.slice(0, limit);
  }

  /**
   * Holds the best eligible bed that can still be locked, or puts the referral
   * on the waitlist. Idempotent: asking again for a held referral returns its
   * hold; for a waitlisted one it tries again, else returns its position.
   * An OPEN referral that no room in the network could take even with every
   * bed free is not waitlisted: it stays OPEN with the finding
   * (NO_SUITABLE_PROVISION, ProvisionService.check), and is checked again at
   * its next request.
   * @throws CONFLICT for a placed, exited or withdrawn referral.
   */
  async requestPlacement(p: Principal, referralId: string): Promise<PlacementRequestResult> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const referral = await this.lockReferral(em, referralId);
      if (!canActForAgency(p, referral.agencyId)) throw new NotFoundError('Referral', referralId);
      const now = await this.clock.now();
      if (referral.status === ReferralStatus.HELD) {
        const hold = await em.getRepository(HoldEntity).findOneByOrFail({ referralId, status: HoldStatus.ACTIVE });
        return { outcome: 'HOLD_OFFERED' as const, hold };
      }
      if (referral.status !== ReferralStatus.OPEN && referral.status !== ReferralStatus.WAITLISTED) {
        throw new ConflictError(`Referral ${referralId} is ${referral.status}; no placement can be requested`);
      }
      const hold = await this.claimBest(em, referral, HoldSource.REQUEST, p, now);
      if (hold) return { outcome: 'HOLD_OFFERED' as const, hold };
      if (referral.status === ReferralStatus.OPEN) {
        const finding = await this.provision.check(em, p, referral, now);
        if (finding) return { outcome: 'NO_SUITABLE_PROVISION' as const, referral, finding };
      }
      // Joining is serialised (and joinedAt read after the lock), so concurrent
      // joiners get distinct positions in the order they joined.
      await em.query('SELECT pg_advisory_xact_lock($1)', [WAITLIST_JOIN_LOCK_KEY]);
      const entry = await this.joinWaitlist(em, referral, await this.clock.now());
      await this.audit.record(em, p, now, 'WAITLIST_REFERRAL', 'referral', referral.id);
      return { outcome: 'WAITLISTED' as const, entry, position: await this.waitlistPosition(em, entry) };
    });
  }

  /**
   * Shelter staff confirm the household arrived: the placement starts, recovery
   * period 1 begins on the arrival date (day 1), reminders are scheduled.
   * Idempotent: confirming a confirmed hold returns its placement.
   */
  async confirmArrival(p: Principal, input: ConfirmArrivalInput): Promise<PlacementEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const hold = await this.lockHold(em, input.holdId);
      this.requireManagerOrNotFound(p, hold.shelterId, 'Hold', hold.id);
      if (hold.status === HoldStatus.CONFIRMED) {
        // A retry is answered with the placement; a different arrival date is a conflict.
        const placement = await em.getRepository(PlacementEntity).findOneByOrFail({ holdId: hold.id });
        if (input.arrivedOn && input.arrivedOn !== placement.arrivedOn) {
          throw new ConflictError(`Hold ${hold.id} was already confirmed with arrival on ${placement.arrivedOn}`);
        }
        return placement;
      }
      if (hold.status !== HoldStatus.ACTIVE) throw new ConflictError(`Hold ${hold.id} is ${hold.status}`);
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      const arrivedOn = input.arrivedOn ? parseCalendarDate(input.arrivedOn, 'input.arrivedOn') : today;
      if (arrivedOn > today) throw new BadUserInputError('arrivedOn cannot be in the future', 'input.arrivedOn');
      if (arrivedOn < addDays(today, -365)) {
        throw new BadUserInputError('arrivedOn can be at most 365 days ago', 'input.arrivedOn');
      }
      const referral = await this.lockReferral(em, hold.referralId);
      const referredOn = localDate(referral.createdAt, this.config.TIME_ZONE);
      if (arrivedOn < referredOn) {
        throw new BadUserInputError(`arrivedOn cannot be before the referral was made (${referredOn})`, 'input.arrivedOn');
      }
      const placeOfSafety = input.placeOfSafety === true;
      if (placeOfSafety && input.nrmReferredOn) {
        throw new BadUserInputError('A Place of Safety stay has no NRM referral yet: record it later with recordNrmReferral', 'input.nrmReferredOn');
      }
      const nrmReferredOn = placeOfSafety
        ? null
        : input.nrmReferredOn
          ? parseCalendarDate(input.nrmReferredOn, 'input.nrmReferredOn')
          : referredOn;
      if (nrmReferredOn && nrmReferredOn > today) throw new BadUserInputError('nrmReferredOn cannot be in the future', 'input.nrmReferredOn');
      const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: hold.shelterId });
      const region = await em.getRepository(RegionEntity).findOneByOrFail({ code: shelter.regionCode });
      assertReferralTransition(referral.status, ReferralStatus.PLACED);

      const placement = await em.getRepository(PlacementEntity).save({
        referralId: referral.id,
        holdId: hold.id,
        shelterId: hold.shelterId,
        roomId: hold.roomId,
        status: PlacementStatus.ACTIVE,
        jurisdiction: region.jurisdiction,
        placeOfSafety,
        nrmReferredOn,
        outreachProvider: null,
        arrivedOn,
        startedAt: now,
        endedOn: null,
        exitReason: null,
        endedAt: null,
      });
      const claims = await em.getRepository(BedClaimEntity).findBy({ holdId: hold.id, releasedAt: IsNull() });
      await em.getRepository(BedClaimEntity).update({ holdId: hold.id, releasedAt: IsNull() }, { placementId: placement.id });
      await em
        .getRepository(BedEntity)
        .update({ id: In(claims.map((c) => c.bedId)) }, { status: BedStatus.OCCUPIED, statusChangedAt: now });
      hold.status = HoldStatus.CONFIRMED;
      hold.resolvedAt = now;
      await em.save(hold);
      referral.status = ReferralStatus.PLACED;
      await em.save(referral);

      // The stage follows from the decisions recorded so far (an RG before arrival starts the recovery period today).
      await this.nrm.refresh(em, placement, p, now);
      await this.audit.record(em, p, now, 'CONFIRM_ARRIVAL', 'placement', placement.id, { holdId: hold.id, placeOfSafety });
      return placement;
    });
  }

  /**
   * The hold is declined (by the shelter, the person, or the officer): the beds
   * are released and offered to the waitlist; the referral is open again.
   * `reasonCode` is the structured reason reports count (OTHER when absent).
   * Idempotent on an already-declined hold.
   */
  async declineHold(p: Principal, holdId: string, reason?: string | null, reasonCode?: HoldDeclineReason | null): Promise<HoldEntity> {
    const decline = (() => {
      try {
        return checkDecline(reasonCode, reason?.slice(0, 500));
      } catch (e) {
        if (e instanceof DomainError) throw new BadUserInputError(e.message, e.field ?? 'reason');
        throw e;
      }
    })();
    return inTransaction(this.dataSource, async (em) => {
      const hold = await this.lockHold(em, holdId);
      const referral = await this.lockReferral(em, hold.referralId);
      if (!canManageShelter(p, hold.shelterId) && !canActForAgency(p, referral.agencyId)) {
        throw new NotFoundError('Hold', holdId);
      }
      if (hold.status === HoldStatus.DECLINED) return hold;
      if (hold.status !== HoldStatus.ACTIVE) throw new ConflictError(`Hold ${hold.id} is ${hold.status}`);
      const now = await this.clock.now();
      hold.declineReason = decline.reasonCode;
      await this.releaseHold(em, hold, HoldStatus.DECLINED, now, decline.text);
      assertReferralTransition(referral.status, ReferralStatus.OPEN);
      referral.status = ReferralStatus.OPEN;
      await em.save(referral);
      await this.audit.record(em, p, now, 'DECLINE_HOLD', 'hold', hold.id, { reasonCode: decline.reasonCode });
      return hold;
    });
  }

  /**
   * The shelter accepts an offered hold (its staff, or coordinators): the hold
   * becomes ACCEPTED in the handover and the referring agency is told (the
   * shelter phones the officer back on the referral's call-back contact).
   * Idempotent on an accepted hold.
   * @throws NOT_FOUND outside the shelter; CONFLICT when the hold is no longer ACTIVE.
   */
  async acceptHold(p: Principal, holdId: string): Promise<HoldEntity> {
    requireRole(p, Role.SHELTER_STAFF, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const hold = await this.lockHold(em, holdId);
      this.requireManagerOrNotFound(p, hold.shelterId, 'Hold', hold.id);
      if (hold.status !== HoldStatus.ACTIVE) throw new ConflictError(`Hold ${hold.id} is ${hold.status}`);
      if (hold.acceptedAt) return hold;
      const now = await this.clock.now();
      hold.acceptedAt = now;
      hold.acceptedBy = p.sub;
      await em.save(hold);
      const referral = await em.getRepository(ReferralEntity).findOneByOrFail({ id: hold.referralId });
      const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: hold.shelterId });
      await this.notifications.create(
        em,
        {
          kind: NotificationKind.HOLD_ACCEPTED,
          audienceType: AudienceType.AGENCY,
          audienceId: referral.agencyId,
          idempotencyKey: `hold-accepted:${hold.id}:agency`,
          payload: { holdId: hold.id, referralId: referral.id, agencyReference: referral.agencyReference, shelterCodeName: shelter.codeName, contactLine: shelter.contactLine, expiresAt: hold.expiresAt.toISOString() },
        },
        now,
      );
      await this.audit.record(em, p, now, 'ACCEPT_HOLD', 'hold', hold.id);
      return hold;
    });
  }

  /**
   * Expires one hold if it is still ACTIVE and due (worker). Returns 'EXPIRED',
   * 'NOT_ACTIVE' (already resolved: nothing to do), or the ms until it is due.
   */
  async expireHold(holdId: string): Promise<'EXPIRED' | 'NOT_ACTIVE' | { dueInMs: number }> {
    return inTransaction(this.dataSource, async (em) => {
      const hold = await em.getRepository(HoldEntity).findOne({ where: { id: holdId }, lock: { mode: 'pessimistic_write' } });
      if (!hold || hold.status !== HoldStatus.ACTIVE) return 'NOT_ACTIVE' as const;
      const now = await this.clock.now();
      if (hold.expiresAt.getTime() > now.getTime()) return { dueInMs: hold.expiresAt.getTime() - now.getTime() };
      const referral = await this.lockReferral(em, hold.referralId);
      await this.releaseHold(em, hold, HoldStatus.EXPIRED, now, 'arrival not confirmed in time');
      if (referral.status === ReferralStatus.HELD) {
        referral.status = ReferralStatus.OPEN;
        await em.save(referral);
      }
      await this.notifications.create(
        em,
        {
          kind: NotificationKind.HOLD_EXPIRED,
          audienceType: AudienceType.AGENCY,
          audienceId: referral.agencyId,
          idempotencyKey: `hold-expired:${hold.id}`,
          payload: { holdId: hold.id, referralId: referral.id, agencyReference: referral.agencyReference },
        },
        now,
      );
      await this.audit.record(em, SERVICE_PRINCIPAL, now, 'EXPIRE_HOLD', 'hold', hold.id);
      return 'EXPIRED' as const;
    });
  }

  /** Expires every ACTIVE hold past its time (periodic sweep; covers lost jobs). Returns how many. */
  async expireDueHolds(): Promise<number> {
    const now = await this.clock.now();
    // As SERVICE whatever the process (the API's connections have no default caller, so RLS would hide every hold).
    const due: { id: string }[] = await inTransaction(this.dataSource, (em) =>
      em.query(`SELECT id FROM hold WHERE status = 'ACTIVE' AND expires_at <= $1 ORDER BY expires_at LIMIT 500`, [now]),
    );
    let expired = 0;
    for (const { id } of due) if ((await this.expireHold(id)) === 'EXPIRED') expired++;
    return expired;
  }

  /**
   * Withdraws a referral that is not placed: cancels its hold (beds go to the
   * waitlist) or its waitlist entry. Idempotent on a withdrawn referral.
   * @throws CONFLICT for a placed or exited referral (end the placement instead).
   */
  async withdrawReferral(p: Principal, referralId: string): Promise<ReferralEntity> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const referral = await this.lockReferral(em, referralId);
      if (!canActForAgency(p, referral.agencyId)) throw new NotFoundError('Referral', referralId);
      if (referral.status === ReferralStatus.WITHDRAWN) return referral;
      if (referral.status === ReferralStatus.PLACED || referral.status === ReferralStatus.EXITED) {
        throw new ConflictError(`Referral ${referralId} is ${referral.status}; end the placement instead`);
      }
      const now = await this.clock.now();
      const hold = await em.getRepository(HoldEntity).findOne({
        where: { referralId, status: HoldStatus.ACTIVE },
        lock: { mode: 'pessimistic_write' },
      });
      if (hold) await this.releaseHold(em, hold, HoldStatus.CANCELLED, now, 'referral withdrawn');
      await this.closeWaitlistEntry(em, referralId, WaitlistCloseReason.WITHDRAWN, now);
      await this.referrals.markWithdrawn(em, referral, now);
      await this.audit.record(em, p, now, 'WITHDRAW_REFERRAL', 'referral', referralId);
      return referral;
    });
  }

  /**
   * Adds a further recovery period after the last one (reason required);
   * reminders for the old end date are cancelled and new ones scheduled.
   */
  async extendRecoveryPeriod(p: Principal, input: ExtendInput): Promise<RecoveryPeriodEntity> {
    const reason = input.reason?.trim();
    if (!reason) throw new BadUserInputError('An extension needs a reason', 'input.reason');
    if (reason.length > 500) throw new BadUserInputError('reason is at most 500 characters', 'input.reason');
    const lengthDays = input.lengthDays ?? this.config.RECOVERY_PERIOD_DAYS;
    if (!Number.isInteger(lengthDays) || lengthDays < 1 || lengthDays > 365) {
      throw new BadUserInputError('lengthDays must be a whole number from 1 to 365', 'input.lengthDays');
    }
    return inTransaction(this.dataSource, async (em) => {
      const placement = await this.lockPlacement(em, input.placementId);
      this.requireManagerOrNotFound(p, placement.shelterId, 'Placement', placement.id);
      return onceForClientMutationId<RecoveryPeriodEntity>(
        em,
        p,
        'extendRecoveryPeriod',
        input.clientMutationId,
        { placementId: placement.id, reason, lengthDays },
        async () => {
          if (placement.status !== PlacementStatus.ACTIVE) {
            throw new ConflictError(`Placement ${placement.id} has ended`);
          }
          const now = await this.clock.now();
          const last = await em.getRepository(RecoveryPeriodEntity).findOne({
            where: { placementId: placement.id },
            order: { sequence: 'DESC' },
          });
          if (!last) {
            throw new ConflictError(`Placement ${placement.id} has no recovery period yet: it begins with a positive reasonable grounds decision`);
          }
          const period = nextRecoveryPeriod(last, lengthDays);
          const saved = await em.getRepository(RecoveryPeriodEntity).save({
            placementId: placement.id,
            sequence: last.sequence + 1,
            ...period,
            reason,
            createdBy: p.sub,
            createdAt: now,
          });
          await this.nrm.refresh(em, placement, p, now);
          await this.audit.record(em, p, now, 'EXTEND_RECOVERY_PERIOD', 'placement', placement.id, {
            sequence: saved.sequence,
          });
          return saved;
        },
        (period) => ({ id: period.id }),
        async (stored) =>
          em.getRepository(RecoveryPeriodEntity).findOneByOrFail({ id: (stored as { id: string }).id }),
      );
    });
  }

  /**
   * Ends a placement: the beds free up and go to the waitlist, unsent reminders
   * are cancelled, the referral is EXITED. Idempotent on an ended placement.
   */
  async endPlacement(p: Principal, input: EndPlacementInput): Promise<PlacementEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const placement = await this.lockPlacement(em, input.placementId);
      this.requireManagerOrNotFound(p, placement.shelterId, 'Placement', placement.id);
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      const endedOn = input.endedOn ? parseCalendarDate(input.endedOn, 'input.endedOn') : null;
      if (placement.status === PlacementStatus.ENDED) {
        // A retry of the same exit is answered with the exit; a different one is a conflict.
        if (placement.exitReason !== input.exitReason || (endedOn && endedOn !== placement.endedOn)) {
          throw new ConflictError(`Placement ${placement.id} already ended on ${placement.endedOn} (${placement.exitReason})`);
        }
        return placement;
      }
      const outreach = input.outreachProvider?.trim() || null;
      if (outreach && outreach.length > 200) throw new BadUserInputError('outreachProvider is at most 200 characters', 'input.outreachProvider');
      return this.finishPlacement(em, p, placement, input.exitReason, endedOn ?? today, now, outreach);
    });
  }

  /** Ends an ACTIVE placement on `endedOn` (already validated as a date): frees beds, cancels reminders. */
  private async finishPlacement(
    em: EntityManager,
    p: Principal,
    placement: PlacementEntity,
    exitReason: ExitReason,
    endedOn: string,
    now: Date,
    outreachProvider: string | null = null,
  ): Promise<PlacementEntity> {
    if (endedOn > localDate(now, this.config.TIME_ZONE)) {
      throw new BadUserInputError('endedOn cannot be in the future', 'input.endedOn');
    }
    if (endedOn < placement.arrivedOn) {
      throw new BadUserInputError(`endedOn cannot be before arrival (${placement.arrivedOn})`, 'input.endedOn');
    }
    placement.status = PlacementStatus.ENDED;
    placement.endedOn = endedOn;
    placement.exitReason = exitReason;
    placement.endedAt = now;
    placement.outreachProvider = outreachProvider;
    await em.save(placement);
    const bedIds = await this.releaseClaims(em, { placementId: placement.id }, now);
    const referral = await this.lockReferral(em, placement.referralId);
    assertReferralTransition(referral.status, ReferralStatus.EXITED);
    referral.status = ReferralStatus.EXITED;
    referral.closedAt = now;
    await em.save(referral);
    await this.reminders.cancelForPlacement(em, placement.id);
    const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: placement.shelterId });
    if (bedIds.length) await this.network.emitBedsChanged(em, [shelter.regionCode], true);
    await this.audit.record(em, p, now, 'END_PLACEMENT', 'placement', placement.id, { exitReason, outreach: outreachProvider !== null });
    return placement;
  }

  /**
   * Batch assignment of the waitlist (worker, after beds free up; README
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
    for (let round = 0; round < 3; round++) {
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
    const { waiting, referrals, free } = await inTransaction(this.dataSource, async (em) => {
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
      return { waiting, referrals, free };
    });
    const input: AssignmentInput = {
      now,
      referrals: waiting
        .filter((w) => referrals.has(w.referralId))
        .map((w) => waitingReferral(referrals.get(w.referralId)!, w)),
      rooms: free,
      priorityWeights: priorityWeightsFromConfig(this.config),
    };
    return { input, rooms: new Map(free.map((c) => [c.roomId, c])), referrals };
  }

  private async assignWaitlistOnce(
    regionCodes: string[],
  ): Promise<{ made: HoldEntity[]; lost: number; assignment: Assignment | null }> {
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
        const bedIds = await this.matching.lockBeds(em, offer.roomId, offer.beds);
        if (!bedIds) return null;
        const now = await this.clock.now();
        return this.createHold(
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

  /**
   * Surge intake (README "Matching policy"): creates up to
   * {@link BULK_INTAKE_MAX} referrals and puts them all on the waitlist in ONE
   * transaction, all or nothing (see ReferralService.createMany for the
   * per-item errors); then one batch assignment ({@link assignWaitlist}, every
   * region) offers the free beds to them and to everyone already waiting.
   * @returns the referrals in input order (status HELD or WAITLISTED after the
   *   run, or OPEN with a `provisionFinding` when no room in the network could
   *   take the household: not waitlisted), the holds the run created and its assignment(s).
   * @throws BAD_USER_INPUT (`input`) for an empty list or more than BULK_INTAKE_MAX items; the errors of createMany.
   */
  async bulkIntake(
    p: Principal,
    inputs: readonly ReferralInput[],
  ): Promise<{ referrals: ReferralEntity[]; holds: HoldEntity[]; runs: Assignment[] }> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    if (inputs.length === 0) throw new BadUserInputError('Give at least one referral', 'input');
    if (inputs.length > BULK_INTAKE_MAX) {
      throw new BadUserInputError(`At most ${BULK_INTAKE_MAX} referrals per call (got ${inputs.length}); split the surge`, 'input');
    }
    const ids = await inTransaction(this.dataSource, async (em) => {
      const now = await this.clock.now();
      const created = await this.referrals.createMany(em, p, inputs, now);
      await em.query('SELECT pg_advisory_xact_lock($1)', [WAITLIST_JOIN_LOCK_KEY]);
      const network = await this.provision.network(em);
      for (const referral of created) {
        // A household no room could ever take stays OPEN with its finding instead of waiting for ever.
        if (await this.provision.check(em, p, referral, now, network)) continue;
        await this.joinWaitlist(em, referral, now);
        await this.audit.record(em, p, now, 'WAITLIST_REFERRAL', 'referral', referral.id, { bulk: true });
      }
      // Committed with the referrals: the worker runs the same all-region assignment after the window, so the
      // surge is still assigned if this process dies (or the assignment below fails) after the commit.
      await this.outbox.emit(em, {
        type: OutboxEventType.BEDS_CHANGED,
        aggregateType: 'region',
        aggregateId: 'surge-intake',
        // After the immediate run below has had its time (it normally makes every offer; the worker's then finds none).
        payload: { regionCodes: [], freed: true, delaySeconds: this.config.ASSIGNMENT_TIME_LIMIT_SECONDS + 10 },
      });
      return created.map((r) => r.id);
    });
    let assigned: { holds: HoldEntity[]; runs: Assignment[] } = { holds: [], runs: [] };
    try {
      assigned = await this.assignWaitlist([]);
    } catch (error) {
      // The referrals are created and waiting: answer with them; the worker's run (above) makes the offers.
      this.logger.error(`surge intake: the immediate assignment failed, the worker will assign: ${(error as Error).message}`);
    }
    const { holds, runs } = assigned;
    const created = await inTransaction(this.dataSource, (em) => em.getRepository(ReferralEntity).findBy({ id: In(ids) }));
    const byId = new Map(created.map((r) => [r.id, r]));
    return { referrals: ids.map((id) => byId.get(id)!), holds, runs };
  }

  /** Position (1-based) of a waiting entry in the waitlist order. */
  async waitlistPosition(em: EntityManager, entry: WaitlistEntryEntity): Promise<number> {
    const rows: { n: string }[] = await em.query(
      `SELECT count(*) AS n FROM waitlist_entry
        WHERE status = 'WAITING'
          AND (priority > $1 OR (priority = $1 AND (joined_at < $2 OR (joined_at = $2 AND id < $3))))`,
      [entry.priority, entry.joinedAt, entry.id],
    );
    return Number(rows[0].n) + 1;
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Tries the ranked rooms in order; on the first that can be locked, creates the hold. */
  private async claimBest(
    em: EntityManager,
    referral: ReferralEntity,
    source: HoldSource,
    p: Principal,
    now: Date,
    regionCodes?: string[],
  ): Promise<HoldEntity | null> {
    const size = householdSize(referral);
    const ranked = await this.matching.candidates(em, referral, regionCodes);
    for (const candidate of ranked.slice(0, MAX_CLAIM_ATTEMPTS)) {
      for (const roomId of await this.matching.fittingRooms(em, candidate, referral)) {
        const bedIds = await this.matching.lockBeds(em, roomId, size);
        if (bedIds) return this.createHold(em, referral, { ...candidate, roomId }, bedIds, source, p, now);
      }
    }
    return null;
  }

  private async createHold(
    em: EntityManager,
    referral: ReferralEntity,
    candidate: RankedRoom,
    bedIds: string[],
    source: HoldSource,
    p: Principal,
    now: Date,
    why: Pick<HoldEntity, 'priority' | 'priorityReasons' | 'assignment'> = { priority: null, priorityReasons: [], assignment: null },
  ): Promise<HoldEntity> {
    // The shelter's own hold length (a hospital or custody handover takes longer), else HOLD_HOURS.
    const holdShelter = await em.getRepository(ShelterEntity).findOneBy({ id: candidate.shelterId });
    const expiresAt = new Date(now.getTime() + holdHoursFor(holdShelter?.holdHours, this.config.HOLD_HOURS) * 3_600_000);
    const hold = await em.getRepository(HoldEntity).save({
      referralId: referral.id,
      shelterId: candidate.shelterId,
      roomId: candidate.roomId,
      status: HoldStatus.ACTIVE,
      source,
      score: candidate.score,
      reasons: candidate.reasons,
      ...why,
      expiresAt,
      createdBy: p.sub,
      createdAt: now,
      resolvedAt: null,
      resolutionNote: null,
    });
    await em.getRepository(BedClaimEntity).insert(
      bedIds.map((bedId) => ({ bedId, referralId: referral.id, holdId: hold.id, placementId: null, claimedAt: now, releasedAt: null })),
    );
    await em.getRepository(BedEntity).update({ id: In(bedIds) }, { status: BedStatus.HELD, statusChangedAt: now });
    await this.closeWaitlistEntry(em, referral.id, WaitlistCloseReason.OFFERED, now);
    assertReferralTransition(referral.status, ReferralStatus.HELD);
    referral.status = ReferralStatus.HELD;
    await em.save(referral);
    await this.outbox.emit(em, {
      type: OutboxEventType.HOLD_CREATED,
      aggregateType: 'hold',
      aggregateId: hold.id,
      payload: { holdId: hold.id, expiresAt: expiresAt.toISOString() },
    });
    await this.network.emitBedsChanged(em, [candidate.regionCode], false);
    const payload = {
      holdId: hold.id,
      referralId: referral.id,
      agencyReference: referral.agencyReference,
      shelterCodeName: candidate.codeName,
      regionCode: candidate.regionCode,
      expiresAt: expiresAt.toISOString(),
      source,
      // The handover needs, for the shelter to prepare and phone the officer back.
      interpreterLanguage: referral.interpreterLanguage ?? null,
      transportNeeded: referral.transportNeeded ?? false,
      callbackContact: referral.callbackContact ?? null,
    };
    await this.notifications.create(
      em,
      { kind: NotificationKind.HOLD_OFFERED, audienceType: AudienceType.AGENCY, audienceId: referral.agencyId, idempotencyKey: `hold-offered:${hold.id}:agency`, payload },
      now,
    );
    await this.notifications.create(
      em,
      { kind: NotificationKind.HOLD_OFFERED, audienceType: AudienceType.SHELTER, audienceId: candidate.shelterId, idempotencyKey: `hold-offered:${hold.id}:shelter`, payload },
      now,
    );
    await this.audit.record(em, p, now, 'CREATE_HOLD', 'hold', hold.id, { source, beds: bedIds.length });
    return hold;
  }

  private async releaseHold(em: EntityManager, hold: HoldEntity, status: HoldStatus, now: Date, note: string | null) {
    hold.status = status;
    hold.resolvedAt = now;
    hold.resolutionNote = note;
    await em.save(hold);
    const bedIds = await this.releaseClaims(em, { holdId: hold.id }, now);
    const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: hold.shelterId });
    if (bedIds.length) await this.network.emitBedsChanged(em, [shelter.regionCode], true);
  }

  /** Releases live claims and sets their beds AVAILABLE again. Returns the bed ids. */
  private async releaseClaims(em: EntityManager, where: { holdId?: string; placementId?: string }, now: Date) {
    const column = where.holdId ? 'hold_id' : 'placement_id';
    const rows = await queryReturning<{ bed_id: string }>(
      em,
      `UPDATE bed_claim SET released_at = $2 WHERE ${column} = $1 AND released_at IS NULL RETURNING bed_id`,
      [where.holdId ?? where.placementId, now],
    );
    const bedIds = rows.map((r) => r.bed_id);
    if (bedIds.length) {
      await em.query(
        `UPDATE bed SET status = 'AVAILABLE', status_changed_at = $2
          WHERE id = ANY($1::uuid[]) AND status IN ('HELD','OCCUPIED')`,
        [bedIds, now],
      );
    }
    return bedIds;
  }

  private async joinWaitlist(em: EntityManager, referral: ReferralEntity, now: Date): Promise<WaitlistEntryEntity> {
    const existing = await em.getRepository(WaitlistEntryEntity).findOneBy({
      referralId: referral.id,
      status: WaitlistStatus.WAITING,
    });
    if (existing) return existing;
    const entry = await em.getRepository(WaitlistEntryEntity).save({
      referralId: referral.id,
      urgency: referral.urgency,
      priority: waitlistPriority(referral.urgency),
      joinedAt: now,
      status: WaitlistStatus.WAITING,
      closedAt: null,
      closeReason: null,
    });
    // Not offered a bed within the urgency's time: the coordinators are told (escalations).
    await this.escalations.schedule(em, entry);
    assertReferralTransition(referral.status, ReferralStatus.WAITLISTED);
    referral.status = ReferralStatus.WAITLISTED;
    await em.save(referral);
    return entry;
  }

  private async closeWaitlistEntry(em: EntityManager, referralId: string, reason: WaitlistCloseReason, now: Date) {
    await em
      .getRepository(WaitlistEntryEntity)
      .update({ referralId, status: WaitlistStatus.WAITING }, { status: WaitlistStatus.CLOSED, closedAt: now, closeReason: reason });
    // Offered a bed, or gone: its escalation (if any) is over.
    await this.escalations.resolveForReferral(
      em,
      referralId,
      reason === WaitlistCloseReason.OFFERED ? EscalationResolution.OFFERED : EscalationResolution.LEFT_WAITLIST,
      now,
    );
  }

  /**
   * Staff of another shelter learn nothing about this record: NOT_FOUND, as for
   * an id that does not exist (ids cannot be probed).
   */
  private requireManagerOrNotFound(p: Principal, shelterId: string, entity: string, id: string): void {
    if (!canManageShelter(p, shelterId)) throw new NotFoundError(entity, id);
  }

  private async lockReferral(em: EntityManager, id: string): Promise<ReferralEntity> {
    const referral = await em.getRepository(ReferralEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!referral) throw new NotFoundError('Referral', id);
    return referral;
  }

  private async lockHold(em: EntityManager, id: string): Promise<HoldEntity> {
    const hold = await em.getRepository(HoldEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!hold) throw new NotFoundError('Hold', id);
    return hold;
  }

  private async lockPlacement(em: EntityManager, id: string): Promise<PlacementEntity> {
    const placement = await em.getRepository(PlacementEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!placement) throw new NotFoundError('Placement', id);
    return placement;
  }
}

