import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  addDays,
  checkDecline,
  DomainError,
  HoldDeclineReason,
  assertReferralTransition,
  BedStatus,
  ExitReason,
  HoldSource,
  HoldStatus,
  localDate,
  nextRecoveryPeriod,
  parseCalendarDate,
  PlacementStatus,
  ReferralStatus,
  Role,
} from '@harbour/domain';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  HARBOUR_CONFIG,
  HarbourConfig,
  HoldReason,
  NotFoundEntity,
  NotFoundError,
  PlacementReason,
  reasonOr,
  RecoveryPeriodReason,
  ReferralReason,
  ValidationReason,
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
import { inTransaction } from '../persistence/transactions';
import { ProvisionService } from '../provision/provision.service';
import { ReferralEntity, StoredProvisionFinding } from '../referrals/referral.entity';
import { ReferralService } from '../referrals/referral.service';
import { WaitlistEntryEntity, WaitlistCloseReason } from '../waitlist/waitlist-entry.entity';
import { WaitlistService } from '../waitlist/waitlist.service';
import { BedClaimEntity } from './bed-claim.entity';
import { HoldEntity } from './hold.entity';
import { HoldService } from './hold.service';
import { lockHold, lockPlacement, lockReferral } from './locks';
import { MatchingService, RankedRoom } from './matching.service';
import { PlacementEntity } from './placement.entity';
import { RecoveryPeriodEntity } from './recovery-period.entity';
import { ReminderService } from './reminder.service';
import { NrmStageService } from '../nrm/nrm-stage.service';
import { RegionEntity } from '../network/region.entity';

/**
 * Result of `requestPlacement`: a bed held, a place on the waitlist, or no
 * room in the network could ever take the household (typed, never an error).
 */
export type PlacementRequestResult =
  | { outcome: 'HOLD_OFFERED'; hold: HoldEntity }
  | { outcome: 'WAITLISTED'; entry: WaitlistEntryEntity; position: number }
  | { outcome: 'NO_SUITABLE_PROVISION'; referral: ReferralEntity; finding: StoredProvisionFinding };

/**
 * What happened to a referral after its hold ended without an arrival (in the
 * HOLD_DECLINED and HOLD_EXPIRED notifications): another bed held
 * (`nextHoldId`), or back on the waitlist since `waitingSince` (ISO 8601).
 */
export interface BedSearchOutcome {
  next: 'HOLD_OFFERED' | 'WAITLISTED';
  nextHoldId: string | null;
  waitingSince: string | null;
}

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
 * The placement lifecycle (docs/architecture.md, Main flows 3-7): request →
 * hold → arrival → recovery periods → exit, plus declines, expiry and
 * withdrawal (the holds themselves: HoldService; the waitlist: WaitlistService
 * and WaitlistAssignmentService).
 * Every step is one transaction; beds are claimed under row locks and the
 * database's one-live-claim-per-bed index.
 */
