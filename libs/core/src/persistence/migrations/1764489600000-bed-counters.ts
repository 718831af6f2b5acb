import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bed counts kept on each room and shelter (total, available, held or
 * occupied), maintained by statement-level triggers on `bed`, so the candidate
 * search reads ~190k rooms instead of aggregating ~450k beds on every request.
 * Triggers, not application code, keep them right: every path that changes a bed
 * (API, worker, import, a coordinator's SQL) goes through them.
 */
/** SQL applying the net change of one statement's bed rows (`rows`: room_id, shelter_id, n, a, u) to rooms and shelters. */
function applyDelta(rows: string): string {
  return `
    WITH d AS (${rows}),
    r AS (
      UPDATE room SET beds = beds + x.n, available_beds = available_beds + x.a, used_beds = used_beds + x.u
        FROM (SELECT room_id, sum(n) n, sum(a) a, sum(u) u FROM d GROUP BY room_id
               HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(u) <> 0) x
       WHERE room.id = x.room_id RETURNING 1
    )
    UPDATE shelter SET total_beds = total_beds + x.n, available_beds = available_beds + x.a, used_beds = used_beds + x.u
      FROM (SELECT shelter_id, sum(n) n, sum(a) a, sum(u) u FROM d GROUP BY shelter_id
             HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(u) <> 0) x
     WHERE shelter.id = x.shelter_id;`;
}

export class BedCounters1764489600000 implements MigrationInterface {
  name = 'BedCounters1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE room
        ADD COLUMN beds int NOT NULL DEFAULT 0,
        ADD COLUMN available_beds int NOT NULL DEFAULT 0,
        ADD COLUMN used_beds int NOT NULL DEFAULT 0;
      ALTER TABLE shelter
        ADD COLUMN total_beds int NOT NULL DEFAULT 0,
        ADD COLUMN available_beds int NOT NULL DEFAULT 0,
        ADD COLUMN used_beds int NOT NULL DEFAULT 0;

      UPDATE room r SET beds = c.n, available_beds = c.a, used_beds = c.u
        FROM (SELECT room_id, count(*) n, count(*) FILTER (WHERE status = 'AVAILABLE') a,
                     count(*) FILTER (WHERE status IN ('HELD','OCCUPIED')) u
                FROM bed GROUP BY room_id) c
       WHERE r.id = c.room_id;
      UPDATE shelter s SET total_beds = c.n, available_beds = c.a, used_beds = c.u
        FROM (SELECT shelter_id, count(*) n, count(*) FILTER (WHERE status = 'AVAILABLE') a,
                     count(*) FILTER (WHERE status IN ('HELD','OCCUPIED')) u
                FROM bed GROUP BY shelter_id) c
       WHERE s.id = c.shelter_id;

    `);
    // One trigger function per event: a statement-level trigger may name its
    // transition tables only for a single event.
    for (const [event, rows] of [
      ['INSERT', `SELECT room_id, shelter_id, 1 AS n, (status = 'AVAILABLE')::int AS a, (status IN ('HELD','OCCUPIED'))::int AS u FROM new_rows`],
      ['DELETE', `SELECT room_id, shelter_id, -1, -((status = 'AVAILABLE')::int), -((status IN ('HELD','OCCUPIED'))::int) FROM old_rows`],
      [
        'UPDATE',
        `SELECT room_id, shelter_id, 1 AS n, (status = 'AVAILABLE')::int AS a, (status IN ('HELD','OCCUPIED'))::int AS u FROM new_rows
         UNION ALL
         SELECT room_id, shelter_id, -1, -((status = 'AVAILABLE')::int), -((status IN ('HELD','OCCUPIED'))::int) FROM old_rows`,
      ],
    ] as const) {
      const fn = `harbour_bed_counts_${event.toLowerCase()}`;
      const referencing =
        event === 'INSERT' ? 'NEW TABLE AS new_rows' : event === 'DELETE' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await q.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${applyDelta(rows)}
          RETURN NULL;
        END $$;
        CREATE TRIGGER bed_counts_${event.toLowerCase()} AFTER ${event} ON bed
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
      `);
    }
    await q.query(`CREATE INDEX room_fit_idx ON room (shelter_id, available_beds)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS bed_counts_insert ON bed;
      DROP TRIGGER IF EXISTS bed_counts_update ON bed;
      DROP TRIGGER IF EXISTS bed_counts_delete ON bed;
      DROP FUNCTION IF EXISTS harbour_bed_counts_insert(), harbour_bed_counts_update(), harbour_bed_counts_delete();
      DROP INDEX IF EXISTS room_fit_idx;
      ALTER TABLE room DROP COLUMN beds, DROP COLUMN available_beds, DROP COLUMN used_beds;
      ALTER TABLE shelter DROP COLUMN total_beds, DROP COLUMN available_beds, DROP COLUMN used_beds;
    `);
  }
}
