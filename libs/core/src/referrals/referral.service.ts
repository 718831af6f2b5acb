import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessibilityFeature,
  AgeBand,
  assertReferralTransition,
  DecisionOutcome,
  DecisionType,
  Dependant,
  ExploitationType,
  Gender,
  localDate,
  normaliseLanguages,
  parseCalendarDate,
  ReferralStatus,
  Role,
  Urgency,
} from '@harbour/domain';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  ErrorCode,
  FieldCipher,
  ForbiddenError,
  HarbourError,
  HARBOUR_CONFIG,
  HarbourConfig,
  NotFoundError,
} from '@harbour/platform';
import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { canSeeReferral, requireRole } from '../identity/access';
import { HoldEntity } from '../placements/hold.entity';
import { Principal } from '../identity/principal';
import { AgencyEntity } from '../network/agency.entity';
import { inTransaction, isUniqueViolation, withCaller } from '../persistence/transactions';
import { DecisionEntity } from './decision.entity';
import { ReferralEntity } from './referral.entity';
import { NrmStageService } from '../nrm/nrm-stage.service';

/** Additional authenticated data binding a referral's encrypted notes to that referral. */
export function notesAad(referralId: string): string {
  return `referral:${referralId}:notes`;
}

/** What a referral officer sends. No names, no dates of birth (data minimisation). */
export interface ReferralInput {
  /** Required for coordinators (who have no agency); officers always refer for their own. */
  agencyId?: string | null;
  agencyReference: string;
  initials: string;
  ageBand: AgeBand;
  gender: Gender;
  languages?: string[];
  exploitationTypes?: ExploitationType[];
  dependants?: Dependant[];
  accessibilityNeeds?: AccessibilityFeature[];
  exclusionRegions?: string[];
  preferredRegions?: string[];
  /** When given, the only regions the household may be placed in (hard rule). */
  acceptableRegions?: string[];
  urgency?: Urgency;
  /** The referred person consented to the referral; required for adults (children need none). */
  consentGiven?: boolean;
  /** Free text for the placing shelter and coordinators (≤ 2000 characters); encrypted at rest. */
  notes?: string | null;
}

/** A referral input after the checks that need no database: trimmed, de-duplicated, defaults applied. */
interface CheckedReferral {
  agencyId: string;
  agencyReference: string;
  initials: string;
  notes: string | null;
  consentGiven: boolean;
  ageBand: AgeBand;
  gender: Gender;
  languages: string[];
  exploitationTypes: ExploitationType[];
  dependants: { ageBand: AgeBand; gender: Gender | null }[];
  accessibilityNeeds: AccessibilityFeature[];
  exclusionRegions: string[];
  preferredRegions: string[];
  acceptableRegions: string[];
  urgency: Urgency;
}

export interface DecisionInput {
  referralId: string;
  type: DecisionType;
  outcome: DecisionOutcome;
  /** YYYY-MM-DD, not in the future. */
  decidedOn: string;
}

