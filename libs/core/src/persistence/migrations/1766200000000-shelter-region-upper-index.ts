import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index on `upper(shelter.region_code)` (issue 13): the candidate search
 * compares a referral's acceptable and excluded regions case-insensitively
 * (`upper(s.region_code) = ANY(…)`), which the plain `shelter_region_idx`
 * cannot serve, so a region-restricted search read every open shelter of the
 * network (13,105 on the full HIC import) instead of those of its regions.
 */
export class ShelterRegionUpperIndex1766200000000 implements MigrationInterface {
  name = 'ShelterRegionUpperIndex1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS shelter_region_upper_idx ON shelter (upper(region_code))`);
    await q.query(`ANALYZE shelter`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS shelter_region_upper_idx`);
  }
}
