import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hold on waitlist assignment windows (docs/operations.md, "Replay"): until
 * `windows_held_until` (real time), a freed bed's assignment window does not
 * close by its real-time delay; it stays open until `closeAssignmentWindows`
 * closes it, so `harbour replay` decides what is batched together at each
 * simulated step instead of the timers (CLOCK_MODE=adjustable only). NULL: no hold.
 */
export class AssignmentWindowHold1767700000000 implements MigrationInterface {
  name = 'AssignmentWindowHold1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clock_setting ADD COLUMN windows_held_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clock_setting DROP COLUMN windows_held_until`);
  }
}
