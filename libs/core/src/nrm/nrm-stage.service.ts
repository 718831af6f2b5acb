import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  addDays,
  deadlineReminders,
  DeadlineKind,
  DecisionOutcome,
  DecisionTimes,
  summariseDecisionTimes,
  DecisionType,
  deriveStage,
  DomainError,
  Jurisdiction,
  localDate,
  NRM_POLICY_FIELDS,
  NrmPolicyValues,
  parseCalendarDate,
  PlacementStageFacts,
  PlacementStageState,
  PlacementStatus,
  policyInForce,
  Role,
  StageDeadline,
  validatePolicyVersion,
} from '@harbour/domain';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  HARBOUR_CONFIG,
  HarbourConfig,
  NotFoundError,
  PlacementReason,
  reasonOr,
  RecoveryPeriodReason,
  ValidationReason,
} from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { canActForAgency, canManageShelter, requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { inTransaction, withCaller } from '../persistence/transactions';
import { PlacementEntity } from '../placements/placement.entity';
import { RecoveryPeriodEntity } from '../placements/recovery-period.entity';
import { ReminderService } from '../placements/reminder.service';
import { DecisionEntity } from '../referrals/decision.entity';
import { ReferralEntity } from '../referrals/referral.entity';
import { LeaveGrantEntity, LeaveKind } from './leave-grant.entity';
import { NrmPolicyVersionEntity } from './nrm-policy-version.entity';
import { RecoveryNeedsAssessmentEntity } from './recovery-needs-assessment.entity';

/** What a coordinator gives to add a policy version. */
export interface AddPolicyVersionInput extends NrmPolicyValues {
  jurisdiction: Jurisdiction;
  /** First day it applies: after today (a version cannot rewrite rules already in force). */
  effectiveFrom: string;
  /** The public source of the values that differ from the version before (required, at most 1000 characters). */
  source: string;
}

/** What a coordinator gives to change a policy version not yet in force: every value again (the jurisdiction stays). */
export interface UpdatePolicyVersionInput extends Omit<AddPolicyVersionInput, 'jurisdiction'> {
  /** The version to change. */
  id: string;
}

/** Months of leave when no expiry is given (uk-safe-house-facts.csv residence_permit_length: 12 months). */
export const DEFAULT_LEAVE_MONTHS = 12;

/** Maps a domain rule's refusal to the API's typed error, naming the input field. */
function asUserError<T>(fn: () => T, fieldPrefix = 'input.'): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'INVALID_INPUT')
      throw new BadUserInputError(reasonOr(e, ValidationReason.INVALID_VALUE), e.message, `${fieldPrefix}${e.field ?? ''}`);
    throw e;
  }
}

/**
 * The NRM stage of placements (docs/nrm-stages.md): the policy versions, the
 * facts each stage depends on, and {@link refresh}, which after every change
 * (arrival, NRM referral, RG or CG decision, Recovery Needs Assessment, leave,
 * extension) stores the recovery period once it begins and makes the
 * placement's reminders match the deadlines of its current stage.
 */