@Injectable()
export class PlacementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly matching: MatchingService,
    private readonly holds: HoldService,
    private readonly waitlist: WaitlistService,
    private readonly referrals: ReferralService,
    private readonly network: NetworkService,
    private readonly reminders: ReminderService,
    private readonly nrm: NrmStageService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly provision: ProvisionService,
  ) {}

  /**
   * Ranked eligible rooms for a referral, each with its score and the reasons.
   * Officers of the agency and coordinators.
   */
  async matchCandidates(p: Principal, referralId: string, limit = 20): Promise<RankedRoom[]> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    const referral = await this.referrals.getVisible(p, referralId);
    // As SERVICE: the rooms' occupants (other referrals' holds and placements) decide who may join them.
    const ranked = await inTransaction(this.dataSource, (em) => this.matching.candidates(em, referral));
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
      const referral = await lockReferral(em, referralId);
      if (!canActForAgency(p, referral.agencyId)) throw new NotFoundError('Referral', referralId);
      const now = await this.clock.now();
      if (referral.status === ReferralStatus.HELD) {
        const hold = await em.getRepository(HoldEntity).findOneByOrFail({ referralId, status: HoldStatus.ACTIVE });
        return { outcome: 'HOLD_OFFERED' as const, hold };
      }
      if (referral.status !== ReferralStatus.OPEN && referral.status !== ReferralStatus.WAITLISTED) {
        throw new ConflictError(ReferralReason.REFERRAL_NOT_PLACEABLE, `Referral ${referralId} is ${referral.status}; no placement can be requested`);
      }
      const hold = await this.holds.claimBest(em, referral, HoldSource.REQUEST, p, now);
      if (hold) return { outcome: 'HOLD_OFFERED' as const, hold };
      if (referral.status === ReferralStatus.OPEN) {
        const finding = await this.provision.check(em, p, referral, now);
        if (finding) return { outcome: 'NO_SUITABLE_PROVISION' as const, referral, finding };
      }
      await this.audit.record(em, p, now, 'WAITLIST_REFERRAL', 'referral', referral.id);
      // Joining is serialised (and joinedAt read after the lock), so concurrent
      // joiners get distinct positions in the order they joined; the lock is held from here to COMMIT only.
      await this.waitlist.lockJoins(em);
      const entry = await this.waitlist.join(em, referral, await this.clock.now());
      return { outcome: 'WAITLISTED' as const, entry, position: await this.waitlist.position(em, entry) };
    });
  }

  /**
   * Shelter staff confirm the household arrived: the placement starts, recovery
   * period 1 begins on the arrival date (day 1), reminders are scheduled.
   * Idempotent: confirming a confirmed hold returns its placement.
   */
  async confirmArrival(p: Principal, input: ConfirmArrivalInput): Promise<PlacementEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const hold = await lockHold(em, input.holdId);
      this.requireManagerOrNotFound(p, hold.shelterId, 'Hold', hold.id);
      if (hold.status === HoldStatus.CONFIRMED) {
        // A retry is answered with the placement; a different arrival date is a conflict.
        const placement = await em.getRepository(PlacementEntity).findOneByOrFail({ holdId: hold.id });
        if (input.arrivedOn && input.arrivedOn !== placement.arrivedOn) {
          throw new ConflictError(HoldReason.HOLD_ALREADY_CONFIRMED, `Hold ${hold.id} was already confirmed with arrival on ${placement.arrivedOn}`);
        }
        return placement;
      }
      if (hold.status !== HoldStatus.ACTIVE) throw new ConflictError(HoldReason.HOLD_NOT_ACTIVE, `Hold ${hold.id} is ${hold.status}`);
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      const arrivedOn = input.arrivedOn ? parseCalendarDate(input.arrivedOn, 'input.arrivedOn') : today;
      if (arrivedOn > today) throw new BadUserInputError(ValidationReason.DATE_IN_FUTURE, 'arrivedOn cannot be in the future', 'input.arrivedOn');
      if (arrivedOn < addDays(today, -365)) {
        throw new BadUserInputError(ValidationReason.DATE_IN_PAST, 'arrivedOn can be at most 365 days ago', 'input.arrivedOn');
      }
      const referral = await lockReferral(em, hold.referralId);
      const referredOn = localDate(referral.createdAt, this.config.TIME_ZONE);
      if (arrivedOn < referredOn) {
        throw new BadUserInputError(ValidationReason.DATE_ORDER, `arrivedOn cannot be before the referral was made (${referredOn})`, 'input.arrivedOn');
      }
      const placeOfSafety = input.placeOfSafety === true;
      if (placeOfSafety && input.nrmReferredOn) {
        throw new BadUserInputError(
          ValidationReason.INCONSISTENT,
          'A Place of Safety stay has no NRM referral yet: record it later with recordNrmReferral',
          'input.nrmReferredOn',
        );
      }
      const nrmReferredOn = placeOfSafety ? null : input.nrmReferredOn ? parseCalendarDate(input.nrmReferredOn, 'input.nrmReferredOn') : referredOn;
      if (nrmReferredOn && nrmReferredOn > today)
        throw new BadUserInputError(ValidationReason.DATE_IN_FUTURE, 'nrmReferredOn cannot be in the future', 'input.nrmReferredOn');
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
      await em.getRepository(BedEntity).update({ id: In(claims.map((c) => c.bedId)) }, { status: BedStatus.OCCUPIED, statusChangedAt: now });
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
   * `reasonCode` is the structured reason reports count: required, and OTHER
   * needs non-blank `reason` text. The referral goes straight back to finding
   * a bed (findBedAgain) and the agency is told (HOLD_DECLINED).
   * Idempotent on an already-declined hold.
   * @throws BAD_USER_INPUT naming `reasonCode` (missing, unknown) or `reason` (blank with OTHER), before anything is read or written.
   */
  async declineHold(p: Principal, holdId: string, reason?: string | null, reasonCode?: HoldDeclineReason | null): Promise<HoldEntity> {
    const decline = (() => {
      try {
        return checkDecline(reasonCode, reason?.slice(0, 500));
      } catch (e) {
        if (e instanceof DomainError) throw new BadUserInputError(reasonOr(e, ValidationReason.INVALID_VALUE), e.message, e.field ?? 'reasonCode');
        throw e;
      }
    })();
    return inTransaction(this.dataSource, async (em) => {
      const hold = await lockHold(em, holdId);
      const referral = await lockReferral(em, hold.referralId);
      if (!canManageShelter(p, hold.shelterId) && !canActForAgency(p, referral.agencyId)) {
        throw new NotFoundError('Hold', holdId);
      }
      if (hold.status === HoldStatus.DECLINED) return hold;
      if (hold.status !== HoldStatus.ACTIVE) throw new ConflictError(HoldReason.HOLD_NOT_ACTIVE, `Hold ${hold.id} is ${hold.status}`);
      const now = await this.clock.now();
      hold.declineReason = decline.reasonCode;
      await this.holds.releaseHold(em, hold, HoldStatus.DECLINED, now, decline.text);
      assertReferralTransition(referral.status, ReferralStatus.OPEN);
      referral.status = ReferralStatus.OPEN;
      await em.save(referral);
      await this.audit.record(em, p, now, 'DECLINE_HOLD', 'hold', hold.id, { reasonCode: decline.reasonCode });
      const next = await this.findBedAgain(em, referral, now);
      const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: hold.shelterId });
      await this.notifications.create(
        em,
        {
          kind: NotificationKind.HOLD_DECLINED,
          audienceType: AudienceType.AGENCY,
          audienceId: referral.agencyId,
          idempotencyKey: `hold-declined:${hold.id}`,
          payload: {
            holdId: hold.id,
            referralId: referral.id,
            agencyReference: referral.agencyReference,
            shelterCodeName: shelter.codeName,
            reasonCode: decline.reasonCode,
            ...next,
          },
        },
        now,
      );
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
      const hold = await lockHold(em, holdId);
      this.requireManagerOrNotFound(p, hold.shelterId, 'Hold', hold.id);
      if (hold.status !== HoldStatus.ACTIVE) throw new ConflictError(HoldReason.HOLD_NOT_ACTIVE, `Hold ${hold.id} is ${hold.status}`);
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
          payload: {
            holdId: hold.id,
            referralId: referral.id,
            agencyReference: referral.agencyReference,
            shelterCodeName: shelter.codeName,
            contactLine: shelter.contactLine,
            expiresAt: hold.expiresAt.toISOString(),
          },
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
      const referral = await lockReferral(em, hold.referralId);
      await this.holds.releaseHold(em, hold, HoldStatus.EXPIRED, now, 'arrival not confirmed in time');
      let next: BedSearchOutcome | Record<string, never> = {};
      if (referral.status === ReferralStatus.HELD) {
        referral.status = ReferralStatus.OPEN;
        await em.save(referral);
        next = await this.findBedAgain(em, referral, now);
      }
      await this.notifications.create(
        em,
        {
          kind: NotificationKind.HOLD_EXPIRED,
          audienceType: AudienceType.AGENCY,
          audienceId: referral.agencyId,
          idempotencyKey: `hold-expired:${hold.id}`,
          payload: { holdId: hold.id, referralId: referral.id, agencyReference: referral.agencyReference, ...next },
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
      // Hold before referral, as expiry, decline and arrival lock them (docs/guarantees.md, "Lock order").
      const live = await em.getRepository(HoldEntity).findOne({ where: { referralId, status: HoldStatus.ACTIVE }, select: { id: true } });
      if (live) await lockHold(em, live.id);
      const referral = await lockReferral(em, referralId);
      if (!canActForAgency(p, referral.agencyId)) throw new NotFoundError('Referral', referralId);
      if (referral.status === ReferralStatus.WITHDRAWN) return referral;
      if (referral.status === ReferralStatus.PLACED || referral.status === ReferralStatus.EXITED) {
        throw new ConflictError(ReferralReason.REFERRAL_PLACED, `Referral ${referralId} is ${referral.status}; end the placement instead`);
      }
      const now = await this.clock.now();
      const hold = await em.getRepository(HoldEntity).findOne({
        where: { referralId, status: HoldStatus.ACTIVE },
        lock: { mode: 'pessimistic_write' },
      });
      if (hold) await this.holds.releaseHold(em, hold, HoldStatus.CANCELLED, now, 'referral withdrawn');
      await this.waitlist.close(em, referralId, WaitlistCloseReason.WITHDRAWN, now);
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
    if (!reason) throw new BadUserInputError(ValidationReason.REQUIRED, 'An extension needs a reason', 'input.reason');
    if (reason.length > 500) throw new BadUserInputError(ValidationReason.TOO_LONG, 'reason is at most 500 characters', 'input.reason');
    const lengthDays = input.lengthDays ?? this.config.RECOVERY_PERIOD_DAYS;
    if (!Number.isInteger(lengthDays) || lengthDays < 1 || lengthDays > 365) {
      throw new BadUserInputError(ValidationReason.OUT_OF_RANGE, 'lengthDays must be a whole number from 1 to 365', 'input.lengthDays');
    }
    return inTransaction(this.dataSource, async (em) => {
      const placement = await lockPlacement(em, input.placementId);
      this.requireManagerOrNotFound(p, placement.shelterId, 'Placement', placement.id);
      return onceForClientMutationId<RecoveryPeriodEntity>(
        em,
        p,
        'extendRecoveryPeriod',
        input.clientMutationId,
        { placementId: placement.id, reason, lengthDays },
        async () => {
          if (placement.status !== PlacementStatus.ACTIVE) {
            throw new ConflictError(PlacementReason.PLACEMENT_ENDED, `Placement ${placement.id} has ended`);
          }
          const now = await this.clock.now();
          const last = await em.getRepository(RecoveryPeriodEntity).findOne({
            where: { placementId: placement.id },
            order: { sequence: 'DESC' },
          });
          if (!last) {
            throw new ConflictError(
              RecoveryPeriodReason.NO_RECOVERY_PERIOD,
              `Placement ${placement.id} has no recovery period yet: it begins with a positive reasonable grounds decision`,
            );
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
        async (stored) => em.getRepository(RecoveryPeriodEntity).findOneByOrFail({ id: (stored as { id: string }).id }),
      );
    });
  }

  /**
   * Ends a placement: the beds free up and go to the waitlist, unsent reminders
   * are cancelled, the referral is EXITED. Idempotent on an ended placement.
   */
  async endPlacement(p: Principal, input: EndPlacementInput): Promise<PlacementEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const placement = await lockPlacement(em, input.placementId);
      this.requireManagerOrNotFound(p, placement.shelterId, 'Placement', placement.id);
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      const endedOn = input.endedOn ? parseCalendarDate(input.endedOn, 'input.endedOn') : null;
      if (placement.status === PlacementStatus.ENDED) {
        // A retry of the same exit is answered with the exit; a different one is a conflict.
        if (placement.exitReason !== input.exitReason || (endedOn && endedOn !== placement.endedOn)) {
          throw new ConflictError(
            PlacementReason.PLACEMENT_ALREADY_ENDED,
            `Placement ${placement.id} already ended on ${placement.endedOn} (${placement.exitReason})`,
          );
        }
        return placement;
      }
      const outreach = input.outreachProvider?.trim() || null;
      if (outreach && outreach.length > 200)
        throw new BadUserInputError(ValidationReason.TOO_LONG, 'outreachProvider is at most 200 characters', 'input.outreachProvider');
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
      throw new BadUserInputError(ValidationReason.DATE_IN_FUTURE, 'endedOn cannot be in the future', 'input.endedOn');
    }
    if (endedOn < placement.arrivedOn) {
      throw new BadUserInputError(ValidationReason.DATE_ORDER, `endedOn cannot be before arrival (${placement.arrivedOn})`, 'input.endedOn');
    }
    placement.status = PlacementStatus.ENDED;
    placement.endedOn = endedOn;
    placement.exitReason = exitReason;
    placement.endedAt = now;
    placement.outreachProvider = outreachProvider;
    await em.save(placement);
    const bedIds = await this.holds.releaseClaims(em, { placementId: placement.id }, now);
    const referral = await lockReferral(em, placement.referralId);
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

  // ---- internals -------------------------------------------------------------------------------

  /**
   * A hold of this OPEN referral ended without an arrival (declined or
   * expired; not withdrawn): in the same transaction it goes back to finding a
   * bed at once, never waiting silently. The next eligible bed outside the
   * shelters that declined it or let an offer lapse (HoldService.excludedShelters)
   * is held; else it joins the waitlist with the time it first started waiting
   * (WaitlistService.waitingSince), so it keeps its place and its escalation
   * counts from then (docs/waiting.md, "When a hold ends without an arrival").
   * @returns what happened next, for the officer's notification.
   */
  private async findBedAgain(em: EntityManager, referral: ReferralEntity, now: Date): Promise<BedSearchOutcome> {
    const excluded = (await this.holds.excludedShelters(em, [referral.id])).get(referral.id) ?? [];
    // The release above holds capacity locks already: lock further rooms only if that needs no wait
    // (docs/guarantees.md, "Lock order"); rooms busy now go to the waitlist's run on the freed beds.
    const hold = await this.holds.claimBest(em, referral, HoldSource.REQUEST, SERVICE_PRINCIPAL, now, undefined, excluded, 'skip');
    if (hold) return { next: 'HOLD_OFFERED', nextHoldId: hold.id, waitingSince: null };
    const since = (await this.waitlist.waitingSince(em, referral.id)) ?? now;
    await this.audit.record(em, SERVICE_PRINCIPAL, now, 'WAITLIST_REFERRAL', 'referral', referral.id, { waitingSince: since.toISOString() });
    await this.waitlist.lockJoins(em);
    const entry = await this.waitlist.join(em, referral, now, since);
    return { next: 'WAITLISTED', nextHoldId: null, waitingSince: entry.joinedAt.toISOString() };
  }

  /**
   * Staff of another shelter learn nothing about this record: NOT_FOUND, as for
   * an id that does not exist (ids cannot be probed).
   */
  private requireManagerOrNotFound(p: Principal, shelterId: string, entity: NotFoundEntity, id: string): void {
    if (!canManageShelter(p, shelterId)) throw new NotFoundError(entity, id);
  }
}
