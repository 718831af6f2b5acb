import DataLoader from 'dataloader';
import {
  AgencyEntity,
  AlertRuleEntity,
  AuditService,
  BedEntity,
  DecisionEntity,
  HoldEntity,
  PlacementEntity,
  Principal,
  QueryService,
  RecoveryPeriodEntity,
  ReferralEntity,
  ReminderEntity,
  RoomEntity,
  ShelterEntity,
  ShelterLocationEntity,
  inTransaction,
  LeaveGrantEntity,
  RecoveryNeedsAssessmentEntity,
} from '@harbour/core';
import { HoldStatus } from '@harbour/domain';
import { Clock } from '@harbour/platform';
import { DataSource, ObjectLiteral } from 'typeorm';

/** Free, held, occupied and total beds of one shelter. */
export interface BedCounts {
  total: number;
  free: number;
  held: number;
  occupied: number;
}

const NO_BEDS: BedCounts = { total: 0, free: 0, held: 0, occupied: 0 };

type Keyed<T> = T & ObjectLiteral;

/** One row (or null) per key, in key order. */
function byKey<T extends ObjectLiteral>(rows: T[], key: (row: T) => string, keys: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Every row per key (possibly none), in key order, each group sorted by `order`. */
function groupBy<T extends ObjectLiteral>(rows: T[], key: (row: T) => string, keys: readonly string[], order?: (a: T, b: T) => number): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => {
    const list = map.get(k) ?? [];
    return order ? list.sort(order) : list;
  });
}

/**
 * Per-request DataLoaders (created in the GraphQL context factory, never
 * shared between requests, so nothing leaks between callers): each batches the
 * look-ups of one GraphQL request into one query per kind, whatever the number
 * of parent rows. Visibility is checked by the resolvers that use them, and
 * again by PostgreSQL: every batch runs as this request's principal
 * (QueryService, withCaller), so row-level security drops what it may not see.
 */
export class Loaders {
  constructor(
    private readonly query: QueryService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly principal: Principal | null,
  ) {}

  private one<T extends ObjectLiteral>(entity: new () => T, column: keyof T & string) {
    return new DataLoader<string, Keyed<T> | null>(async (keys) =>
      byKey(await this.query.loadBy(this.principal, entity, column, keys), (r) => String(r[column]), keys),
    );
  }

  private many<T extends ObjectLiteral>(entity: new () => T, column: keyof T & string, order?: (a: T, b: T) => number) {
    return new DataLoader<string, T[]>(async (keys) =>
      groupBy(await this.query.loadBy(this.principal, entity, column, keys), (r) => String(r[column]), keys, order),
    );
  }

  private nowOnce: Promise<Date> | null = null;

  /** Harbour's clock, read once per request (the adjustable clock reads PostgreSQL). */
  now(): Promise<Date> {
    this.nowOnce ??= this.clock.now();
    return this.nowOnce;
  }

  readonly shelter = this.one(ShelterEntity, 'id');
  /** A shelter's secret location (null when none is recorded, or row-level security hides it from this caller). */
  readonly location = this.one(ShelterLocationEntity, 'shelterId');
  readonly room = this.one(RoomEntity, 'id');
  readonly referral = this.one(ReferralEntity, 'id');
  readonly agency = this.one(AgencyEntity, 'id');
  readonly hold = this.one(HoldEntity, 'id');
  readonly placement = this.one(PlacementEntity, 'id');
  readonly alertRule = this.one(AlertRuleEntity, 'id');
  /** The placement of a referral (at most one: unique referral_id). */
  readonly placementByReferral = this.one(PlacementEntity, 'referralId');

  /** Every hold a referral ever had, oldest first. */
  readonly holdsByReferral = this.many(HoldEntity, 'referralId', (a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  /** The ACTIVE hold of a referral, if any (at most one). */
  readonly activeHoldByReferral = new DataLoader<string, HoldEntity | null>(async (keys) => {
    const lists = await this.holdsByReferral.loadMany(keys);
    return lists.map((l) => (l instanceof Error ? l : (l.find((h) => h.status === HoldStatus.ACTIVE) ?? null)));
  });

  readonly recoveryPeriodsByPlacement = this.many(RecoveryPeriodEntity, 'placementId', (a, b) => a.sequence - b.sequence);
  readonly remindersByPlacement = this.many(ReminderEntity, 'placementId', (a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.offsetDays - b.offsetDays);
  readonly recoveryNeedsAssessmentsByPlacement = this.many(
    RecoveryNeedsAssessmentEntity,
    'placementId',
    (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime(),
  );
  readonly leaveGrantsByPlacement = this.many(LeaveGrantEntity, 'placementId', (a, b) => a.grantedOn.localeCompare(b.grantedOn));
  readonly decisionsByReferral = this.many(DecisionEntity, 'referralId', (a, b) => a.decidedOn.localeCompare(b.decidedOn) || b.type.localeCompare(a.type));
  readonly roomsByShelter = this.many(RoomEntity, 'shelterId', (a, b) => a.label.localeCompare(b.label));
  readonly bedsByRoom = this.many(BedEntity, 'roomId', (a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));

  /** The beds a hold claimed (a placement's are its hold's), by label: one query for every hold of the request. */
  readonly bedsByHold = new DataLoader<string, BedEntity[]>(async (keys) => {
    const beds = await this.query.bedsOfHolds(this.principal, keys);
    return keys.map((k) => (beds.get(k) ?? []).sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true })));
  });

  readonly bedCounts = new DataLoader<string, BedCounts>(async (keys) => {
    const counts = await this.query.bedCounts(this.principal, keys);
    return keys.map((k) => counts.get(k) ?? NO_BEDS);
  });

  /** 1-based waitlist position of a WAITING referral; null when it is not waiting. */
  readonly waitlistPosition = new DataLoader<string, number | null>(async (keys) => {
    const positions = await this.query.waitlistPositions(this.principal, keys);
    return keys.map((k) => positions.get(k) ?? null);
  });

  /**
   * Audits that the caller read a shelter's location (docs/architecture.md, Privacy and security: every
   * read of a location is audited): one READ_SHELTER_LOCATION event per shelter
   * per request, all in one transaction (a command: inTransaction, as SERVICE;
   * the audit trail is not the caller's to write directly).
   */
  readonly locationRead = this.readAudit('READ_SHELTER_LOCATION', 'shelter');

  /**
   * Audits that the caller read a referral's details (issue 3, Audit: every read
   * of a location or of referral details): one READ_REFERRAL event per referral
   * per request, written like READ_SHELTER_LOCATION.
   */
  readonly referralRead = this.readAudit('READ_REFERRAL', 'referral');

  /** A DataLoader writing one `action` audit event per id per request, all in one transaction (as SERVICE). */
  private readAudit(action: string, entityType: string): DataLoader<string, true> {
    return new DataLoader<string, true>(async (ids) => {
      const p = this.principal;
      if (p) {
        await inTransaction(this.dataSource, async (em) => {
          const at = await this.now();
          for (const id of ids) await this.audit.record(em, p, at, action, entityType, id);
        });
      }
      return ids.map(() => true as const);
    });
  }
}
