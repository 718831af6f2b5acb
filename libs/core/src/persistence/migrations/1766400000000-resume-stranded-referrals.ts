import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals left OPEN after a hold of theirs was declined or expired (before
 * such a referral went back to finding a bed by itself; docs/waiting.md, "When
 * a hold ends without an arrival") join the waitlist, keeping the time they
 * first started waiting (their first waitlist entry or first hold, whichever is
 * earlier). The worker's job reconciler then schedules their escalations (due
 * at once when they have waited past their urgency's time), and the next
 * waitlist assignment offers them beds. Priority is the urgency's rank
 * (EMERGENCY 3, URGENT 2, ROUTINE 1: libs/domain waitlistPriority).
 */
export class ResumeStrandedReferrals1766400000000 implements MigrationInterface {
  name = 'ResumeStrandedReferrals1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH stranded AS (
        SELECT r.id, r.urgency,
               least((SELECT min(w.joined_at) FROM waitlist_entry w WHERE w.referral_id = r.id),
                     (SELECT min(h.created_at) FROM hold h WHERE h.referral_id = r.id)) AS since
          FROM referral r
         WHERE r.status = 'OPEN'
           AND EXISTS (SELECT 1 FROM hold h WHERE h.referral_id = r.id AND h.status IN ('DECLINED','EXPIRED'))
           AND NOT EXISTS (SELECT 1 FROM hold h WHERE h.referral_id = r.id AND h.status = 'ACTIVE')
           AND NOT EXISTS (SELECT 1 FROM waitlist_entry w WHERE w.referral_id = r.id AND w.status = 'WAITING')
      ), joined AS (
        INSERT INTO waitlist_entry (referral_id, urgency, priority, joined_at, status)
        SELECT id, urgency, CASE urgency WHEN 'EMERGENCY' THEN 3 WHEN 'URGENT' THEN 2 ELSE 1 END, since, 'WAITING' FROM stranded
        RETURNING referral_id
      )
      UPDATE referral SET status = 'WAITLISTED' WHERE id IN (SELECT referral_id FROM joined)
    `);
  }

  async down(): Promise<void> {
    // Data only: the referrals stay on the waitlist (putting them back to silent waiting would be the bug again).
  }
}
