import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batch assignment (issue 5): a waitlist hold records why it was offered: the
 * referral's priority and its parts (libs/domain assignment.ts priorityOf), and
 * the batch run it came from (when, over how many waiting referrals and free
 * rooms, the policy's objective and this offer's share). Holds from a
 * placement request keep NULL/empty values.
 */
export class BatchAssignment1765094400000 implements MigrationInterface {
  name = 'BatchAssignment1765094400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE hold
        ADD COLUMN priority double precision,
        ADD COLUMN priority_reasons jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN assignment jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hold DROP COLUMN assignment, DROP COLUMN priority_reasons, DROP COLUMN priority;`);
  }
}
