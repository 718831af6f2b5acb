import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-user notification inbox (issue 10, "Live, and honest without a
 * signal"; docs/web-app.md):
 *
 * - `notification` becomes readable by its audience: a referral officer reads
 *   the WEBHOOK-channel rows addressed to their agency (audience AGENCY), shelter
 *   staff those addressed to one of their shelters (audience SHELTER). The
 *   WEBHOOK row is the one row every event has (NotificationService.create);
 *   EMAIL rows, which carry a recipient address, stay coordinators' and the
 *   worker's. Coordinators and the worker still read every row.
 * - `notification_receipt`: one row per notification and user (token `sub`)
 *   once that user has read or acted on it. Readable where its notification is
 *   (a subquery on `notification`, which applies that table's policy); written
 *   by SERVICE only, after the application's check (InboxService).
 */
export class NotificationInbox1767800000000 implements MigrationInterface {
  name = 'NotificationInbox1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      DROP POLICY notification_read ON notification;
      CREATE POLICY notification_read ON notification FOR SELECT USING ((SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'REFERRAL_OFFICER' AND channel = 'WEBHOOK' AND audience_type = 'AGENCY'
            AND audience_id = (SELECT harbour_caller_agency()))
        OR ((SELECT harbour_caller_role()) = 'SHELTER_STAFF' AND channel = 'WEBHOOK' AND audience_type = 'SHELTER'
            AND audience_id = ANY((SELECT harbour_caller_shelters())::uuid[])));
      -- The inbox reads an audience's notifications newest first.
      CREATE INDEX notification_inbox_idx ON notification (audience_type, audience_id, created_at DESC, id) WHERE channel = 'WEBHOOK';

      CREATE TABLE notification_receipt (
        notification_id uuid NOT NULL REFERENCES notification(id) ON DELETE CASCADE,
        subject varchar(200) NOT NULL,
        read_at timestamptz,
        acted_at timestamptz,
        PRIMARY KEY (notification_id, subject),
        CHECK (acted_at IS NULL OR read_at IS NOT NULL)
      );
      CREATE INDEX notification_receipt_subject_idx ON notification_receipt (subject);
      ALTER TABLE notification_receipt ENABLE ROW LEVEL SECURITY;
      ALTER TABLE notification_receipt FORCE ROW LEVEL SECURITY;
      CREATE POLICY notification_receipt_read ON notification_receipt FOR SELECT USING ((SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) IN ('REFERRAL_OFFICER', 'SHELTER_STAFF') AND notification_id IN (SELECT id FROM notification)));
      CREATE POLICY notification_receipt_service_write ON notification_receipt FOR ALL
        USING ((SELECT harbour_caller_role()) = 'SERVICE') WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      DROP TABLE notification_receipt;
      DROP INDEX notification_inbox_idx;
      DROP POLICY notification_read ON notification;
      CREATE POLICY notification_read ON notification FOR SELECT USING ((SELECT harbour_caller_sees_all()));
    `);
  }
}
