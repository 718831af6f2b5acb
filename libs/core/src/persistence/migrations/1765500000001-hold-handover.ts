import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The handover between officer and shelter (issue 11; docs/nrm-stages.md
 * "Handover"): the referral's structured needs (interpreter language,
 * transport to the safe house) and the officer's call-back contact; a hold's
 * acceptance by the shelter and its structured decline reason; a hold length
 * per shelter (null: HOLD_HOURS). Existing rows keep their values (no needs,
 * not accepted, no reason, the default length).
 */
export class HoldHandover1765500000001 implements MigrationInterface {
  name = 'HoldHandover1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      ALTER TABLE referral
        ADD COLUMN interpreter_language varchar(35),
        ADD COLUMN transport_needed boolean NOT NULL DEFAULT false,
        ADD COLUMN callback_contact varchar(200);
      ALTER TABLE hold
        ADD COLUMN accepted_at timestamptz,
        ADD COLUMN accepted_by varchar(200),
        ADD COLUMN decline_reason varchar(40) CHECK (decline_reason IN (
          'TOO_CLOSE_TO_EXPLOITATION_AREA','NO_ROOM_FOR_HOUSEHOLD','NEEDS_NOT_MET','NO_STAFF_TO_ADMIT','REFUSED_BY_PERSON','OTHER'));
      ALTER TABLE shelter ADD COLUMN hold_hours int CHECK (hold_hours BETWEEN 1 AND 168);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      ALTER TABLE shelter DROP COLUMN hold_hours;
      ALTER TABLE hold DROP COLUMN decline_reason, DROP COLUMN accepted_by, DROP COLUMN accepted_at;
      ALTER TABLE referral DROP COLUMN callback_contact, DROP COLUMN transport_needed, DROP COLUMN interpreter_language;
    `);
  }
}
