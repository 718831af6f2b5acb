import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AccessibilityFeature,
  assertManualBedStatusChange,
  BedCategory,
  ADULT_MAX_AGE_RANGE,
  BedStatus,
  ExploitationType,
  GenderPolicy,
  localDate,
  normaliseLanguages,
  parseCalendarDate,
  HOLD_HOURS_MAX,
  HOLD_HOURS_MIN,
  Jurisdiction,
  Role,
  ShelterStatus,
  normaliseRegionCode,
} from '@harbour/domain';
import {
  AccessReason,
  BadUserInputError,
  Clock,
  ConflictError,
  ForbiddenError,
  HARBOUR_CONFIG,
  HarbourConfig,
  NetworkReason,
  NotFoundError,
  reasonOr,
  ValidationReason,
} from '@harbour/platform';
import { validateWebhookUrl } from '../notifications/webhook-url';
import { normaliseEmail, normaliseEmailList } from '../notifications/email-address';
import { AuditService } from '../audit/audit.service';
import { canManageShelter, requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { inTransaction, isUniqueViolation, queryReturning } from '../persistence/transactions';
import { AgencyEntity, AgencyKind } from './agency.entity';
import { BedEntity } from './bed.entity';
import { currentStays, refuseBreakingChange, shelterProfile } from './current-stays';
import { REGION_AVAILABILITY_COLUMN } from './category-sql';
import { RegionEntity } from './region.entity';
import { RoomEntity } from './room.entity';
import { ShelterEntity } from './shelter.entity';
import { ShelterLocationEntity } from './shelter-location.entity';

/** The parts of a shelter's location, kept in shelter_location (row-level security). */
const LOCATION_FIELDS = ['address', 'postcode', 'latitude', 'longitude'] as const;

/** The shelter fields the hard rules read: changing one is checked against the shelter's current holds and placements. */
const POLICY_FIELDS = ['regionCode', 'genderPolicy', 'acceptsFamilies', 'acceptsMinors', 'adultMaxAge'] as const;

/** Fields of a safe house that coordinators set. */
export interface ShelterInput {
  codeName: string;
  regionCode: string;
  genderPolicy: GenderPolicy;
  acceptsFamilies?: boolean;
  acceptsMinors?: boolean;
  /** Shelter for minors: the oldest adult age it takes (18..120); null = no adults. */
  adultMaxAge?: number | null;
  languages?: string[];
  specialisms?: ExploitationType[];
  address?: string | null;
  postcode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  contactLine?: string | null;
  webhookUrl?: string | null;
  /** Staff contact address for the shelter's notifications by email; null clears it. */
  staffEmail?: string | null;
  /** How long the shelter's holds last, hours 1..168; null: HOLD_HOURS. */
  holdHours?: number | null;
}

/** Changes to a referring agency; omitted fields stay as they are, null clears an optional one. */
export interface AgencyUpdate {
  name?: string;
  /** Where the agency's notifications are POSTed (checked like every webhook URL). */
  webhookUrl?: string | null;
  /** Contact address of the agency's referral officers (notifications by email). */
  email?: string | null;
}

export type ShelterUpdate = Partial<ShelterInput> & { status?: ShelterStatus };

export interface AddBedsInput {
  shelterId: string;
  /** Label of the room; created when it does not exist. */
  roomLabel: string;
  /** Number of bed spaces to add, 1..50. */
  count: number;
  accessibilityFeatures?: AccessibilityFeature[];
}

export interface SetBedStatusInput {
  bedId: string;
  status: BedStatus;
  reason?: string | null;
  /** YYYY-MM-DD, for OUT_OF_SERVICE. */
  expectedReturn?: string | null;
}

/** The region_availability columns, named by category (and total_beds, oldest_update_at). */
const AVAILABILITY_COLUMNS = [
  'region_code',
  'total_beds',
  'oldest_update_at',
  ...Object.entries(REGION_AVAILABILITY_COLUMN).map(([category, column]) => `${column} AS "${category}"`),
].join(', ');

/** Free beds in one region, by category. */
export interface RegionAvailability {
  regionCode: string;
  counts: Record<BedCategory, number>;
  totalBeds: number;
  /** Oldest status update among the region's beds: how fresh the numbers are. */
  oldestUpdateAt: Date | null;
}

/** Safe houses, rooms and beds: the network and its live availability. */
@Injectable()
export class NetworkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates a region if missing (coordinators). Idempotent: an existing region
   * keeps its name; its jurisdiction changes when one is given (placements keep
   * the jurisdiction they arrived under).
   * @param jurisdiction - whose NRM rules govern the region; default ENGLAND for a new region
   */
  async upsertRegion(p: Principal, code: string, name?: string, jurisdiction?: Jurisdiction | null): Promise<RegionEntity> {
    requireRole(p, Role.COORDINATOR);
    // Region codes are upper case ('ca-500' is 'CA-500'), so no two differ by case only.
    const clean = code.trim().toUpperCase();
    if (!/^[A-Z0-9-]{1,32}$/.test(clean)) {
      throw new BadUserInputError(ValidationReason.INVALID_FORMAT, 'A region code is 1-32 letters, digits or dashes', 'code');
    }
    await inTransaction(this.dataSource, async (em) => {
      const created = await queryReturning<{ code: string }>(
        em,
        `INSERT INTO region (code, name, jurisdiction) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [clean, name?.trim() || clean, jurisdiction ?? Jurisdiction.ENGLAND],
      );
      if (created.length)
        await this.audit.record(em, p, await this.clock.now(), 'CREATE_REGION', 'region', clean, { jurisdiction: jurisdiction ?? Jurisdiction.ENGLAND });
      else if (jurisdiction) {
        const changed = await queryReturning<{ code: string }>(
          em,
          `UPDATE region SET jurisdiction = $2 WHERE code = $1 AND jurisdiction <> $2 RETURNING code`,
          [clean, jurisdiction],
        );
        if (changed.length) await this.audit.record(em, p, await this.clock.now(), 'SET_REGION_JURISDICTION', 'region', clean, { jurisdiction });
      }
    });
    return this.dataSource.getRepository(RegionEntity).findOneByOrFail({ code: clean });
  }

  /**
   * Creates a first responder (coordinators), optionally with the webhook URL
   * and contact email its notifications go to.
   * @throws BAD_USER_INPUT naming `input.webhookUrl` or `input.email`; CONFLICT on a duplicate name (case-insensitive).
   */
  async createAgency(p: Principal, name: string, kind: AgencyKind, webhookUrl?: string | null, email?: string | null): Promise<AgencyEntity> {
    requireRole(p, Role.COORDINATOR);
    const clean = name.trim();
    if (!clean) throw new BadUserInputError(ValidationReason.REQUIRED, 'name must not be blank', 'input.name');
    const url = validateWebhookUrl(webhookUrl, 'input.webhookUrl', this.config.NODE_ENV === 'production');
    const address = normaliseEmail(email, 'input.email');
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const agency = await em.getRepository(AgencyEntity).save({ name: clean, kind, webhookUrl: url, email: address });
        await this.audit.record(em, p, await this.clock.now(), 'CREATE_AGENCY', 'agency', agency.id, {
          webhook: url !== null,
          email: address !== null,
        });
        return agency;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(NetworkReason.AGENCY_NAME_TAKEN, `An agency named "${name}" already exists`, { field: 'name' });
      throw e;
    }
  }

  /**
   * Changes an agency's name, webhook URL or contact email (coordinators only:
   * where notifications go is the network's decision, and a webhook URL passes
   * the SSRF rules of validateWebhookUrl). Notifications already created keep
   * the email recipient they were created with; webhooks use the URL current
   * when they are delivered. Audited (UPDATE_AGENCY, with the fields changed).
   * @throws FORBIDDEN for other roles; NOT_FOUND for an unknown id;
   * BAD_USER_INPUT naming `input.name`, `input.webhookUrl` or `input.email`; CONFLICT on a taken name.
   */
  async updateAgency(p: Principal, id: string, update: AgencyUpdate): Promise<AgencyEntity> {
    requireRole(p, Role.COORDINATOR);
    const changes: Partial<AgencyEntity> = {};
    if (update.name !== undefined) {
      if (update.name === null || !update.name.trim()) throw new BadUserInputError(ValidationReason.REQUIRED, 'name must not be blank', 'input.name');
      changes.name = update.name.trim();
    }
    if (update.webhookUrl !== undefined) {
      changes.webhookUrl = validateWebhookUrl(update.webhookUrl, 'input.webhookUrl', this.config.NODE_ENV === 'production');
    }
    if (update.email !== undefined) changes.email = normaliseEmail(update.email, 'input.email');
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const agency = await em.getRepository(AgencyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!agency) throw new NotFoundError('Agency', id);
        Object.assign(agency, changes);
        await em.save(agency);
        await this.audit.record(em, p, await this.clock.now(), 'UPDATE_AGENCY', 'agency', id, { fields: Object.keys(changes) });
        return agency;
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(NetworkReason.AGENCY_NAME_TAKEN, `An agency named "${update.name}" already exists`, { field: 'input.name' });
      throw e;
    }
  }

  /**
   * Replaces the email addresses of a region's coordinators, who receive the
   * region's capacity alerts by email (coordinators only). Up to 20 addresses,
   * duplicates dropped case-insensitively; [] clears them. Audited
   * (SET_REGION_COORDINATORS, with how many).
   * @throws FORBIDDEN for other roles; NOT_FOUND for an unknown region; BAD_USER_INPUT naming `emails.<i>`.
   */
  async setRegionCoordinatorEmails(p: Principal, code: string, emails: readonly string[]): Promise<RegionEntity> {
    requireRole(p, Role.COORDINATOR);
    const clean = normaliseEmailList(emails, 'emails');
    const regionCode = code.trim().toUpperCase();
    return inTransaction(this.dataSource, async (em) => {
      const region = await em.getRepository(RegionEntity).findOne({ where: { code: regionCode }, lock: { mode: 'pessimistic_write' } });
      if (!region) throw new NotFoundError('Region', regionCode);
      region.coordinatorEmails = clean;
      await em.save(region);
      await this.audit.record(em, p, await this.clock.now(), 'SET_REGION_COORDINATORS', 'region', regionCode, { count: clean.length });
      return region;
    });
  }

  /**
   * Creates a safe house (coordinators). The region code is matched as regions store it (trimmed, upper case).
   * @throws BAD_USER_INPUT for an unknown region, or an adultMaxAge on a shelter that does not take minors; CONFLICT for a taken code name.
   */
  async createShelter(p: Principal, input: ShelterInput): Promise<ShelterEntity> {
    requireRole(p, Role.COORDINATOR);
    if (!input.codeName.trim()) throw new BadUserInputError(ValidationReason.REQUIRED, 'codeName must not be blank', 'input.codeName');
    validateWebhookUrl(input.webhookUrl, 'input.webhookUrl', this.config.NODE_ENV === 'production');
    normaliseEmail(input.staffEmail, 'input.staffEmail');
    if (!input.acceptsMinors && input.adultMaxAge != null) {
      throw new BadUserInputError(
        ValidationReason.INCONSISTENT,
        'adultMaxAge applies only to a shelter that takes minors (acceptsMinors: true)',
        'input.adultMaxAge',
      );
    }
    return inTransaction(this.dataSource, async (em) => {
      await this.requireRegion(em, input.regionCode, 'input.regionCode');
      const now = await this.clock.now();
      try {
        const shelter = await em.getRepository(ShelterEntity).save({
          ...this.normalise(input),
          status: ShelterStatus.OPEN,
        });
        await this.saveLocation(em, shelter.id, input);
        await this.audit.record(em, p, now, 'CREATE_SHELTER', 'shelter', shelter.id);
        return shelter;
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new ConflictError(NetworkReason.SHELTER_CODE_NAME_TAKEN, `Code name ${input.codeName} is taken`, { field: 'input.codeName' });
        }
        throw e;
      }
    });
  }

  /**
   * Updates a safe house: coordinators any field; its own staff too (but not
   * region, code name or webhook URL). Closing or reopening re-evaluates
   * capacity. Omitted fields stay; a null (where the type allows one) clears
   * the value: adultMaxAge (takes no adults), holdHours (back to HOLD_HOURS),
   * contactLine, webhookUrl, staffEmail and the location fields.
   * A change to a field the hard rules read (region, gender policy,
   * families, minors, adult ages) that a current hold or placement would
   * break is refused (docs/rules.md, "Policy changes and current stays").
   * @throws NOT_FOUND for a shelter the caller may not manage; FORBIDDEN for staff changing a coordinator's field;
   *   BAD_USER_INPUT naming the field (blank codeName, unknown region, adultMaxAge out of range or without acceptsMinors, …);
   *   CONFLICT for a taken code name, or, with `extensions.conflicts` ({ kind: HOLD | PLACEMENT, id, rule, message } each),
   *   for a policy change a current hold or placement would break; nothing is written.
   */
  async updateShelter(p: Principal, id: string, update: ShelterUpdate): Promise<ShelterEntity> {
    if (!canManageShelter(p, id)) throw new NotFoundError('Shelter', id);
    if (update.codeName !== undefined && !update.codeName.trim())
      throw new BadUserInputError(ValidationReason.REQUIRED, 'codeName must not be blank', 'input.codeName');
    for (const field of ['regionCode', 'codeName', 'webhookUrl'] as const) {
      if (p.role !== Role.COORDINATOR && update[field] !== undefined) {
        // Where notifications go is the network's decision, not one shelter's (and guards against SSRF).
        throw new ForbiddenError(AccessReason.COORDINATOR_ONLY_CHANGE, `Only coordinators change a shelter's ${field}`);
      }
    }
    validateWebhookUrl(update.webhookUrl, 'input.webhookUrl', this.config.NODE_ENV === 'production');
    normaliseEmail(update.staffEmail, 'input.staffEmail');
    return inTransaction(this.dataSource, async (em) => {
      const shelter = await em.getRepository(ShelterEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!shelter) throw new NotFoundError('Shelter', id);
      if (update.regionCode !== undefined) await this.requireRegion(em, update.regionCode, 'input.regionCode');
      const before = { regionCode: shelter.regionCode, status: shelter.status };
      const policyBefore = shelterProfile(shelter);
      Object.assign(shelter, this.normalise(update));
      if (!shelter.acceptsMinors && update.adultMaxAge != null) {
        throw new BadUserInputError(
          ValidationReason.INCONSISTENT,
          'adultMaxAge applies only to a shelter that takes minors (acceptsMinors: true)',
          'input.adultMaxAge',
        );
      }
      // Beds in use mean households holding or living here; a policy field they depend on may not change under them.
      if (shelter.usedBeds > 0 && POLICY_FIELDS.some((k) => update[k] !== undefined)) {
        const policyAfter = shelterProfile(shelter);
        refuseBreakingChange(`This change to shelter ${shelter.codeName}`, await currentStays(em, id), (stay, when) => ({
          shelter: when === 'before' ? policyBefore : policyAfter,
          accessibilityFeatures: stay.roomFeatures,
        }));
      }
      if (update.status !== undefined) shelter.status = update.status;
      try {
        await em.save(shelter);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ConflictError(NetworkReason.SHELTER_CODE_NAME_TAKEN, `Code name ${update.codeName} is taken`, { field: 'input.codeName' });
        throw e;
      }
      await this.saveLocation(em, id, update);
      const now = await this.clock.now();
      await this.audit.record(em, p, now, 'UPDATE_SHELTER', 'shelter', id, { fields: Object.keys(update) });
      if (before.status !== shelter.status || before.regionCode !== shelter.regionCode) {
        await this.emitBedsChanged(em, [before.regionCode, shelter.regionCode], shelter.status === ShelterStatus.OPEN, [shelter.id]);
      }
      return shelter;
    });
  }

  /**
   * Adds `count` AVAILABLE beds to a room (created if new) of a shelter. Staff of
   * the shelter or coordinators. New beds are offered to the waitlist.
   * `accessibilityFeatures` replace the room's when given.
   * @returns the new beds.
   * @throws CONFLICT with `extensions.conflicts` when the new features drop one a current hold or placement of the
   *   room needs (rule ACCESSIBILITY); nothing is written.
   */
  async addBeds(p: Principal, input: AddBedsInput): Promise<BedEntity[]> {
    if (!canManageShelter(p, input.shelterId)) throw new NotFoundError('Shelter', input.shelterId);
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > 50) {
      throw new BadUserInputError(ValidationReason.OUT_OF_RANGE, 'count must be a whole number from 1 to 50', 'input.count');
    }
    const label = input.roomLabel.trim();
    if (!label || label.length > 64) throw new BadUserInputError(ValidationReason.TOO_LONG, 'roomLabel must be 1-64 characters', 'input.roomLabel');
    return inTransaction(this.dataSource, async (em) => {
      const shelter = await em.getRepository(ShelterEntity).findOne({
        where: { id: input.shelterId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!shelter) throw new NotFoundError('Shelter', input.shelterId);
      const now = await this.clock.now();
      let room = await em.getRepository(RoomEntity).findOneBy({ shelterId: shelter.id, label });
      if (!room) {
        room = await em.getRepository(RoomEntity).save({
          shelterId: shelter.id,
          label,
          accessibilityFeatures: [...new Set(input.accessibilityFeatures ?? [])],
        });
      } else if (input.accessibilityFeatures) {
        const features = [...new Set(input.accessibilityFeatures)];
        // Taking a feature away from a room a household holding or living in it needs is refused.
        if (room.usedBeds > 0 && room.accessibilityFeatures.some((f) => !features.includes(f))) {
          const profile = shelterProfile(shelter);
          refuseBreakingChange(`Changing the features of room ${label}`, await currentStays(em, shelter.id, room.id), (stay, when) => ({
            shelter: profile,
            accessibilityFeatures: when === 'before' ? stay.roomFeatures : features,
          }));
        }
        room.accessibilityFeatures = features;
        await em.save(room);
      }
      // Each new bed takes the lowest "<room>-<n>" no bed of the room carries yet. Counting the room's
      // beds is not enough: imported or earlier beds may carry other labels, or numbers past the count,
      // and a clash is a unique violation (bed_room_id_label_key), i.e. an internal error.
      const taken = new Set((await em.getRepository(BedEntity).find({ where: { roomId: room.id }, select: { label: true } })).map((b) => b.label));
      const labels: string[] = [];
      for (let n = 1; labels.length < input.count; n++) if (!taken.has(`${label}-${n}`)) labels.push(`${label}-${n}`);
      const beds = await em.getRepository(BedEntity).save(
        labels.map((bedLabel) => ({
          roomId: room!.id,
          shelterId: shelter.id,
          label: bedLabel,
          status: BedStatus.AVAILABLE,
          statusChangedAt: now,
        })),
      );
      await this.audit.record(em, p, now, 'ADD_BEDS', 'room', room.id, { count: input.count });
      await this.emitBedsChanged(em, [shelter.regionCode], true, [shelter.id]);
      return beds;
    });
  }

  /**
   * Staff set a bed AVAILABLE or OUT_OF_SERVICE (with a reason). HELD and
   * OCCUPIED come only from holds and placements. Same status again is a no-op.
   * @throws BAD_USER_INPUT for a transition staff may not make or a missing reason.
   */
  async setBedStatus(p: Principal, input: SetBedStatusInput): Promise<BedEntity> {
    return inTransaction(this.dataSource, async (em) => {
      const bed = await em.getRepository(BedEntity).findOne({ where: { id: input.bedId }, lock: { mode: 'pessimistic_write' } });
      if (!bed || !canManageShelter(p, bed.shelterId)) throw new NotFoundError('Bed', input.bedId);
      try {
        assertManualBedStatusChange(bed.status, input.status);
      } catch (e) {
        throw new BadUserInputError(reasonOr(e, ValidationReason.INVALID_VALUE), (e as Error).message, 'input.status');
      }
      const reason = input.reason?.trim() || null;
      if (input.status === BedStatus.OUT_OF_SERVICE && !reason) {
        throw new BadUserInputError(ValidationReason.REQUIRED, 'An out-of-service bed needs a reason', 'input.reason');
      }
      const expectedReturn = input.expectedReturn ? parseCalendarDate(input.expectedReturn, 'input.expectedReturn') : null;
      if (expectedReturn && expectedReturn < localDate(await this.clock.now(), this.config.TIME_ZONE)) {
        throw new BadUserInputError(ValidationReason.DATE_IN_PAST, 'expectedReturn cannot be in the past', 'input.expectedReturn');
      }
      if (bed.status === input.status && bed.outOfServiceReason === reason && bed.expectedReturn === expectedReturn) {
        return bed;
      }
      const now = await this.clock.now();
      const freed = bed.status !== BedStatus.AVAILABLE && input.status === BedStatus.AVAILABLE;
      bed.status = input.status;
      bed.outOfServiceReason = input.status === BedStatus.OUT_OF_SERVICE ? reason : null;
      bed.expectedReturn = input.status === BedStatus.OUT_OF_SERVICE ? expectedReturn : null;
      bed.statusChangedAt = now;
      await em.save(bed);
      const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: bed.shelterId });
      await this.audit.record(em, p, now, 'SET_BED_STATUS', 'bed', bed.id, { status: input.status });
      await this.emitBedsChanged(em, [shelter.regionCode], freed, [shelter.id]);
      return bed;
    });
  }

  /**
   * Free beds by region and category, counting AVAILABLE beds of OPEN shelters;
   * regions whose open shelters have no bed are left out. `regionCodes` empty
   * or missing = every region. One read of region_availability (a row per
   * region, kept by triggers in the same transaction as every bed, room or
   * shelter change): nothing is aggregated at read time.
   */
  async availability(regionCodes?: string[]): Promise<RegionAvailability[]> {
    const rows: Record<string, string | number | Date | null>[] = await this.dataSource.query(
      `SELECT ${AVAILABILITY_COLUMNS} FROM region_availability
        WHERE total_beds > 0 AND ($1::text[] IS NULL OR region_code = ANY($1))
        ORDER BY region_code`,
      [regionCodes && regionCodes.length ? regionCodes : null],
    );
    return rows.map((row) => ({
      regionCode: row.region_code as string,
      counts: Object.fromEntries(Object.values(BedCategory).map((c) => [c, Number(row[c])])) as Record<BedCategory, number>,
      totalBeds: Number(row.total_beds),
      oldestUpdateAt: (row.oldest_update_at as Date | null) ?? null,
    }));
  }

  /**
   * Free beds of one category in one region (or everywhere when null), for
   * capacity alerts: read from region_availability like `availability`.
   */
  async freeBeds(em: EntityManager, regionCode: string | null, category: BedCategory): Promise<number> {
    const rows: { n: string | null }[] = await em.query(
      `SELECT sum(${REGION_AVAILABILITY_COLUMN[category]}) AS n FROM region_availability WHERE ($1::text IS NULL OR region_code = $1)`,
      [regionCode],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Writes a BEDS_CHANGED event for the capacity and (when beds freed) waitlist
   * workers, and for live updates: `shelterIds` names the shelters whose beds
   * changed (their staff's boards refresh; empty: the regions' only).
   */
  async emitBedsChanged(em: EntityManager, regionCodes: string[], freed: boolean, shelterIds: string[] = []): Promise<void> {
    const regions = [...new Set(regionCodes)].sort();
    await this.outbox.emit(em, {
      type: OutboxEventType.BEDS_CHANGED,
      aggregateType: 'region',
      aggregateId: regions.join(',').slice(0, 64),
      payload: { regionCodes: regions, freed, ...(shelterIds.length ? { shelterIds: [...new Set(shelterIds)].sort() } : {}) },
    });
  }

  async findShelters(ids: readonly string[]): Promise<ShelterEntity[]> {
    return ids.length ? this.dataSource.getRepository(ShelterEntity).findBy({ id: In([...ids]) }) : [];
  }

  /**
   * Writes the location fields present in `input` (null clears one) to the
   * shelter's shelter_location row, creating it on first use; does nothing
   * when `input` names none.
   */
  private async saveLocation(em: EntityManager, shelterId: string, input: Partial<ShelterInput>): Promise<void> {
    const given = LOCATION_FIELDS.filter((k) => input[k] !== undefined);
    if (given.length === 0) return;
    const repo = em.getRepository(ShelterLocationEntity);
    const location = (await repo.findOneBy({ shelterId })) ?? repo.create({ shelterId, address: null, postcode: null, latitude: null, longitude: null });
    for (const k of given) (location as unknown as Record<string, unknown>)[k] = input[k] ?? null;
    await repo.save(location);
  }

  private async requireRegion(em: EntityManager, code: string, field: string): Promise<void> {
    if (!(await em.getRepository(RegionEntity).existsBy({ code: normaliseRegionCode(code) }))) {
      throw new BadUserInputError(ValidationReason.UNKNOWN_VALUE, `Unknown region ${code}`, field);
    }
  }

  private normalise(input: Partial<ShelterInput>): Partial<ShelterEntity> {
    const out: Partial<ShelterEntity> = {};
    if (input.codeName !== undefined) out.codeName = input.codeName.trim();
    if (input.regionCode !== undefined) out.regionCode = normaliseRegionCode(input.regionCode);
    if (input.genderPolicy !== undefined) out.genderPolicy = input.genderPolicy;
    if (input.acceptsFamilies !== undefined) out.acceptsFamilies = input.acceptsFamilies;
    if (input.acceptsMinors !== undefined) out.acceptsMinors = input.acceptsMinors;
    if (input.adultMaxAge !== undefined) {
      const age = input.adultMaxAge;
      if (age !== null && (!Number.isInteger(age) || age < ADULT_MAX_AGE_RANGE.min || age > ADULT_MAX_AGE_RANGE.max)) {
        throw new BadUserInputError(
          ValidationReason.OUT_OF_RANGE,
          `adultMaxAge must be a whole number from ${ADULT_MAX_AGE_RANGE.min} to ${ADULT_MAX_AGE_RANGE.max}, or null`,
          'input.adultMaxAge',
        );
      }
      out.adultMaxAge = age;
    }
    // adultMaxAge belongs to shelters for minors: turning acceptsMinors off clears it, so an old limit
    // cannot come back silently when it is turned on again.
    if (input.acceptsMinors === false) {
      if (input.adultMaxAge != null) {
        throw new BadUserInputError(
          ValidationReason.INCONSISTENT,
          'adultMaxAge applies only to a shelter that takes minors (acceptsMinors: true)',
          'input.adultMaxAge',
        );
      }
      out.adultMaxAge = null;
    }
    if (input.languages !== undefined) out.languages = normaliseLanguages(input.languages, 'input.languages');
    if (input.specialisms !== undefined) out.specialisms = [...new Set(input.specialisms)];
    // A blank contact line is no contact line (as a blank staffEmail is no address): stored as null, never as "".
    if (input.contactLine !== undefined) out.contactLine = input.contactLine?.trim() || null;
    if (input.webhookUrl !== undefined) out.webhookUrl = input.webhookUrl;
    if (input.staffEmail !== undefined) out.staffEmail = normaliseEmail(input.staffEmail, 'input.staffEmail');
    if (input.holdHours !== undefined) {
      if (input.holdHours !== null && (!Number.isInteger(input.holdHours) || input.holdHours < HOLD_HOURS_MIN || input.holdHours > HOLD_HOURS_MAX)) {
        throw new BadUserInputError(
          ValidationReason.OUT_OF_RANGE,
          `holdHours must be a whole number from ${HOLD_HOURS_MIN} to ${HOLD_HOURS_MAX}, or null for HOLD_HOURS`,
          'input.holdHours',
        );
      }
      out.holdHours = input.holdHours;
    }
    return out;
  }
}
