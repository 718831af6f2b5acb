import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox_event.request_id`: the id of the HTTP request whose transaction
 * wrote the event (null for the worker's own sweeps and the CLI), so the jobs
 * the relay makes from it carry the request id into the worker's logs.
 */
export class OutboxRequestId1765700000000 implements MigrationInterface {
  name = 'OutboxRequestId1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event ADD COLUMN request_id varchar(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event DROP COLUMN IF EXISTS request_id`);
  }
}
