import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email as a second delivery channel, and who receives it: an agency's contact
 * address (its referral officers), a shelter's staff address, and a region's
 * coordinator addresses (capacity alerts). A notification row is now one
 * delivery on one channel: WEBHOOK rows (as before; the URL is looked up when
 * delivering) and EMAIL rows, one per recipient address, each with its own
 * idempotency key.
 */
export class EmailRecipients1765008000000 implements MigrationInterface {
  name = 'EmailRecipients1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agency ADD COLUMN email varchar(254);
      ALTER TABLE shelter ADD COLUMN staff_email varchar(254);
      ALTER TABLE region ADD COLUMN coordinator_emails text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(coordinator_emails) <= 20);
      ALTER TABLE notification
        ADD COLUMN channel varchar(16) NOT NULL DEFAULT 'WEBHOOK' CHECK (channel IN ('WEBHOOK','EMAIL')),
        ADD COLUMN recipient varchar(254),
        ADD CONSTRAINT notification_email_recipient CHECK (channel <> 'EMAIL' OR recipient IS NOT NULL);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE channel = 'EMAIL';
      ALTER TABLE notification DROP CONSTRAINT IF EXISTS notification_email_recipient,
        DROP COLUMN recipient, DROP COLUMN channel;
      ALTER TABLE region DROP COLUMN coordinator_emails;
      ALTER TABLE shelter DROP COLUMN staff_email;
      ALTER TABLE agency DROP COLUMN email;
    `);
  }
}
