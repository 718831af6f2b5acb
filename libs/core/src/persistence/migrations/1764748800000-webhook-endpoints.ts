import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery state per webhook URL: consecutive failures, and when it was paused
 * after too many (deliveries to a paused endpoint wait until a coordinator
 * resumes it). Notifications gain a DEAD status: every attempt failed.
 */
export class WebhookEndpoints1764748800000 implements MigrationInterface {
  name = 'WebhookEndpoints1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoint (
        url text PRIMARY KEY,
        consecutive_failures int NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        paused_at timestamptz,
        last_error text,
        last_success_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE notification DROP CONSTRAINT notification_status_check;
      ALTER TABLE notification ADD CONSTRAINT notification_status_check
        CHECK (status IN ('PENDING','SENT','FAILED','DEAD','UNDELIVERABLE'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE notification SET status = 'FAILED' WHERE status = 'DEAD';
      ALTER TABLE notification DROP CONSTRAINT notification_status_check;
      ALTER TABLE notification ADD CONSTRAINT notification_status_check
        CHECK (status IN ('PENDING','SENT','FAILED','UNDELIVERABLE'));
      DROP TABLE IF EXISTS webhook_endpoint;
    `);
  }
}