/** Referral intake, NRM decisions, withdrawal, and who may see a referral. */
@Injectable()
export class ReferralService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly nrm: NrmStageService,
  ) {}

  /** The referral's notes in plain text (callers have checked the reader may see the referral). */
  readNotes(referral: ReferralEntity): string | null {
    if (!referral.notesEncrypted) return null;
    try {
      return this.cipher.decrypt(referral.notesEncrypted, notesAad(referral.id));
    } catch {
      // Wrong key configured, or the stored value was altered: never guess, never show ciphertext.
      throw new Error(`notes of referral ${referral.id} cannot be decrypted (unknown key or altered value)`);
    }
  }

  /**
   * Creates a referral for the officer's agency (coordinators name the agency).
   * @throws CONFLICT when the agency already used this reference; BAD_USER_INPUT naming the field.
   */
  async create(p: Principal, input: ReferralInput): Promise<ReferralEntity> {
    const checked = this.validate(p, input, 'input');
    return inTransaction(this.dataSource, async (em) => {
      await this.checkAgainstDatabase(em, checked, 'input');
      const now = await this.clock.now();
      try {
        return await this.insert(em, p, checked, now);
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new ConflictError(`This agency already has a referral with reference ${checked.agencyReference}`, {
            field: 'input.agencyReference',
          });
        }
        throw e;
      }
    });
  }

  /**
   * Creates many referrals in `em`'s transaction, all or nothing (surge intake).
   * Every item is checked as {@link create} checks one, plus references repeated
   * within the batch; on any problem nothing is written.
   * @throws BadUserInputError whose `field` is the first problem's (e.g.
   *   `input.3.agencyReference`) and whose `extensions.problems` lists every one
   *   as `{ index, field, code, message }` (code CONFLICT for a reference already
   *   used by the agency or earlier in the batch, else BAD_USER_INPUT).
   */
  async createMany(em: EntityManager, p: Principal, inputs: readonly ReferralInput[], now: Date): Promise<ReferralEntity[]> {
    const problems: { index: number; field: string; code: string; message: string }[] = [];
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    // Input problems are collected per item; anything else (FORBIDDEN, a database failure) stops the batch as it is.
    const refuse = (index: number, e: unknown) => {
      if (e instanceof HarbourError && (e.code === ErrorCode.BAD_USER_INPUT || e.code === ErrorCode.CONFLICT)) {
        const field = (e.extensions.field as string | undefined) ?? `input.${index}`;
        problems.push({ index, field, code: e.code, message: e.message });
      } else throw e;
    };
    const checked: (CheckedReferral | null)[] = inputs.map((input, i) => {
      try {
        return this.validate(p, input, `input.${i}`);
      } catch (e) {
        refuse(i, e);
        return null;
      }
    });
    const seen = new Map<string, number>();
    for (const [i, c] of checked.entries()) {
      if (!c) continue;
      try {
        await this.checkAgainstDatabase(em, c, `input.${i}`);
      } catch (e) {
        refuse(i, e);
        continue;
      }
      // The unique index is on (agency_id, lower(agency_reference)): compare as it does.
      const key = `${c.agencyId}\u0000${c.agencyReference.toLowerCase()}`;
      if (seen.has(key)) {
        problems.push({
          index: i,
          field: `input.${i}.agencyReference`,
          code: ErrorCode.CONFLICT,
          message: `reference ${c.agencyReference} is also used by item ${seen.get(key)} of this batch`,
        });
      } else seen.set(key, i);
    }
    const byAgency = new Map<string, string[]>();
    for (const c of checked) if (c) byAgency.set(c.agencyId, [...(byAgency.get(c.agencyId) ?? []), c.agencyReference]);
    for (const [agencyId, refs] of byAgency) {
      const taken: { agency_reference: string }[] = await em.query(
        'SELECT agency_reference FROM referral WHERE agency_id = $1 AND lower(agency_reference) = ANY($2::text[])',
        [agencyId, refs.map((r) => r.toLowerCase())],
      );
      const takenSet = new Set(taken.map((t) => t.agency_reference.toLowerCase()));
      checked.forEach((c, i) => {
        if (c && c.agencyId === agencyId && takenSet.has(c.agencyReference.toLowerCase())) {
          problems.push({
            index: i,
            field: `input.${i}.agencyReference`,
            code: ErrorCode.CONFLICT,
            message: `This agency already has a referral with reference ${c.agencyReference}`,
          });
        }
      });
    }
    if (problems.length) {
      problems.sort((a, b) => a.index - b.index);
      throw new BadUserInputError(
        `${new Set(problems.map((x) => x.index)).size} of ${inputs.length} referrals refused; none was created. First: ${problems[0].field}: ${problems[0].message}`,
        problems[0].field,
        { problems },
      );
    }
    const created: ReferralEntity[] = [];
    for (const [i, c] of checked.entries()) {
      try {
        created.push(await this.insert(em, p, c!, now));
      } catch (e) {
        // A concurrent call took the reference after the check above: the transaction is lost, so refuse the batch.
        if (!isUniqueViolation(e)) throw e;
        const problem = {
          index: i,
          field: `input.${i}.agencyReference`,
          code: ErrorCode.CONFLICT,
          message: `This agency already has a referral with reference ${c!.agencyReference}`,
        };
        throw new BadUserInputError(`1 of ${inputs.length} referrals refused; none was created. First: ${problem.field}: ${problem.message}`, problem.field, {
          problems: [problem],
        });
      }
    }
    return created;
  }

  /** Checks one input without the database; `path` prefixes the field names (`input`, `input.3`). */
  private validate(p: Principal, input: ReferralInput, path: string): CheckedReferral {
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    const agencyId = p.role === Role.REFERRAL_OFFICER ? p.agencyId : input.agencyId;
    if (!agencyId) throw new BadUserInputError('agencyId is required', `${path}.agencyId`);
    if (p.role === Role.REFERRAL_OFFICER && input.agencyId && input.agencyId !== p.agencyId) {
      throw new ForbiddenError('Officers refer only for their own agency');
    }
    const initials = input.initials.trim().toUpperCase();
    if (!/^[A-Z]{1,4}$/.test(initials)) {
      throw new BadUserInputError('initials are 1-4 letters (no names are stored)', `${path}.initials`);
    }
    const reference = input.agencyReference.trim();
    if (!/^[A-Za-z0-9/_.-]{1,64}$/.test(reference)) {
      throw new BadUserInputError('agencyReference is 1-64 letters, digits, / _ . or -', `${path}.agencyReference`);
    }
    if (input.ageBand !== AgeBand.UNDER_18 && input.consentGiven !== true) {
      // Adults enter the National Referral Mechanism only with their informed consent.
      throw new BadUserInputError('An adult can only be referred with their consent: set consentGiven', `${path}.consentGiven`);
    }
    const notes = input.notes?.trim() || null;
    if (notes && notes.length > 2000) throw new BadUserInputError('notes are at most 2000 characters', `${path}.notes`);
    const languages = normaliseLanguages(input.languages ?? [], `${path}.languages`);
    const exclusion = new Set((input.exclusionRegions ?? []).map((r) => r.trim()));
    const clash = (input.preferredRegions ?? []).find((r) => exclusion.has(r.trim()));
    if (clash) throw new BadUserInputError(`Region ${clash} is both preferred and excluded`, `${path}.preferredRegions`);
    const acceptable = [...new Set((input.acceptableRegions ?? []).map((r) => r.trim()))];
    if (acceptable.length && acceptable.every((r) => exclusion.has(r))) {
      throw new BadUserInputError('Every acceptable region is also excluded: nowhere is left', `${path}.acceptableRegions`);
    }
    return {
      agencyId,
      agencyReference: reference,
      initials,
      notes,
      consentGiven: input.consentGiven === true,
      ageBand: input.ageBand,
      gender: input.gender,
      languages,
      exploitationTypes: [...new Set(input.exploitationTypes ?? [])],
      dependants: (input.dependants ?? []).map((d) => ({ ageBand: d.ageBand, gender: d.gender ?? null })),
      accessibilityNeeds: [...new Set(input.accessibilityNeeds ?? [])],
      exclusionRegions: [...exclusion],
      preferredRegions: [...new Set((input.preferredRegions ?? []).map((r) => r.trim()))],
      acceptableRegions: acceptable,
      urgency: input.urgency ?? Urgency.URGENT,
    };
  }

  /** The agency and the preferred and acceptable regions must exist (exclusion areas may lie outside the network). */
  private async checkAgainstDatabase(em: EntityManager, c: CheckedReferral, path: string): Promise<void> {
    if (!(await em.getRepository(AgencyEntity).existsBy({ id: c.agencyId }))) {
      throw new BadUserInputError(`Unknown agency ${c.agencyId}`, `${path}.agencyId`);
    }
    // A typo in a preferred or acceptable region would leave the person waiting forever.
    for (const field of ['preferredRegions', 'acceptableRegions'] as const) {
      const codes = c[field];
      if (!codes.length) continue;
      const known: { code: string }[] = await em.query('SELECT code FROM region WHERE code = ANY($1::text[])', [codes]);
      const unknown = codes.filter((code) => !known.some((k) => k.code === code));
      if (unknown.length) throw new BadUserInputError(`Unknown region(s): ${unknown.join(', ')}`, `${path}.${field}`);
    }
  }

  private async insert(em: EntityManager, p: Principal, c: CheckedReferral, now: Date): Promise<ReferralEntity> {
    const id = randomUUID();
    const { notes, consentGiven, ...fields } = c;
    const repo = em.getRepository(ReferralEntity);
    const referral = await repo.save(repo.create({
      id,
      ...fields,
      consentGiven,
      consentRecordedAt: consentGiven ? now : null,
      notesEncrypted: notes ? this.cipher.encrypt(notes, notesAad(id)) : null,
      anonymisedAt: null,
      status: ReferralStatus.OPEN,
      createdBy: p.sub,
      createdAt: now,
      closedAt: null,
    }));
    await this.audit.record(em, p, now, 'CREATE_REFERRAL', 'referral', referral.id);
    return referral;
  }

  /**
   * Loads a referral the principal may see: coordinators any; officers their
   * agency's; shelter staff those held or placed at their shelters.
   * Without `em`, reads in a transaction of its own as `p` (withCaller: row-level
   * security hides what `p` may not see); inside a command, pass its `em`.
   * @throws NOT_FOUND otherwise (other agencies' ids cannot be probed).
   */
  async getVisible(p: Principal, id: string, em?: EntityManager): Promise<ReferralEntity> {
    if (!em) return withCaller(this.dataSource, p, (scoped) => this.getVisible(p, id, scoped));
    const referral = await em.getRepository(ReferralEntity).findOneBy({ id });
    if (!referral || !(await this.canSee(p, referral, em))) throw new NotFoundError('Referral', id);
    return referral;
  }

  /** True when `p` may read `referral`. */
  async canSee(p: Principal, referral: ReferralEntity, em: EntityManager): Promise<boolean> {
    const holds =
      p.role === Role.SHELTER_STAFF ? await em.getRepository(HoldEntity).findBy({ referralId: referral.id }) : [];
    return canSeeReferral(p, referral, holds);
  }

  /**
   * Withdraws an open, waitlisted or held referral (its hold, if any, is cancelled
   * by PlacementService.withdraw, which calls this inside its transaction).
   */
  async markWithdrawn(em: EntityManager, referral: ReferralEntity, now: Date): Promise<void> {
    assertReferralTransition(referral.status, ReferralStatus.WITHDRAWN);
    referral.status = ReferralStatus.WITHDRAWN;
    referral.closedAt = now;
    await em.save(referral);
  }

  /**
   * Records a reasonable or conclusive grounds decision. Officers of the
   * agency, staff of the shelter holding or housing the person, coordinators.
   * Recording the same decision again is a no-op; a different one corrects it (audited).
   * The placement's stage and reminders follow at once (NrmStageService.refresh).
   * @throws BAD_USER_INPUT (`input.decidedOn`) for a future date, or a CG before
   *   the RG or before the policy's minimum gap after it (`input.type`: CG without RG).
   */
  async recordDecision(p: Principal, input: DecisionInput): Promise<DecisionEntity> {
    requireRole(p, Role.REFERRAL_OFFICER, Role.SHELTER_STAFF, Role.COORDINATOR);
    const decidedOn = parseCalendarDate(input.decidedOn, 'input.decidedOn');
    return inTransaction(this.dataSource, async (em) => {
      const referral = await this.getVisible(p, input.referralId, em);
      const now = await this.clock.now();
      if (decidedOn > localDate(now, this.config.TIME_ZONE)) {
        throw new BadUserInputError('decidedOn cannot be in the future', 'input.decidedOn');
      }
      if (input.type === DecisionType.CONCLUSIVE_GROUNDS) {
        const rg = await em.getRepository(DecisionEntity).findOneBy({
          referralId: referral.id,
          type: DecisionType.REASONABLE_GROUNDS,
        });
        if (!rg) throw new BadUserInputError('Record the reasonable grounds decision first', 'input.type');
        if (decidedOn < rg.decidedOn) {
          throw new BadUserInputError('A conclusive grounds decision cannot precede the reasonable grounds one', 'input.decidedOn');
        }
        // The minimum gap after RG of the policy in force on the RG date (docs/nrm-stages.md).
        const earliest = await this.nrm.earliestCgDate(em, referral.id, rg.decidedOn);
        if (earliest && decidedOn < earliest.date) {
          throw new BadUserInputError(
            `A conclusive grounds decision can come no earlier than ${earliest.date}: ${earliest.policy.cgMinimumGapDays} days after the reasonable grounds decision of ${rg.decidedOn} (${earliest.policy.jurisdiction} policy of ${earliest.policy.effectiveFrom})`,
            'input.decidedOn',
          );
        }
      }
      const repo = em.getRepository(DecisionEntity);
      const existing = await repo.findOne({
        where: { referralId: referral.id, type: input.type },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing && existing.outcome === input.outcome && existing.decidedOn === decidedOn) return existing;
      const saved = await repo.save({
        ...(existing ?? {}),
        referralId: referral.id,
        type: input.type,
        outcome: input.outcome,
        decidedOn,
        recordedBy: p.sub,
        recordedAt: now,
      });
      await this.audit.record(em, p, now, existing ? 'CORRECT_DECISION' : 'RECORD_DECISION', 'referral', referral.id, {
        type: input.type,
        outcome: input.outcome,
      });
      // The decision drives the placement's stage: recovery period, move-on or support end, and their reminders.
      await this.nrm.refreshForReferral(em, referral.id, p, now);
      return saved;
    });
  }
}