@Injectable()
export class NrmStageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly reminders: ReminderService,
    private readonly audit: AuditService,
  ) {}

  /** Every policy version (of one jurisdiction when given), oldest first. */
  async policies(em: EntityManager = this.dataSource.manager, jurisdiction?: Jurisdiction): Promise<NrmPolicyVersionEntity[]> {
    return em.getRepository(NrmPolicyVersionEntity).find({
      where: jurisdiction ? { jurisdiction } : {},
      order: { jurisdiction: 'ASC', effectiveFrom: 'ASC' },
    });
  }

  /** The version of `jurisdiction` in force on `date`. */
  async policyOn(em: EntityManager, jurisdiction: Jurisdiction, date: string): Promise<NrmPolicyVersionEntity> {
    return policyInForce(await this.policies(em, jurisdiction), jurisdiction, date);
  }

  /** The facts the stage of `placement` depends on, read in `em`. */
  async facts(em: EntityManager, placement: PlacementEntity): Promise<PlacementStageFacts> {
    const decisions = await em.getRepository(DecisionEntity).findBy({ referralId: placement.referralId });
    const decision = (type: DecisionType) => {
      const d = decisions.find((x) => x.type === type);
      return d ? { outcome: d.outcome, decidedOn: d.decidedOn } : null;
    };
    const periods = await em.getRepository(RecoveryPeriodEntity).find({ where: { placementId: placement.id }, order: { sequence: 'ASC' } });
    const rnas = await em.getRepository(RecoveryNeedsAssessmentEntity).find({ where: { placementId: placement.id }, order: { recordedAt: 'ASC' } });
    return {
      jurisdiction: placement.jurisdiction,
      arrivedOn: placement.arrivedOn,
      placeOfSafety: placement.placeOfSafety,
      nrmReferredOn: placement.nrmReferredOn,
      reasonableGrounds: decision(DecisionType.REASONABLE_GROUNDS),
      conclusiveGrounds: decision(DecisionType.CONCLUSIVE_GROUNDS),
      recoveryPeriods: periods,
      moveOnExtensionDays: rnas.map((r) => r.extensionDays),
      endedOn: placement.status === PlacementStatus.ENDED ? placement.endedOn : null,
    };
  }

  /** The stage of `placement` today (jurisdiction time zone), with its deadlines and the policy in force. */
  async stateOf(placement: PlacementEntity, em: EntityManager = this.dataSource.manager): Promise<PlacementStageState<NrmPolicyVersionEntity>> {
    const today = localDate(await this.clock.now(), this.config.TIME_ZONE);
    return deriveStage(await this.facts(em, placement), await this.policies(em, placement.jurisdiction), today);
  }

  /**
   * {@link stateOf} read as `caller` (row-level security applies: the caller
   * sees the placement, so its decisions and periods).
   */
  async stateForCaller(caller: Principal | null, placement: PlacementEntity): Promise<PlacementStageState<NrmPolicyVersionEntity>> {
    return withCaller(this.dataSource, caller, (em) => this.stateOf(placement, em));
  }

  /**
   * After a change to `placement` (locked by the caller, in its transaction):
   * stores recovery period 1 when the recovery period has begun and none is
   * stored, then reconciles the reminders with the current deadlines (and the
   * leave expiries). Ended placements keep no scheduled reminder.
   * @throws BAD_USER_INPUT (`input.placeOfSafety`) where the policy offers no Place of Safety stay
   */
  async refresh(em: EntityManager, placement: PlacementEntity, actor: Principal, now: Date): Promise<PlacementStageState<NrmPolicyVersionEntity>> {
    const facts = await this.facts(em, placement);
    const today = localDate(now, this.config.TIME_ZONE);
    const versions = await this.policies(em, placement.jurisdiction);
    const state = asUserError(() => deriveStage(facts, versions, today));
    if (placement.status === PlacementStatus.ENDED) {
      await this.reminders.cancelForPlacement(em, placement.id);
      return state;
    }
    let periods = facts.recoveryPeriods as RecoveryPeriodEntity[];
    const positiveRg = facts.reasonableGrounds?.outcome === DecisionOutcome.POSITIVE;
    if (positiveRg && state.recoveryPeriod && periods.length === 0) {
      const rp = state.recoveryPeriod;
      periods = [
        await em.getRepository(RecoveryPeriodEntity).save({
          placementId: placement.id,
          sequence: 1,
          startDate: rp.startDate,
          endDate: rp.endDate,
          lengthDays: rp.lengthDays,
          reason: null,
          createdBy: actor.sub,
          createdAt: now,
        }),
      ];
    }
    const deadlines: StageDeadline[] = [...state.deadlines];
    const leaves = await em.getRepository(LeaveGrantEntity).findBy({ placementId: placement.id });
    for (const l of leaves) {
      deadlines.push({ kind: DeadlineKind.LEAVE_EXPIRY, date: l.expiresOn, policyEffectiveFrom: state.policy.effectiveFrom, supportContinues: false });
    }
    const opts = {
      offsets: this.config.REMINDER_OFFSETS_DAYS,
      localTime: this.config.REMINDER_LOCAL_TIME,
      zone: this.config.TIME_ZONE,
      jurisdiction: placement.jurisdiction,
    };
    const stageReminders = deadlineReminders(
      deadlines.filter((d) => d.kind !== DeadlineKind.LEAVE_EXPIRY),
      { ...opts, notBefore: state.phaseStart },
    );
    const leaveReminders = deadlineReminders(
      deadlines.filter((d) => d.kind === DeadlineKind.LEAVE_EXPIRY),
      { ...opts, notBefore: placement.arrivedOn },
    );
    const lastPeriod = periods[periods.length - 1];
    await this.reminders.reconcile(
      em,
      placement.id,
      [...stageReminders, ...leaveReminders].map((r) => ({
        ...r,
        recoveryPeriodId: r.kind === DeadlineKind.RECOVERY_PERIOD_END && lastPeriod?.endDate === r.deadlineDate ? lastPeriod.id : null,
      })),
    );
    return state;
  }

  /** {@link refresh} for the placement of a referral, if it has one (locked here). */
  async refreshForReferral(em: EntityManager, referralId: string, actor: Principal, now: Date): Promise<void> {
    const placement = await em.getRepository(PlacementEntity).findOne({ where: { referralId }, lock: { mode: 'pessimistic_write' } });
    if (placement && placement.status === PlacementStatus.ACTIVE) await this.refresh(em, placement, actor, now);
  }

  /**
   * After a decision of a referral was corrected (ReferralService.correctDecision):
   * for an RG, the stored recovery periods of its ACTIVE placement are
   * recomputed ({@link recomputeRecoveryPeriods}); then the stage and
   * reminders are refreshed. Ended placements keep their history.
   */
  async afterDecisionCorrected(em: EntityManager, referralId: string, type: DecisionType, actor: Principal, now: Date): Promise<void> {
    const placement = await em.getRepository(PlacementEntity).findOne({ where: { referralId }, lock: { mode: 'pessimistic_write' } });
    if (!placement || placement.status !== PlacementStatus.ACTIVE) return;
    if (type === DecisionType.REASONABLE_GROUNDS) await this.recomputeRecoveryPeriods(em, placement);
    await this.refresh(em, placement, actor, now);
  }

  /**
   * Makes the stored recovery periods of `placement` (locked) follow its
   * positive RG as recorded now: period 1 starts on the RG date (arrival
   * when the RG came first) and lasts the recoveryPeriodDays of the policy in
   * force on that start; each extension keeps its length and starts the day
   * after the period before. Rows are updated in place (reminders keep
   * pointing at them). Nothing happens without stored periods or a positive RG.
   * @returns whether any period changed
   */
  async recomputeRecoveryPeriods(em: EntityManager, placement: PlacementEntity): Promise<boolean> {
    const facts = await this.facts(em, placement);
    const periods = facts.recoveryPeriods as RecoveryPeriodEntity[];
    if (periods.length === 0 || facts.reasonableGrounds?.outcome !== DecisionOutcome.POSITIVE) return false;
    const versions = await this.policies(em, placement.jurisdiction);
    // The period the RG gives, as if none were stored (the stage of `today` does not matter here).
    const first = deriveStage({ ...facts, recoveryPeriods: [], endedOn: null }, versions, facts.arrivedOn).recoveryPeriod!;
    let start = first.startDate;
    let changed = false;
    for (const period of periods) {
      const lengthDays = period.sequence === 1 ? first.lengthDays : period.lengthDays;
      const endDate = addDays(start, lengthDays - 1);
      if (period.startDate !== start || period.endDate !== endDate || period.lengthDays !== lengthDays) {
        await em.getRepository(RecoveryPeriodEntity).update({ id: period.id }, { startDate: start, endDate, lengthDays });
        changed = true;
      }
      start = addDays(endDate, 1);
    }
    return changed;
  }

  /**
   * The jurisdiction whose rules apply to a referral's decisions: its
   * placement's, else the shelter's holding it; null when neither exists.
   */
  async jurisdictionOfReferral(em: EntityManager, referralId: string): Promise<Jurisdiction | null> {
    const rows: { jurisdiction: Jurisdiction }[] = await em.query(
      `SELECT jurisdiction FROM placement WHERE referral_id = $1
       UNION ALL
       SELECT r.jurisdiction FROM hold h JOIN shelter s ON s.id = h.shelter_id JOIN region r ON r.code = s.region_code
        WHERE h.referral_id = $1 AND h.status = 'ACTIVE'
       LIMIT 1`,
      [referralId],
    );
    return rows[0]?.jurisdiction ?? null;
  }

  /**
   * The earliest date a conclusive grounds decision may carry after an RG on
   * `rgDecidedOn`: the referral's jurisdiction's minimum gap in force that day;
   * with no jurisdiction yet, the largest gap of any jurisdiction (the strictest rule).
   */
  async earliestCgDate(em: EntityManager, referralId: string, rgDecidedOn: string): Promise<{ date: string; policy: NrmPolicyVersionEntity } | null> {
    const j = await this.jurisdictionOfReferral(em, referralId);
    const all = await this.policies(em);
    const candidates = (j ? [j] : Object.values(Jurisdiction)).map((x) => policyInForce(all, x, rgDecidedOn));
    const strictest = candidates.filter((p) => p.cgMinimumGapDays !== null).sort((a, b) => (b.cgMinimumGapDays ?? 0) - (a.cgMinimumGapDays ?? 0))[0];
    return strictest ? { date: addDays(rgDecidedOn, strictest.cgMinimumGapDays!), policy: strictest } : null;
  }

  /**
   * Records the NRM referral of a Place of Safety stay (the person consented to
   * the NRM): the stage becomes awaiting RG, due by the RG target. Staff of the
   * shelter, officers of the agency, coordinators. Same date again: no-op.
   * @throws BAD_USER_INPUT (`input.referredOn`) for a date in the future or before arrival; CONFLICT for an ended placement.
   */
  async recordNrmReferral(p: Principal, input: { placementId: string; referredOn?: string | null }): Promise<PlacementEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const placement = await this.lockVisible(em, p, input.placementId, true);
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      const referredOn = input.referredOn ? parseCalendarDate(input.referredOn, 'input.referredOn') : today;
      if (referredOn > today) throw new BadUserInputError(ValidationReason.DATE_IN_FUTURE, 'referredOn cannot be in the future', 'input.referredOn');
      if (referredOn < placement.arrivedOn) {
        throw new BadUserInputError(ValidationReason.DATE_ORDER, `referredOn cannot be before arrival (${placement.arrivedOn})`, 'input.referredOn');
      }
      if (placement.nrmReferredOn === referredOn) return placement;
      if (placement.nrmReferredOn)
        throw new ConflictError(
          RecoveryPeriodReason.ALREADY_REFERRED_TO_NRM,
          `Placement ${placement.id} was referred into the NRM on ${placement.nrmReferredOn}`,
        );
      placement.nrmReferredOn = referredOn;
      await em.save(placement);
      await this.refresh(em, placement, p, now);
      await this.audit.record(em, p, now, 'RECORD_NRM_REFERRAL', 'placement', placement.id);
      return placement;
    });
  }

  /**
   * Records a Recovery Needs Assessment that extends move-on support by
   * `extensionDays` (reason required); reminders follow the new end.
   * Staff of the shelter and coordinators.
   * @throws BAD_USER_INPUT (`input.extensionDays` 1..365, `input.reason`, `input.assessedOn`);
   *   CONFLICT when the placement is not in MOVE_ON or its policy allows no extension.
   */
  async recordRecoveryNeedsAssessment(
    p: Principal,
    input: { placementId: string; extensionDays: number; reason: string; assessedOn?: string | null },
  ): Promise<RecoveryNeedsAssessmentEntity> {
    const reason = input.reason?.trim();
    if (!reason) throw new BadUserInputError(ValidationReason.REQUIRED, 'A Recovery Needs Assessment needs a reason', 'input.reason');
    if (reason.length > 500) throw new BadUserInputError(ValidationReason.TOO_LONG, 'reason is at most 500 characters', 'input.reason');
    if (!Number.isInteger(input.extensionDays) || input.extensionDays < 1 || input.extensionDays > 365) {
      throw new BadUserInputError(ValidationReason.OUT_OF_RANGE, 'extensionDays must be a whole number from 1 to 365', 'input.extensionDays');
    }
    return inTransaction(this.dataSource, async (em) => {
      const placement = await this.lockVisible(em, p, input.placementId, false);
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      const assessedOn = input.assessedOn ? parseCalendarDate(input.assessedOn, 'input.assessedOn') : today;
      if (assessedOn > today) throw new BadUserInputError(ValidationReason.DATE_IN_FUTURE, 'assessedOn cannot be in the future', 'input.assessedOn');
      const state = await this.stateOf(placement, em);
      if (state.stage !== 'MOVE_ON')
        throw new ConflictError(
          RecoveryPeriodReason.NOT_IN_MOVE_ON,
          `Placement ${placement.id} is ${state.stage}; a Recovery Needs Assessment extends move-on only`,
        );
      if (!state.policy.moveOnExtendable || state.policy.moveOnDays === null) {
        throw new ConflictError(
          RecoveryPeriodReason.NO_MOVE_ON_PERIOD,
          `The ${placement.jurisdiction} policy of ${state.policy.effectiveFrom} sets no move-on period to extend`,
        );
      }
      const saved = await em.getRepository(RecoveryNeedsAssessmentEntity).save({
        placementId: placement.id,
        assessedOn,
        extensionDays: input.extensionDays,
        reason,
        recordedBy: p.sub,
        recordedAt: now,
      });
      await this.refresh(em, placement, p, now);
      await this.audit.record(em, p, now, 'RECORD_RECOVERY_NEEDS_ASSESSMENT', 'placement', placement.id, { extensionDays: input.extensionDays });
      return saved;
    });
  }

  /**
   * Records leave to remain (temporary permission to stay, or a residence
   * permit) with its expiry, default {@link DEFAULT_LEAVE_MONTHS} months after
   * the grant (the day before the same date 12 months on). Renewal reminders
   * go out 60, 30 and 7 days before expiry. Staff, officers, coordinators.
   * @throws BAD_USER_INPUT (`input.grantedOn`, `input.expiresOn`); CONFLICT for an ended placement.
   */
  async recordLeave(p: Principal, input: { placementId: string; kind: LeaveKind; grantedOn: string; expiresOn?: string | null }): Promise<LeaveGrantEntity> {
    if (!Object.values(LeaveKind).includes(input.kind)) throw new BadUserInputError(ValidationReason.UNKNOWN_VALUE, 'Unknown leave kind', 'input.kind');
    const grantedOn = parseCalendarDate(input.grantedOn, 'input.grantedOn');
    const d = new Date(`${grantedOn}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + DEFAULT_LEAVE_MONTHS);
    // 29 Feb + 12 months rolls to 1 Mar; the leave ends the day before.
    const expiresOn = input.expiresOn ? parseCalendarDate(input.expiresOn, 'input.expiresOn') : addDays(d.toISOString().slice(0, 10), -1);
    if (expiresOn <= grantedOn) throw new BadUserInputError(ValidationReason.DATE_ORDER, 'expiresOn must be after grantedOn', 'input.expiresOn');
    if (expiresOn > addDays(grantedOn, 5 * 366))
      throw new BadUserInputError(ValidationReason.DATE_ORDER, 'expiresOn can be at most 5 years after grantedOn', 'input.expiresOn');
    return inTransaction(this.dataSource, async (em) => {
      const placement = await this.lockVisible(em, p, input.placementId, true);
      const now = await this.clock.now();
      if (grantedOn > localDate(now, this.config.TIME_ZONE))
        throw new BadUserInputError(ValidationReason.DATE_IN_FUTURE, 'grantedOn cannot be in the future', 'input.grantedOn');
      const saved = await em.getRepository(LeaveGrantEntity).save({
        placementId: placement.id,
        kind: input.kind,
        grantedOn,
        expiresOn,
        recordedBy: p.sub,
        recordedAt: now,
      });
      await this.refresh(em, placement, p, now);
      await this.audit.record(em, p, now, 'RECORD_LEAVE', 'placement', placement.id, { kind: input.kind });
      return saved;
    });
  }

  /**
   * Adds a policy version with a future effective date (coordinators). Values
   * equal to the version before keep its sources; changed ones cite `source`.
   * Stages already begun keep their rules; stages beginning on or after
   * `effectiveFrom` follow the new version.
   * @throws BAD_USER_INPUT naming the field (bounds of validatePolicyVersion; `input.effectiveFrom` not after today;
   *   `input.source` missing); CONFLICT when the jurisdiction already has a version on that date.
   */
  async addPolicyVersion(p: Principal, input: AddPolicyVersionInput): Promise<NrmPolicyVersionEntity> {
    requireRole(p, Role.COORDINATOR);
    const source = this.checkSource(input.source);
    const values = asUserError(() => validatePolicyVersion({ ...input }));
    return inTransaction(this.dataSource, async (em) => {
      const now = await this.clock.now();
      const today = localDate(now, this.config.TIME_ZONE);
      if (values.effectiveFrom <= today) {
        throw new BadUserInputError(
          ValidationReason.DATE_IN_PAST,
          `effectiveFrom must be after today (${today}): rules in force are not rewritten`,
          'input.effectiveFrom',
        );
      }
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`nrm-policy:${values.jurisdiction}`]);
      const existing = await this.policies(em, values.jurisdiction);
      if (existing.some((v) => v.effectiveFrom === values.effectiveFrom)) {
        throw new ConflictError(RecoveryPeriodReason.POLICY_VERSION_EXISTS, `${values.jurisdiction} already has a policy version from ${values.effectiveFrom}`);
      }
      const before = existing.length ? policyInForce(existing, values.jurisdiction, values.effectiveFrom) : null;
      const sources: Partial<Record<keyof NrmPolicyValues, string>> = {};
      for (const f of NRM_POLICY_FIELDS) {
        sources[f] = before && before[f] === values[f] && before.sources[f] ? before.sources[f] : source;
      }
      const saved = await em.getRepository(NrmPolicyVersionEntity).save({
        jurisdiction: values.jurisdiction,
        effectiveFrom: values.effectiveFrom,
        ...Object.fromEntries(NRM_POLICY_FIELDS.map((f) => [f, values[f]])),
        sources,
        createdBy: p.sub,
        createdAt: now,
      } as Partial<NrmPolicyVersionEntity>);
      await this.audit.record(em, p, now, 'ADD_NRM_POLICY_VERSION', 'nrm_policy_version', saved.id, {
        jurisdiction: saved.jurisdiction,
        effectiveFrom: saved.effectiveFrom,
      });
      return saved;
    });
  }

  /**
   * Changes a policy version that is not yet in force (coordinators): every
   * value, and its effective date (again after today). Sources as for
   * {@link addPolicyVersion}: a value equal to the version before keeps its
   * source, a value this version already had keeps its own, a changed one
   * cites `source`. Audited (UPDATE_NRM_POLICY_VERSION, with the fields
   * changed). A version in force (effectiveFrom today or earlier) is immutable.
   * @throws NOT_FOUND for an unknown id; CONFLICT for a version in force, or a
   *   second version of the jurisdiction on the new date; BAD_USER_INPUT
   *   naming the field (bounds, `input.effectiveFrom` not after today, `input.source`).
   */
  async updatePolicyVersion(p: Principal, input: UpdatePolicyVersionInput): Promise<NrmPolicyVersionEntity> {
    requireRole(p, Role.COORDINATOR);
    const source = this.checkSource(input.source);
    return inTransaction(this.dataSource, async (em) => {
      const { version, today, now } = await this.lockFutureVersion(em, input.id);
      const values = asUserError(() => validatePolicyVersion({ ...input, jurisdiction: version.jurisdiction }));
      if (values.effectiveFrom <= today) {
        throw new BadUserInputError(
          ValidationReason.DATE_IN_PAST,
          `effectiveFrom must be after today (${today}): rules in force are not rewritten`,
          'input.effectiveFrom',
        );
      }
      const others = (await this.policies(em, version.jurisdiction)).filter((v) => v.id !== version.id);
      if (others.some((v) => v.effectiveFrom === values.effectiveFrom)) {
        throw new ConflictError(
          RecoveryPeriodReason.POLICY_VERSION_EXISTS,
          `${version.jurisdiction} already has a policy version from ${values.effectiveFrom}`,
        );
      }
      const before = others.length ? policyInForce(others, version.jurisdiction, values.effectiveFrom) : null;
      const changed: string[] = version.effectiveFrom === values.effectiveFrom ? [] : ['effectiveFrom'];
      const sources: Partial<Record<keyof NrmPolicyValues, string>> = {};
      for (const f of NRM_POLICY_FIELDS) {
        if (version[f] !== values[f]) changed.push(f);
        sources[f] =
          before && before[f] === values[f] && before.sources[f]
            ? before.sources[f]
            : version[f] === values[f] && version.sources[f]
              ? version.sources[f]
              : source;
      }
      if (changed.length === 0 && NRM_POLICY_FIELDS.every((f) => version.sources[f] === sources[f])) return version;
      Object.assign(version, Object.fromEntries(NRM_POLICY_FIELDS.map((f) => [f, values[f]])), { effectiveFrom: values.effectiveFrom, sources });
      const saved = await em.getRepository(NrmPolicyVersionEntity).save(version);
      await this.audit.record(em, p, now, 'UPDATE_NRM_POLICY_VERSION', 'nrm_policy_version', saved.id, {
        jurisdiction: saved.jurisdiction,
        effectiveFrom: saved.effectiveFrom,
        changed,
      });
      return saved;
    });
  }

  /**
   * Deletes a policy version that is not yet in force (coordinators); no
   * stage can have used it. Audited (DELETE_NRM_POLICY_VERSION, with its
   * values). Returns the deleted version.
   * @throws NOT_FOUND for an unknown id; CONFLICT for a version in force.
   */
  async deletePolicyVersion(p: Principal, id: string): Promise<NrmPolicyVersionEntity> {
    requireRole(p, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const { version, now } = await this.lockFutureVersion(em, id);
      const gone = { ...version };
      await em.getRepository(NrmPolicyVersionEntity).delete({ id: version.id });
      await this.audit.record(em, p, now, 'DELETE_NRM_POLICY_VERSION', 'nrm_policy_version', version.id, {
        jurisdiction: version.jurisdiction,
        effectiveFrom: version.effectiveFrom,
        values: Object.fromEntries(NRM_POLICY_FIELDS.map((f) => [f, version[f]])),
      });
      return gone as NrmPolicyVersionEntity;
    });
  }

  /** The source text of a new or changed version, checked. @throws BAD_USER_INPUT (`input.source`) */
  private checkSource(raw: string | undefined): string {
    const source = raw?.trim();
    if (!source) throw new BadUserInputError(ValidationReason.REQUIRED, 'Cite the public source of the new values', 'input.source');
    if (source.length > 1000) throw new BadUserInputError(ValidationReason.TOO_LONG, 'source is at most 1000 characters', 'input.source');
    return source;
  }

  /**
   * Locks a policy version for a change and its jurisdiction's versions
   * (the advisory lock of {@link addPolicyVersion}).
   * @throws NOT_FOUND (`id` unknown); CONFLICT when it is in force today
   */
  private async lockFutureVersion(em: EntityManager, id: string): Promise<{ version: NrmPolicyVersionEntity; today: string; now: Date }> {
    const found = await em.getRepository(NrmPolicyVersionEntity).findOneBy({ id });
    if (!found) throw new NotFoundError('NrmPolicyVersion', id);
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`nrm-policy:${found.jurisdiction}`]);
    const version = await em.getRepository(NrmPolicyVersionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!version) throw new NotFoundError('NrmPolicyVersion', id);
    const now = await this.clock.now();
    const today = localDate(now, this.config.TIME_ZONE);
    if (version.effectiveFrom <= today) {
      throw new ConflictError(
        RecoveryPeriodReason.POLICY_VERSION_IN_FORCE,
        `The ${version.jurisdiction} policy version of ${version.effectiveFrom} is in force: versions in force are immutable; add a version from a future date instead`,
      );
    }
    return { version, today, now };
  }

  /**
   * How long NRM decisions take, per jurisdiction of the placement
   * (coordinators): working days from NRM referral to RG, RG target met or
   * overdue today, calendar days from RG to CG (domain summariseDecisionTimes).
   */
  async decisionTimes(p: Principal): Promise<DecisionTimes[]> {
    requireRole(p, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const rows: { jurisdiction: Jurisdiction; nrm_referred_on: string | null; rg: string | null; cg: string | null }[] = await em.query(
        `SELECT p.jurisdiction, p.nrm_referred_on::text,
                rg.decided_on::text AS rg, cg.decided_on::text AS cg
           FROM placement p
           LEFT JOIN decision rg ON rg.referral_id = p.referral_id AND rg.type = 'REASONABLE_GROUNDS'
           LEFT JOIN decision cg ON cg.referral_id = p.referral_id AND cg.type = 'CONCLUSIVE_GROUNDS'`,
      );
      const today = localDate(await this.clock.now(), this.config.TIME_ZONE);
      return summariseDecisionTimes(
        rows.map((r) => ({ jurisdiction: r.jurisdiction, nrmReferredOn: r.nrm_referred_on, rgDecidedOn: r.rg, cgDecidedOn: r.cg })),
        await this.policies(em),
        today,
      );
    });
  }

  /** Locks a placement the caller may act on (staff of its shelter, officers of its agency when `officers`, coordinators). */
  private async lockVisible(em: EntityManager, p: Principal, id: string, officers: boolean): Promise<PlacementEntity> {
    requireRole(p, Role.SHELTER_STAFF, Role.COORDINATOR, ...(officers ? [Role.REFERRAL_OFFICER] : []));
    const placement = await em.getRepository(PlacementEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!placement) throw new NotFoundError('Placement', id);
    let allowed = canManageShelter(p, placement.shelterId);
    if (!allowed && officers && p.role === Role.REFERRAL_OFFICER) {
      const referral = await em.getRepository(ReferralEntity).findOneBy({ id: placement.referralId });
      allowed = !!referral && canActForAgency(p, referral.agencyId);
    }
    if (!allowed) throw new NotFoundError('Placement', id);
    if (placement.status !== PlacementStatus.ACTIVE) throw new ConflictError(PlacementReason.PLACEMENT_ENDED, `Placement ${placement.id} has ended`);
    return placement;
  }
}
