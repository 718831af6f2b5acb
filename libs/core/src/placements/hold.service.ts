import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { assertReferralTransition, BedStatus, HoldSource, HoldStatus, holdHoursFor, ReferralStatus } from '@harbour/domain';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../identity/principal';
import { BedEntity } from '../network/bed.entity';
import { NetworkService } from '../network/network.service';
import { ShelterEntity } from '../network/shelter.entity';
import { AudienceType, NotificationKind } from '../notifications/notification.entity';
import { NotificationService } from '../notifications/notification.service';
import { OutboxEventType, OutboxService } from '../outbox/outbox.service';
import { queryReturning } from '../persistence/transactions';
import { ReferralEntity } from '../referrals/referral.entity';
import { WaitlistCloseReason } from '../waitlist/waitlist-entry.entity';
import { WaitlistService } from '../waitlist/waitlist.service';
import { BedClaimEntity } from './bed-claim.entity';
import { HoldEntity } from './hold.entity';
import { MatchingService, RankedRoom } from './matching.service';

/** How many ranked shelters `claimBest` tries to lock a room in before giving up. */
const MAX_CLAIM_ATTEMPTS = 25;

/**
 * Holds on beds: claiming beds for a referral (the hold, its bed claims, the
 * referral HELD, the notices) and releasing them again. Every method runs
 * inside the caller's transaction; beds are locked with SKIP LOCKED and the
 * database's one-live-claim-per-bed index is the last word.
 */
@Injectable()
export class HoldService {
  constructor(
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly matching: MatchingService,
    private readonly network: NetworkService,
    private readonly waitlist: WaitlistService,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Tries the referral's ranked rooms in order (the first MAX_CLAIM_ATTEMPTS
   * shelters, each shelter's fitting rooms in turn); on the first whose beds
   * can be locked, creates the hold. Shelters in `excludeShelterIds` are
   * skipped. Returns null when none can be locked. `lockMode` 'skip' (a
   * transaction that already holds capacity locks: MatchingService.lockBeds)
   * passes over rooms it cannot lock at once.
   */
  async claimBest(
    em: EntityManager,
    referral: ReferralEntity,
    source: HoldSource,
    p: Principal,
    now: Date,
    regionCodes?: string[],
    excludeShelterIds: readonly string[] = [],
    lockMode: 'wait' | 'skip' = 'wait',
  ): Promise<HoldEntity | null> {
    const ranked = (await this.matching.candidates(em, referral, regionCodes)).filter((c) => !excludeShelterIds.includes(c.shelterId));
    for (const candidate of ranked.slice(0, MAX_CLAIM_ATTEMPTS)) {
      for (const roomId of await this.matching.fittingRooms(em, candidate, referral)) {
        const bedIds = await this.matching.lockBeds(em, roomId, referral, lockMode);
        if (bedIds) return this.createHold(em, referral, { ...candidate, roomId }, bedIds, source, p, now);
      }
    }
    return null;
  }

  /**
   * Creates an ACTIVE hold of `bedIds` (already locked) in the candidate's room
   * for HOLD_HOURS: bed claims, beds HELD, the waitlist entry closed as
   * OFFERED, the referral HELD, the expiry job (outbox), and notices to the
   * agency and the shelter (HOLD_OFFERED; the shelter's also carries
   * `roomLabel` and `bedLabels`, which room and beds to prepare). `why` records the waitlist priority and run for
   * offers made by the batch assignment.
   */
  async createHold(
    em: EntityManager,
    referral: ReferralEntity,
    candidate: RankedRoom,
    bedIds: string[],
    source: HoldSource,
    p: Principal,
    now: Date,
    why: Pick<HoldEntity, 'priority' | 'priorityReasons' | 'assignment'> = { priority: null, priorityReasons: [], assignment: null },
  ): Promise<HoldEntity> {
    // The shelter's own hold length (a hospital or custody handover takes longer), else HOLD_HOURS, and
    // the room and bed labels staff prepare, in one statement.
    const [place]: { hold_hours: number | null; room_label: string; bed_labels: string[] }[] = await em.query(
      `SELECT s.hold_hours, r.label AS room_label,
              ARRAY(SELECT b.label FROM bed b WHERE b.id = ANY($3::uuid[]) ORDER BY b.label, b.id) AS bed_labels
         FROM shelter s JOIN room r ON r.shelter_id = s.id WHERE s.id = $1 AND r.id = $2`,
      [candidate.shelterId, candidate.roomId, bedIds],
    );
    const expiresAt = new Date(now.getTime() + holdHoursFor(place?.hold_hours, this.config.HOLD_HOURS) * 3_600_000);
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
    await em
      .getRepository(BedClaimEntity)
      .insert(bedIds.map((bedId) => ({ bedId, referralId: referral.id, holdId: hold.id, placementId: null, claimedAt: now, releasedAt: null })));
    await em.getRepository(BedEntity).update({ id: In(bedIds) }, { status: BedStatus.HELD, statusChangedAt: now });
    await this.waitlist.close(em, referral.id, WaitlistCloseReason.OFFERED, now);
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
      {
        kind: NotificationKind.HOLD_OFFERED,
        audienceType: AudienceType.AGENCY,
        audienceId: referral.agencyId,
        idempotencyKey: `hold-offered:${hold.id}:agency`,
        payload,
      },
      now,
    );
    await this.notifications.create(
      em,
      {
        kind: NotificationKind.HOLD_OFFERED,
        audienceType: AudienceType.SHELTER,
        audienceId: candidate.shelterId,
        idempotencyKey: `hold-offered:${hold.id}:shelter`,
        // Which room and beds to prepare: the shelter's staff only (officers never see a shelter's layout).
        payload: { ...payload, roomLabel: place.room_label, bedLabels: place.bed_labels },
      },
      now,
    );
    await this.audit.record(em, p, now, 'CREATE_HOLD', 'hold', hold.id, { source, beds: bedIds.length });
    return hold;
  }

  /**
   * The shelters each referral must not be offered again automatically: those
   * where a hold of it ended DECLINED or EXPIRED (docs/waiting.md, "When a hold
   * ends without an arrival"). Read in the caller's transaction.
   * @returns referral id → shelter ids (referrals with none are absent).
   */
  async excludedShelters(em: EntityManager, referralIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!referralIds.length) return out;
    const rows: { referral_id: string; shelter_ids: string[] }[] = await em.query(
      `SELECT referral_id, array_agg(DISTINCT shelter_id) AS shelter_ids FROM hold
        WHERE referral_id = ANY($1::uuid[]) AND status IN ('DECLINED','EXPIRED') GROUP BY referral_id`,
      [referralIds],
    );
    for (const r of rows) out.set(r.referral_id, r.shelter_ids);
    return out;
  }

  /** Resolves a hold with `status` and `note`, releases its beds and tells the waitlist they are free. */
  async releaseHold(em: EntityManager, hold: HoldEntity, status: HoldStatus, now: Date, note: string | null) {
    hold.status = status;
    hold.resolvedAt = now;
    hold.resolutionNote = note;
    await em.save(hold);
    const bedIds = await this.releaseClaims(em, { holdId: hold.id }, now);
    const shelter = await em.getRepository(ShelterEntity).findOneByOrFail({ id: hold.shelterId });
    if (bedIds.length) await this.network.emitBedsChanged(em, [shelter.regionCode], true);
  }

  /** Releases live claims and sets their beds AVAILABLE again. Returns the bed ids. */
  async releaseClaims(em: EntityManager, where: { holdId?: string; placementId?: string }, now: Date) {
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
}
