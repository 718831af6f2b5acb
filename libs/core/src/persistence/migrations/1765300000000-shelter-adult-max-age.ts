import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `shelter.adult_max_age`: for a shelter for minors (`accepts_minors`), the
 * oldest age of an adult it takes (18..120), NULL when it takes no adults
 * (docs/matching.md, "Minors"). Imported HIC youth (MINOR) sites take people
 * under 25, so they get 24; other existing shelters keep NULL.
 */
export class ShelterAdultMaxAge1765300000000 implements MigrationInterface {
  name = 'ShelterAdultMaxAge1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE shelter ADD COLUMN adult_max_age smallint NULL
        CONSTRAINT shelter_adult_max_age_range CHECK (adult_max_age BETWEEN 18 AND 120);
      UPDATE shelter SET adult_max_age = 24 WHERE accepts_minors AND external_ref LIKE 'hic2023:%:MINOR:%';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE shelter DROP COLUMN adult_max_age`);
  }
}
