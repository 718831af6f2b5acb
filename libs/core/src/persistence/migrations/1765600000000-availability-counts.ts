import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Free beds per region and category kept in `region_availability`, so the
 * `availability` query reads one row per region instead of aggregating
 * bed ⋈ room ⋈ shelter on every call (449,567 beds on the full HIC import).
 *
 * The counts are maintained by statement-level triggers, in the same
 * transaction as the change that moves them, whatever makes it (API, worker,
 * import, a coordinator's SQL):
 *
 *   bed   → room (beds, available_beds, used_beds) and shelter (the same, and
 *           oldest_status_at: the oldest status_changed_at of its beds)
 *   room  → shelter.accessible_available_beds (AVAILABLE beds in rooms with
 *           WHEELCHAIR or STEP_FREE access)
 *   shelter → region_availability (what every OPEN shelter of the region adds)
 *
 * Each level applies the net change of one statement (transition tables), so a
 * batch of 10,000 beds is one update per room, shelter and region. Rows of the
 * next level are locked in key order (FOR NO KEY UPDATE, as an UPDATE would: foreign-key checks
 * of new holds still pass) before they are changed (fewer
 * deadlocks between transactions touching several regions) and then re-read in
 * a fresh snapshot, so the oldest-update figures count concurrent commits.
 * TRUNCATE of bed, room or shelter rebuilds every count from scratch.
 *
 * The categories must agree with libs/core/src/network/category-sql.ts (and
 * the domain's matchesCategory); test/availability-counts.e2e-spec.ts checks
 * the counts against a full recount with those conditions.
 */

/** Whether a room row (alias-free, columns of `room`) has WHEELCHAIR or STEP_FREE access. */
const ACCESSIBLE = `(accessibility_features && ARRAY['WHEELCHAIR','STEP_FREE']::text[])`;

/** What one shelter row adds to its region, as signed columns; `sign` is 1 or -1. */
function contribution(sign: 1 | -1, from: string, extra = ''): string {
  const open = (v: string, cond = 'true') => `${sign} * CASE WHEN status = 'OPEN' AND ${cond} THEN ${v} ELSE 0 END`;
  return `SELECT region_code,
            ${open('total_beds')} AS t,
            ${open('available_beds')} AS f_all,
            ${open('available_beds', "gender_policy = 'WOMEN_ONLY'")} AS f_women,
            ${open('available_beds', "gender_policy = 'MEN_ONLY'")} AS f_men,
            ${open('available_beds', "gender_policy = 'MIXED'")} AS f_mixed,
            ${open('available_beds', 'accepts_families')} AS f_family,
            ${open('accessible_available_beds')} AS f_accessible,
            ${open('available_beds', 'accepts_minors')} AS f_minors${extra}
       FROM ${from}`;
}

/** Body of the shelter → region_availability trigger for one event. */
function shelterTrigger(event: 'INSERT' | 'UPDATE' | 'DELETE'): string {
  const parts = [...(event !== 'DELETE' ? [contribution(1, 'new_rows')] : []), ...(event !== 'INSERT' ? [contribution(-1, 'old_rows')] : [])];
  // Regions whose oldest update may have moved: any row of an insert or delete; on update, rows
  // whose oldest_status_at, status or region changed.
  // (A set difference, not a join: the planner cannot estimate transition tables and would nest loops.)
  const moved =
    event === 'UPDATE'
      ? `SELECT region_code FROM (SELECT id, oldest_status_at, status, region_code FROM new_rows
                                  EXCEPT SELECT id, oldest_status_at, status, region_code FROM old_rows) n
         UNION SELECT region_code FROM (SELECT id, status, region_code FROM old_rows
                                        EXCEPT SELECT id, status, region_code FROM new_rows) o`
      : `SELECT region_code FROM ${event === 'INSERT' ? 'new_rows' : 'old_rows'}`;
  const delta = `SELECT region_code, sum(t) t, sum(f_all) f_all, sum(f_women) f_women, sum(f_men) f_men, sum(f_mixed) f_mixed,
                        sum(f_family) f_family, sum(f_accessible) f_accessible, sum(f_minors) f_minors
                   FROM (${parts.join(' UNION ALL ')}) d
                  GROUP BY region_code
                 HAVING sum(t) <> 0 OR sum(f_all) <> 0 OR sum(f_accessible) <> 0 OR sum(f_women) <> 0 OR sum(f_men) <> 0
                     OR sum(f_mixed) <> 0 OR sum(f_family) <> 0 OR sum(f_minors) <> 0`;
  return `
    DECLARE
      regions text[];
    BEGIN
      SELECT array_agg(DISTINCT region_code ORDER BY region_code) INTO regions
        FROM (SELECT region_code FROM (${delta}) x UNION ${moved}) r;
      IF regions IS NULL THEN
        RETURN NULL;
      END IF;
      INSERT INTO region_availability (region_code) SELECT unnest(regions) ORDER BY 1 ON CONFLICT (region_code) DO NOTHING;
      PERFORM 1 FROM region_availability WHERE region_code = ANY(regions) ORDER BY region_code FOR NO KEY UPDATE;
      WITH x AS (${delta})
      UPDATE region_availability ra
         SET total_beds = ra.total_beds + coalesce(x.t, 0),
             free_all = ra.free_all + coalesce(x.f_all, 0),
             free_women_only = ra.free_women_only + coalesce(x.f_women, 0),
             free_men_only = ra.free_men_only + coalesce(x.f_men, 0),
             free_mixed = ra.free_mixed + coalesce(x.f_mixed, 0),
             free_family = ra.free_family + coalesce(x.f_family, 0),
             free_accessible = ra.free_accessible + coalesce(x.f_accessible, 0),
             free_minors = ra.free_minors + coalesce(x.f_minors, 0),
             oldest_update_at = (SELECT min(s.oldest_status_at) FROM shelter s WHERE s.region_code = ra.region_code AND s.status = 'OPEN')
        FROM unnest(regions) AS g(code) LEFT JOIN x ON x.region_code = g.code
       WHERE ra.region_code = g.code;
      RETURN NULL;
    END`;
}

/** Body of the room → shelter trigger for one event: AVAILABLE beds in accessible rooms. */
function roomTrigger(event: 'INSERT' | 'UPDATE' | 'DELETE'): string {
  const parts = [
    ...(event !== 'DELETE' ? [`SELECT shelter_id, available_beds * ${ACCESSIBLE}::int AS acc FROM new_rows`] : []),
    ...(event !== 'INSERT' ? [`SELECT shelter_id, -(available_beds * ${ACCESSIBLE}::int) FROM old_rows`] : []),
  ];
  return `
    BEGIN
      UPDATE shelter SET accessible_available_beds = shelter.accessible_available_beds + x.acc
        FROM (SELECT shelter_id, sum(acc)::int AS acc FROM (${parts.join(' UNION ALL ')}) d
               GROUP BY shelter_id HAVING sum(acc) <> 0 ORDER BY shelter_id) x
       WHERE shelter.id = x.shelter_id;
      RETURN NULL;
    END`;
}

/**
 * Body of the bed → room, shelter trigger for one event (`rows`: room_id,
 * shelter_id, n, a, u of the statement's bed rows, signed). As before this
 * migration, plus the shelter's oldest status change, read from
 * bed_shelter_status_changed_idx after the shelter rows are locked.
 */
function bedTrigger(rows: string, shelters: string): string {
  return `
    BEGIN
      PERFORM 1 FROM shelter WHERE id IN (${shelters}) ORDER BY id FOR NO KEY UPDATE;
      WITH d AS (${rows}),
      r AS (
        UPDATE room SET beds = beds + x.n, available_beds = available_beds + x.a, used_beds = used_beds + x.u
          FROM (SELECT room_id, sum(n) n, sum(a) a, sum(u) u FROM d GROUP BY room_id
                 HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(u) <> 0) x
         WHERE room.id = x.room_id RETURNING 1
      )
      UPDATE shelter
         SET total_beds = total_beds + x.n, available_beds = available_beds + x.a, used_beds = used_beds + x.u,
             oldest_status_at = x.oldest
        FROM (SELECT d.shelter_id, sum(n) n, sum(a) a, sum(u) u,
                     (SELECT min(b.status_changed_at) FROM bed b WHERE b.shelter_id = d.shelter_id) AS oldest
                FROM d GROUP BY d.shelter_id) x
       WHERE shelter.id = x.shelter_id
         AND (x.n <> 0 OR x.a <> 0 OR x.u <> 0 OR shelter.oldest_status_at IS DISTINCT FROM x.oldest);
      RETURN NULL;
    END`;
}

const BED_ROWS = {
  INSERT: `SELECT room_id, shelter_id, 1 AS n, (status = 'AVAILABLE')::int AS a, (status IN ('HELD','OCCUPIED'))::int AS u FROM new_rows`,
  DELETE: `SELECT room_id, shelter_id, -1 AS n, -((status = 'AVAILABLE')::int) AS a, -((status IN ('HELD','OCCUPIED'))::int) AS u FROM old_rows`,
  UPDATE: `SELECT room_id, shelter_id, 1 AS n, (status = 'AVAILABLE')::int AS a, (status IN ('HELD','OCCUPIED'))::int AS u FROM new_rows
           UNION ALL
           SELECT room_id, shelter_id, -1, -((status = 'AVAILABLE')::int), -((status IN ('HELD','OCCUPIED'))::int) FROM old_rows`,
} as const;

const BED_SHELTERS = {
  INSERT: 'SELECT shelter_id FROM new_rows',
  DELETE: 'SELECT shelter_id FROM old_rows',
  UPDATE: 'SELECT shelter_id FROM new_rows UNION SELECT shelter_id FROM old_rows',
} as const;

/** Recomputes every counter (room, shelter, region_availability) from the beds. */
export const REBUILD_COUNTS_SQL = `
  UPDATE room r SET beds = coalesce(c.n, 0), available_beds = coalesce(c.a, 0), used_beds = coalesce(c.u, 0)
    FROM room r2 LEFT JOIN (SELECT room_id, count(*) n, count(*) FILTER (WHERE status = 'AVAILABLE') a,
                                   count(*) FILTER (WHERE status IN ('HELD','OCCUPIED')) u
                              FROM bed GROUP BY room_id) c ON c.room_id = r2.id
   WHERE r.id = r2.id AND (r.beds, r.available_beds, r.used_beds) IS DISTINCT FROM (coalesce(c.n, 0), coalesce(c.a, 0), coalesce(c.u, 0));
  UPDATE shelter s SET total_beds = coalesce(c.n, 0), available_beds = coalesce(c.a, 0), used_beds = coalesce(c.u, 0),
                       accessible_available_beds = coalesce(ra.acc, 0), oldest_status_at = c.oldest
    FROM shelter s2
    LEFT JOIN (SELECT shelter_id, count(*) n, count(*) FILTER (WHERE status = 'AVAILABLE') a,
                      count(*) FILTER (WHERE status IN ('HELD','OCCUPIED')) u, min(status_changed_at) oldest
                 FROM bed GROUP BY shelter_id) c ON c.shelter_id = s2.id
    LEFT JOIN (SELECT shelter_id, sum(available_beds) FILTER (WHERE ${ACCESSIBLE}) acc FROM room GROUP BY shelter_id) ra
           ON ra.shelter_id = s2.id
   WHERE s.id = s2.id;
  DELETE FROM region_availability;
  INSERT INTO region_availability (region_code, total_beds, free_all, free_women_only, free_men_only, free_mixed, free_family,
                                   free_accessible, free_minors, oldest_update_at)
  SELECT region_code, sum(t), sum(f_all), sum(f_women), sum(f_men), sum(f_mixed), sum(f_family), sum(f_accessible), sum(f_minors),
         min(oldest)
    FROM (${contribution(1, 'shelter', ", CASE WHEN status = 'OPEN' THEN oldest_status_at END AS oldest")}) c
   GROUP BY region_code;`;

export class AvailabilityCounts1765600000000 implements MigrationInterface {
  name = 'AvailabilityCounts1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE shelter
        ADD COLUMN accessible_available_beds int NOT NULL DEFAULT 0,
        ADD COLUMN oldest_status_at timestamptz;
      CREATE INDEX bed_shelter_status_changed_idx ON bed (shelter_id, status_changed_at);
      CREATE INDEX shelter_open_oldest_idx ON shelter (region_code, oldest_status_at) WHERE status = 'OPEN';
      CREATE TABLE region_availability (
        region_code varchar(32) PRIMARY KEY REFERENCES region(code) ON DELETE CASCADE,
        total_beds int NOT NULL DEFAULT 0,
        free_all int NOT NULL DEFAULT 0,
        free_women_only int NOT NULL DEFAULT 0,
        free_men_only int NOT NULL DEFAULT 0,
        free_mixed int NOT NULL DEFAULT 0,
        free_family int NOT NULL DEFAULT 0,
        free_accessible int NOT NULL DEFAULT 0,
        free_minors int NOT NULL DEFAULT 0,
        oldest_update_at timestamptz
      );
    `);
    for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const lower = event.toLowerCase();
      const referencing =
        event === 'INSERT' ? 'NEW TABLE AS new_rows' : event === 'DELETE' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await q.query(`
        CREATE OR REPLACE FUNCTION harbour_bed_counts_${lower}() RETURNS trigger LANGUAGE plpgsql AS $$ ${bedTrigger(BED_ROWS[event], BED_SHELTERS[event])} $$;
        CREATE FUNCTION harbour_room_counts_${lower}() RETURNS trigger LANGUAGE plpgsql AS $$ ${roomTrigger(event)} $$;
        CREATE TRIGGER room_counts_${lower} AFTER ${event} ON room
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION harbour_room_counts_${lower}();
        CREATE FUNCTION harbour_region_counts_${lower}() RETURNS trigger LANGUAGE plpgsql AS $$ ${shelterTrigger(event)} $$;
        CREATE TRIGGER region_counts_${lower} AFTER ${event} ON shelter
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION harbour_region_counts_${lower}();
      `);
    }
    await q.query(`
      CREATE FUNCTION harbour_rebuild_counts() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ${REBUILD_COUNTS_SQL} END $$;
      CREATE FUNCTION harbour_rebuild_counts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM harbour_rebuild_counts(); RETURN NULL; END $$;
      CREATE TRIGGER bed_counts_truncate AFTER TRUNCATE ON bed FOR EACH STATEMENT EXECUTE FUNCTION harbour_rebuild_counts_trigger();
      CREATE TRIGGER room_counts_truncate AFTER TRUNCATE ON room FOR EACH STATEMENT EXECUTE FUNCTION harbour_rebuild_counts_trigger();
      CREATE TRIGGER shelter_counts_truncate AFTER TRUNCATE ON shelter FOR EACH STATEMENT EXECUTE FUNCTION harbour_rebuild_counts_trigger();
      SELECT harbour_rebuild_counts();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS bed_counts_truncate ON bed;
      DROP TRIGGER IF EXISTS room_counts_truncate ON room;
      DROP TRIGGER IF EXISTS shelter_counts_truncate ON shelter;
      DROP FUNCTION IF EXISTS harbour_rebuild_counts_trigger(), harbour_rebuild_counts();
    `);
    for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const lower = event.toLowerCase();
      // The bed triggers as BedCounters1764489600000 made them.
      await q.query(`
        DROP TRIGGER IF EXISTS room_counts_${lower} ON room;
        DROP TRIGGER IF EXISTS region_counts_${lower} ON shelter;
        DROP FUNCTION IF EXISTS harbour_room_counts_${lower}(), harbour_region_counts_${lower}();
        CREATE OR REPLACE FUNCTION harbour_bed_counts_${lower}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          WITH d AS (${BED_ROWS[event]}),
          r AS (
            UPDATE room SET beds = beds + x.n, available_beds = available_beds + x.a, used_beds = used_beds + x.u
              FROM (SELECT room_id, sum(n) n, sum(a) a, sum(u) u FROM d GROUP BY room_id
                     HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(u) <> 0) x
             WHERE room.id = x.room_id RETURNING 1
          )
          UPDATE shelter SET total_beds = total_beds + x.n, available_beds = available_beds + x.a, used_beds = used_beds + x.u
            FROM (SELECT shelter_id, sum(n) n, sum(a) a, sum(u) u FROM d GROUP BY shelter_id
                   HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(u) <> 0) x
           WHERE shelter.id = x.shelter_id;
          RETURN NULL;
        END $$;
      `);
    }
    await q.query(`
      DROP TABLE IF EXISTS region_availability;
      DROP INDEX IF EXISTS shelter_open_oldest_idx;
      DROP INDEX IF EXISTS bed_shelter_status_changed_idx;
      ALTER TABLE shelter DROP COLUMN accessible_available_beds, DROP COLUMN oldest_status_at;
    `);
  }
}
