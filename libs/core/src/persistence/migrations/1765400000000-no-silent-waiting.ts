import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No silent waiting (issue 9; docs/waiting.md):
 *
 * - `referral.provision_finding`: the last intake check's finding when no room
 *   in the network could take the household even with every bed free
 *   (libs/domain provision.ts assessProvision: rules with shelter counts, what
 *   provision would fit); NULL when the last check found provision or none ran.
 *   `provision_checked_at` is when it was made. The referral table's RLS covers both.
 * - `escalation`: a waiting referral not offered a bed within its urgency's
 *   time (ESCALATION_AFTER_HOURS_*), put before its regions' coordinators. One
 *   per waitlist entry (unique), so a job run twice or by two workers opens one.
 *   RLS as for `waitlist_entry`: coordinators and the worker every row,
 *   referral officers those of referrals they see; writes SERVICE only.
 */
export class NoSilentWaiting1765400000000 implements MigrationInterface {
  name = 'NoSilentWaiting1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      ALTER TABLE referral
        ADD COLUMN provision_finding jsonb,
        ADD COLUMN provision_checked_at timestamptz;

      CREATE TABLE escalation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral(id),
        waitlist_entry_id uuid NOT NULL REFERENCES waitlist_entry(id),
        urgency varchar(16) NOT NULL CHECK (urgency IN ('EMERGENCY','URGENT','ROUTINE')),
        region_codes text[] NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL CHECK (status IN ('OPEN','CLAIMED','ACKNOWLEDGED','RESOLVED')),
        waiting_since timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        claimed_by varchar(200),
        claimed_at timestamptz,
        acknowledged_by varchar(200),
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolution varchar(16) CHECK (resolution IN ('OFFERED','LEFT_WAITLIST')),
        CONSTRAINT escalation_one_per_wait UNIQUE (waitlist_entry_id),
        CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL))
      );
      CREATE INDEX escalation_unresolved_idx ON escalation (opened_at DESC, id) WHERE status <> 'RESOLVED';
      CREATE INDEX escalation_referral_idx ON escalation (referral_id);

      ALTER TABLE escalation ENABLE ROW LEVEL SECURITY;
      ALTER TABLE escalation FORCE ROW LEVEL SECURITY;
      CREATE POLICY escalation_read ON escalation FOR SELECT USING ((SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'REFERRAL_OFFICER' AND referral_id IN (SELECT id FROM referral)));
      CREATE POLICY escalation_service_write ON escalation FOR ALL
        USING ((SELECT harbour_caller_role()) = 'SERVICE') WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      DROP TABLE escalation;
      ALTER TABLE referral DROP COLUMN provision_checked_at, DROP COLUMN provision_finding;
    `);
  }
}
