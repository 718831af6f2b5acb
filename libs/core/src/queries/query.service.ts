import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityTarget, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BedCategory, EscalationStatus, HoldStatus, ReferralStatus, Role } from '@harbour/domain';
import { BadUserInputError, ForbiddenError, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { AlertEntity, AlertStatus } from '../alerts/alert.entity';
import { AlertRuleEntity } from '../alerts/alert-rule.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { EscalationEntity } from '../escalations/escalation.entity';
import { HOLD_STATES_SHOWING_REFERRAL, requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { BedEntity } from '../network/bed.entity';
import { ShelterEntity } from '../network/shelter.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { HoldEntity } from '../placements/hold.entity';
import { PlacementEntity } from '../placements/placement.entity';
import { ReferralEntity } from '../referrals/referral.entity';
import { WaitlistEntryEntity, WaitlistStatus } from '../waitlist/waitlist-entry.entity';
import { withCaller } from '../persistence/transactions';

/** A page of a list: Relay-style, offset cursors. */
export interface Page<T> {
  nodes: T[];
  /** Offset of the first node. */
  offset: number;
  hasNextPage: boolean;
  totalCount: number;
}

export interface PageArgs {
  /** 1..MAX_PAGE_SIZE (default 20). */
  first?: number | null;
  /** Opaque cursor of the last node of the previous page. */
  after?: string | null;
}

/** Encodes a list position as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

/**
 * The list position an opaque cursor of {@link encodeCursor} names.
 * @throws BadUserInputError (field `after`) when it is not such a cursor.
 */
export function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new BadUserInputError('after is not a cursor from this list', 'after');
  return Number(m[1]);
}

/**
 * Read side: scoped, paginated lists, and batch look-ups for the API's
 * per-request DataLoaders. Every list is filtered to what the principal may
 * see, twice: by the WHERE clauses here (access.ts), and by PostgreSQL's
 * row-level security, because every query runs inside withCaller as the
 * principal (docs/row-level-security.md).
 */
@Injectable()
export class QueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  /** Shelters: coordinators all, staff their own. @throws FORBIDDEN for officers. */
  async shelters(p: Principal, args: PageArgs & { regionCode?: string | null }): Promise<Page<ShelterEntity>> {
    requireRole(p, Role.COORDINATOR, Role.SHELTER_STAFF);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(ShelterEntity).createQueryBuilder('s').orderBy('s.code_name').addOrderBy('s.id');
      if (p.role === Role.SHELTER_STAFF) qb.andWhere('s.id = ANY(:ids)', { ids: p.shelterIds });
      if (args.regionCode) qb.andWhere('s.region_code = :region', { region: args.regionCode });
      return this.page(qb, args);
    });
  }

  /** Referrals: coordinators all, officers their agency's, staff those held or placed with them. @throws FORBIDDEN for any other role (fail closed). */
  async referrals(p: Principal, args: PageArgs & { status?: ReferralStatus | null }): Promise<Page<ReferralEntity>> {
    requireRole(p, Role.COORDINATOR, Role.SHELTER_STAFF, Role.REFERRAL_OFFICER);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(ReferralEntity).createQueryBuilder('r').orderBy('r.created_at', 'DESC').addOrderBy('r.id');
      this.scopeReferrals(qb, p, 'r');
      if (args.status) qb.andWhere('r.status = :status', { status: args.status });
      return this.page(qb, args);
    });
  }

  /** Holds: coordinators all, staff their shelters', officers their agency's. @throws FORBIDDEN for any other role (fail closed). */
  async holds(p: Principal, args: PageArgs & { status?: HoldStatus | null; shelterId?: string | null }): Promise<Page<HoldEntity>> {
    requireRole(p, Role.COORDINATOR, Role.SHELTER_STAFF, Role.REFERRAL_OFFICER);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(HoldEntity).createQueryBuilder('h').orderBy('h.created_at', 'DESC').addOrderBy('h.id');
      if (p.role === Role.SHELTER_STAFF) qb.andWhere('h.shelter_id = ANY(:ids)', { ids: p.shelterIds });
      if (p.role === Role.REFERRAL_OFFICER) {
        qb.andWhere('h.referral_id IN (SELECT id FROM referral WHERE agency_id = :agency)', { agency: p.agencyId });
      }
      if (args.status) qb.andWhere('h.status = :status', { status: args.status });
      if (args.shelterId) qb.andWhere('h.shelter_id = :sid', { sid: args.shelterId });
      return this.page(qb, args);
    });
  }

  /** Placements: coordinators all, staff their shelters', officers their agency's. @throws FORBIDDEN for any other role (fail closed). */
  async placements(p: Principal, args: PageArgs & { active?: boolean | null; shelterId?: string | null }): Promise<Page<PlacementEntity>> {
    requireRole(p, Role.COORDINATOR, Role.SHELTER_STAFF, Role.REFERRAL_OFFICER);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(PlacementEntity).createQueryBuilder('pl').orderBy('pl.started_at', 'DESC').addOrderBy('pl.id');
      if (p.role === Role.SHELTER_STAFF) qb.andWhere('pl.shelter_id = ANY(:ids)', { ids: p.shelterIds });
      if (p.role === Role.REFERRAL_OFFICER) {
        qb.andWhere('pl.referral_id IN (SELECT id FROM referral WHERE agency_id = :agency)', { agency: p.agencyId });
      }
      if (args.active != null) qb.andWhere(args.active ? "pl.status = 'ACTIVE'" : "pl.status = 'ENDED'");
      if (args.shelterId) qb.andWhere('pl.shelter_id = :sid', { sid: args.shelterId });
      return this.page(qb, args);
    });
  }

  /** Waiting entries in priority order: coordinators all, officers their agency's. */
  async waitlist(p: Principal, args: PageArgs): Promise<Page<WaitlistEntryEntity>> {
    requireRole(p, Role.COORDINATOR, Role.REFERRAL_OFFICER);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em
        .getRepository(WaitlistEntryEntity)
        .createQueryBuilder('w')
        .where('w.status = :s', { s: WaitlistStatus.WAITING })
        .orderBy('w.priority', 'DESC')
        .addOrderBy('w.joined_at', 'ASC')
        .addOrderBy('w.id', 'ASC');
      if (p.role === Role.REFERRAL_OFFICER) {
        qb.andWhere('w.referral_id IN (SELECT id FROM referral WHERE agency_id = :agency)', { agency: p.agencyId });
      }
      return this.page(qb, args);
    });
  }

  /** Capacity alerts, newest first (coordinators). */
  async alerts(
    p: Principal,
    args: PageArgs & { status?: AlertStatus | null; regionCode?: string | null; category?: BedCategory | null },
  ): Promise<Page<AlertEntity>> {
    requireRole(p, Role.COORDINATOR);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(AlertEntity).createQueryBuilder('a').orderBy('a.opened_at', 'DESC').addOrderBy('a.id');
      if (args.status) qb.andWhere('a.status = :status', { status: args.status });
      if (args.regionCode) qb.andWhere('a.region_code = :region', { region: args.regionCode });
      if (args.category) qb.andWhere('a.category = :cat', { cat: args.category });
      return this.page(qb, args);
    });
  }

  /** Escalations (coordinators): unresolved first, then newest first; optionally of one status or region. */
  async escalations(p: Principal, args: PageArgs & { status?: EscalationStatus | null; regionCode?: string | null }): Promise<Page<EscalationEntity>> {
    requireRole(p, Role.COORDINATOR);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em
        .getRepository(EscalationEntity)
        .createQueryBuilder('e')
        .orderBy(`CASE WHEN e.status = 'RESOLVED' THEN 1 ELSE 0 END`)
        .addOrderBy('e.opened_at', 'DESC')
        .addOrderBy('e.id');
      if (args.status) qb.andWhere('e.status = :status', { status: args.status });
      if (args.regionCode) qb.andWhere(':region = ANY(e.region_codes)', { region: args.regionCode.trim().toUpperCase() });
      return this.page(qb, args);
    });
  }

  /** Alert rules (coordinators). */
  async alertRules(p: Principal, args: PageArgs): Promise<Page<AlertRuleEntity>> {
    requireRole(p, Role.COORDINATOR);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(AlertRuleEntity).createQueryBuilder('ar').orderBy('ar.created_at').addOrderBy('ar.id');
      return this.page(qb, args);
    });
  }

  /** Stored notifications, newest first (coordinators). */
  async notifications(p: Principal, args: PageArgs & { kind?: string | null; audienceType?: string | null }): Promise<Page<NotificationEntity>> {
    requireRole(p, Role.COORDINATOR);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(NotificationEntity).createQueryBuilder('n').orderBy('n.created_at', 'DESC').addOrderBy('n.id');
      if (args.kind) qb.andWhere('n.kind = :kind', { kind: args.kind });
      if (args.audienceType) qb.andWhere('n.audience_type = :aud', { aud: args.audienceType });
      return this.page(qb, args);
    });
  }

  /** The audit trail, newest first, optionally for one record (coordinators). */
  async auditEvents(p: Principal, args: PageArgs & { entityType?: string | null; entityId?: string | null }): Promise<Page<AuditEventEntity>> {
    requireRole(p, Role.COORDINATOR, Role.AUDITOR);
    return withCaller(this.dataSource, p, async (em) => {
      const qb = em.getRepository(AuditEventEntity).createQueryBuilder('e').orderBy('e.id', 'DESC');
      if (args.entityType) qb.andWhere('e.entity_type = :t', { t: args.entityType });
      if (args.entityId) qb.andWhere('e.entity_id = :i', { i: args.entityId });
      return this.page(qb, args);
    });
  }

  /**
   * Loads rows whose `column` is one of `keys`, for DataLoaders: one query per
   * batch, whatever the number of parents, as `p` (row-level security drops the
   * rows `p` may not see; no principal sees no protected row). The resolvers
   * still check visibility themselves.
   */
  async loadBy<T extends ObjectLiteral>(p: Principal | null, entity: EntityTarget<T>, column: keyof T & string, keys: readonly string[]): Promise<T[]> {
    if (keys.length === 0) return [];
    return withCaller(this.dataSource, p, (em) => em.getRepository(entity).find({ where: { [column]: In([...keys]) } as never }));
  }

  /**
   * The beds each hold claimed (its bed claims, released or not: a placement's
   * beds are its hold's), by hold id, for DataLoaders: one statement for every
   * hold asked for. As `p`, so row-level security drops claims and beds `p` may not see.
   */
  async bedsOfHolds(p: Principal | null, holdIds: readonly string[]): Promise<Map<string, BedEntity[]>> {
    const out = new Map<string, BedEntity[]>();
    if (holdIds.length === 0) return out;
    const rows: Record<string, unknown>[] = await withCaller(this.dataSource, p, (em) =>
      em.query(
        `SELECT c.hold_id, b.id, b.room_id, b.shelter_id, b.label, b.status, b.out_of_service_reason,
                to_char(b.expected_return, 'YYYY-MM-DD') AS expected_return, b.status_changed_at
           FROM bed_claim c JOIN bed b ON b.id = c.bed_id
          WHERE c.hold_id = ANY($1::uuid[]) ORDER BY c.hold_id, b.label, b.id`,
        [[...holdIds]],
      ),
    );
    for (const r of rows) {
      const bed = Object.assign(new BedEntity(), {
        id: r.id,
        roomId: r.room_id,
        shelterId: r.shelter_id,
        label: r.label,
        status: r.status,
        outOfServiceReason: r.out_of_service_reason,
        expectedReturn: r.expected_return,
        statusChangedAt: r.status_changed_at,
      });
      const list = out.get(r.hold_id as string) ?? [];
      list.push(bed);
      out.set(r.hold_id as string, list);
    }
    return out;
  }

  /** Total and free bed counts per shelter, for DataLoaders. */
  async bedCounts(p: Principal | null, shelterIds: readonly string[]): Promise<Map<string, { total: number; free: number; held: number; occupied: number }>> {
    const rows: { shelter_id: string; total: string; free: string; held: string; occupied: string }[] = shelterIds.length
      ? await withCaller(this.dataSource, p, (em) =>
          em.query(
            `SELECT shelter_id, count(*) AS total,
                  count(*) FILTER (WHERE status = 'AVAILABLE') AS free,
                  count(*) FILTER (WHERE status = 'HELD') AS held,
                  count(*) FILTER (WHERE status = 'OCCUPIED') AS occupied
             FROM bed WHERE shelter_id = ANY($1::uuid[]) GROUP BY shelter_id`,
            [[...shelterIds]],
          ),
        )
      : [];
    return new Map(rows.map((r) => [r.shelter_id, { total: +r.total, free: +r.free, held: +r.held, occupied: +r.occupied }]));
  }

  /**
   * Waitlist positions (1-based, among every WAITING entry) by referral id, for
   * the referrals among `referralIds` that `p` may see. The rank needs entries
   * `p` may not see, so the database function harbour_waitlist_positions
   * computes it and returns only numbers; the referral filter applies `p`'s
   * row-level security.
   */
  async waitlistPositions(p: Principal | null, referralIds: readonly string[]): Promise<Map<string, number>> {
    if (referralIds.length === 0) return new Map();
    const rows: { referral_id: string; position: string }[] = await withCaller(this.dataSource, p, (em) =>
      em.query(
        `SELECT w.referral_id, w.place AS position FROM harbour_waitlist_positions($1::uuid[]) w
          WHERE w.referral_id IN (SELECT id FROM referral)`,
        [[...referralIds]],
      ),
    );
    return new Map(rows.map((r) => [r.referral_id, Number(r.position)]));
  }

  private scopeReferrals(qb: SelectQueryBuilder<ReferralEntity>, p: Principal, alias: string): void {
    if (p.role === Role.COORDINATOR || p.role === Role.SERVICE) return;
    if (p.role === Role.REFERRAL_OFFICER) {
      qb.andWhere(`${alias}.agency_id = :agency`, { agency: p.agencyId });
      return;
    }
    if (p.role === Role.SHELTER_STAFF) {
      qb.andWhere(
        new Brackets((w) =>
          w.where(`${alias}.id IN (SELECT referral_id FROM hold WHERE shelter_id = ANY(:ids) AND status = ANY(:states))`, {
            ids: p.shelterIds,
            states: HOLD_STATES_SHOWING_REFERRAL,
          }),
        ),
      );
      return;
    }
    throw new ForbiddenError();
  }

  private async page<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, args: PageArgs): Promise<Page<T>> {
    const max = this.config.MAX_PAGE_SIZE;
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > max) {
      throw new BadUserInputError(`first must be a whole number from 1 to ${max}`, 'first');
    }
    const offset = args.after ? decodeCursor(args.after) + 1 : 0;
    const [nodes, totalCount] = await qb.skip(offset).take(first).getManyAndCount();
    return { nodes, offset, hasNextPage: offset + nodes.length < totalCount, totalCount };
  }
}
