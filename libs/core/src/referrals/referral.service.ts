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
  FieldCipher,
  ForbiddenError,
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
    requireRole(p, Role.REFERRAL_OFFICER, Role.COORDINATOR);
    const agencyId = p.role === Role.REFERRAL_OFFICER ? p.agencyId : input.agencyId;
    if (!agencyId) throw new BadUserInputError('agencyId is required', 'input.agencyId');
    if (p.role === Role.REFERRAL_OFFICER && input.agencyId && input.agencyId !== p.agencyId) {
      throw new ForbiddenError('Officers refer only for their own agency');
    }
    const initials = input.initials.trim().toUpperCase();
    if (!/^[A-Z]{1,4}$/.test(initials)) {
      throw new BadUserInputError('initials are 1-4 letters (no names are stored)', 'input.initials');
    }
    const reference = input.agencyReference.trim();
    if (!/^[A-Za-z0-9/_.-]{1,64}$/.test(reference)) {
      throw new BadUserInputError('agencyReference is 1-64 letters, digits, / _ . or -', 'input.agencyReference');
    }
    if (input.ageBand !== AgeBand.UNDER_18 && input.consentGiven !== true) {
      // Adults enter the National Referral Mechanism only with their informed consent.
      throw new BadUserInputError('An adult can only be referred with their consent: set consentGiven', 'input.consentGiven');
    }
    const notes = input.notes?.trim() || null;
    if (notes && notes.length > 2000) throw new BadUserInputError('notes are at most 2000 characters', 'input.notes');
    const languages = normaliseLanguages(input.languages ?? [], 'input.languages');
    const exclusion = new Set((input.exclusionRegions ?? []).map((r) => r.trim()));
    const clash = (input.preferredRegions ?? []).find((r) => exclusion.has(r.trim()));
    if (clash) throw new BadUserInputError(`Region ${clash} is both preferred and excluded`, 'input.preferredRegions');
    const acceptable = [...new Set((input.acceptableRegions ?? []).map((r) => r.trim()))];
    if (acceptable.length && acceptable.every((r) => exclusion.has(r))) {
      throw new BadUserInputError('Every acceptable region is also excluded: nowhere is left', 'input.acceptableRegions');
    }
    return inTransaction(this.dataSource, async (em) => {
      if (!(await em.getRepository(AgencyEntity).existsBy({ id: agencyId }))) {
        throw new BadUserInputError(`Unknown agency ${agencyId}`, 'input.agencyId');
      }
      // Preferred and acceptable regions must exist (a typo would leave the person
      // waiting forever); exclusion areas may lie outside the network.
      for (const field of ['preferredRegions', 'acceptableRegions'] as const) {
        const codes = [...new Set((input[field] ?? []).map((r) => r.trim()))];
        if (!codes.length) continue;
        const known: { code: string }[] = await em.query('SELECT code FROM region WHERE code = ANY($1::text[])', [codes]);
        const unknown = codes.filter((c) => !known.some((k) => k.code === c));
        if (unknown.length) throw new BadUserInputError(`Unknown region(s): ${unknown.join(', ')}`, `input.${field}`);
      }
      const now = await this.clock.now();
      try {
        const id = randomUUID();
        const referral = await em.getRepository(ReferralEntity).save({
          id,
          consentGiven: input.consentGiven === true,
          consentRecordedAt: input.consentGiven === true ? now : null,
          notesEncrypted: notes ? this.cipher.encrypt(notes, notesAad(id)) : null,
          anonymisedAt: null,
          agencyId,
          agencyReference: reference,
          initials,
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
          status: ReferralStatus.OPEN,
          createdBy: p.sub,
          createdAt: now,
          closedAt: null,
        });
        await this.audit.record(em, p, now, 'CREATE_REFERRAL', 'referral', referral.id);
        return referral;
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new ConflictError(`This agency already has a referral with reference ${reference}`, {
            field: 'input.agencyReference',
          });
        }
        throw e;
      }
    });
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
      return saved;
    });
  }
}
