import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { assertReferralTransition, EscalationResolution, ReferralStatus, waitlistPriority } from '@harbour/domain';
import { EscalationService } from '../escalations/escalation.service';
import { ReferralEntity } from '../referrals/referral.entity';
import { WaitlistCloseReason, WaitlistEntryEntity, WaitlistStatus } from './waitlist-entry.entity';

/** Advisory lock key held while a referral joins the waitlist. */
const WAITLIST_JOIN_LOCK_KEY = 726_384_003;

/**
 * Waitlist entries: joining (the referral becomes WAITLISTED), leaving (offered
 * or withdrawn) and the position in the waitlist order (priority, then time
 * joined, then id). Every method runs inside the caller's transaction.
 */
@Injectable()
export class WaitlistService {
  constructor(private readonly escalations: EscalationService) {}

  /**
   * Serialises joiners until the transaction ends (a transaction-level
   * advisory lock, one for the whole waitlist since positions are
   * network-wide), so that concurrent joiners get distinct positions in the
   * order they joined: take it before reading the clock for `joinedAt`, and as
   * late as possible: every statement after it, up to COMMIT, is time every
   * other joiner waits (surge intake and placement requests do their searches,
   * checks and audit records first; docs/waiting.md, "Joining").
   */
  async lockJoins(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [WAITLIST_JOIN_LOCK_KEY]);
  }

  /**
   * Puts the referral on the waitlist (priority from its urgency) and marks it
   * WAITLISTED; returns its WAITING entry if it already has one. `joinedAt` is
   * `now`, or `waitingSince` for a referral coming back after a hold ended
   * without an arrival (it keeps its place: docs/waiting.md).
   * @throws CONFLICT (assertReferralTransition) when the referral cannot wait.
   */
  async join(em: EntityManager, referral: ReferralEntity, now: Date, waitingSince: Date = now): Promise<WaitlistEntryEntity> {
    const existing = await em.getRepository(WaitlistEntryEntity).findOneBy({
      referralId: referral.id,
      status: WaitlistStatus.WAITING,
    });
    if (existing) return existing;
    const entry = await em.getRepository(WaitlistEntryEntity).save({
      referralId: referral.id,
      urgency: referral.urgency,
      priority: waitlistPriority(referral.urgency),
      joinedAt: waitingSince,
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

  /**
   * {@link join} for referrals that have just been created (OPEN, no entry
   * yet: surge intake), all with `joinedAt`, in three statements whatever
   * their number, so the join lock is held briefly. Returns the entries in
   * input order.
   * @throws CONFLICT (assertReferralTransition) when a referral cannot wait; nothing is written then.
   */
  async joinNew(em: EntityManager, referrals: readonly ReferralEntity[], joinedAt: Date): Promise<WaitlistEntryEntity[]> {
    if (!referrals.length) return [];
    for (const referral of referrals) assertReferralTransition(referral.status, ReferralStatus.WAITLISTED);
    const rows = referrals.map((referral) => ({
      referralId: referral.id,
      urgency: referral.urgency,
      priority: waitlistPriority(referral.urgency),
      joinedAt,
      status: WaitlistStatus.WAITING,
      closedAt: null,
      closeReason: null,
    }));
    const inserted = await em.getRepository(WaitlistEntryEntity).insert(rows);
    const entries = rows.map((row, i) => Object.assign(new WaitlistEntryEntity(), row, { id: inserted.identifiers[i].id as string }));
    await this.escalations.scheduleMany(em, entries);
    await em.getRepository(ReferralEntity).update({ id: In(referrals.map((r) => r.id)) }, { status: ReferralStatus.WAITLISTED });
    for (const referral of referrals) referral.status = ReferralStatus.WAITLISTED;
    return entries;
  }

  /** Closes the referral's WAITING entry, if any, for `reason` (the referral's status is the caller's). */
  async close(em: EntityManager, referralId: string, reason: WaitlistCloseReason, now: Date): Promise<void> {
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
   * When the referral first started waiting for a bed: its first waitlist
   * entry's join time or its first hold's offer time, whichever is earlier
   * (null when it has neither). A referral waits in one stretch until it is
   * placed or leaves, so every earlier entry and hold belongs to this wait.
   */
  async waitingSince(em: EntityManager, referralId: string): Promise<Date | null> {
    const rows: { t: Date | null }[] = await em.query(
      `SELECT least((SELECT min(joined_at) FROM waitlist_entry WHERE referral_id = $1),
                    (SELECT min(created_at) FROM hold WHERE referral_id = $1)) AS t`,
      [referralId],
    );
    return rows[0]?.t ?? null;
  }

  /** Position (1-based) of a waiting entry in the waitlist order. */
  async position(em: EntityManager, entry: WaitlistEntryEntity): Promise<number> {
    const rows: { n: string }[] = await em.query(
      `SELECT count(*) AS n FROM waitlist_entry
        WHERE status = 'WAITING'
          AND (priority > $1 OR (priority = $1 AND (joined_at < $2 OR (joined_at = $2 AND id < $3))))`,
      [entry.priority, entry.joinedAt, entry.id],
    );
    return Number(rows[0].n) + 1;
  }
}
