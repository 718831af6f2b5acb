import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadUserInputError, Clock } from '@harbour/platform';
import { inTransaction } from '../persistence/transactions';

/** Longest range one rebuild call accepts, in days. */
export const MAX_SNAPSHOT_RANGE_DAYS = 3 * 366;

/**
 * Daily occupancy snapshots (docs/reports.md): for each UTC day, shelter and
 * bed category, how many beds were AVAILABLE, HELD, OCCUPIED and
 * OUT_OF_SERVICE (with reasons) at the end of the day, rebuilt from the bed
 * status history (`bed_status_event`). Writing a day replaces it, so a
 * rebuild is idempotent and any past range can be rebuilt; the current day is
 * rewritten by each run until it is over (its "end" is now).
 */
@Injectable()
export class OccupancySnapshotService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Snapshots yesterday and today (UTC, Harbour clock): the worker's daily
   * job. Returns the rows written.
   */
  async snapshotRecent(): Promise<number> {
    const today = (await this.clock.now()).toISOString().slice(0, 10);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return this.rebuild(yesterday, today);
  }

  /**
   * Rebuilds the snapshots of every day from `from` to `to` (YYYY-MM-DD,
   * inclusive), one transaction per day. Days after today are refused.
   * Returns the rows written.
   * @throws BadUserInputError for a bad date, a backwards or over-long range, or a future day.
   */
  async rebuild(from: string, to: string): Promise<number> {
    const now = await this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(start)) throw new BadUserInputError(`from must be YYYY-MM-DD`, 'from');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(end)) throw new BadUserInputError(`to must be YYYY-MM-DD`, 'to');
    if (end < start) throw new BadUserInputError('to must not be before from', 'to');
    if (to > today) throw new BadUserInputError(`to must not be after today (${today})`, 'to');
    if ((end - start) / 86_400_000 > MAX_SNAPSHOT_RANGE_DAYS) throw new BadUserInputError(`at most ${MAX_SNAPSHOT_RANGE_DAYS} days`, 'to');
    let written = 0;
    for (let t = start; t <= end; t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      // The end of the day, or now for today.
      const cutoff = day === today ? now : new Date(t + 86_400_000);
      written += await inTransaction(this.dataSource, async (em) => {
        await em.query(`DELETE FROM occupancy_snapshot WHERE day = $1::date`, [day]);
        const rows: unknown[] = await em.query(
          `WITH st AS (
             SELECT DISTINCT ON (e.bed_id) e.bed_id, e.status, e.out_of_service_reason
               FROM bed_status_event e WHERE e.occurred_at < $2
              ORDER BY e.bed_id, e.occurred_at DESC, e.id DESC
           ), b AS (
             SELECT st.status, st.out_of_service_reason, s.id AS shelter_id, s.region_code,
                    unnest(ARRAY['ALL', s.gender_policy]::text[]
                      || CASE WHEN s.accepts_families THEN ARRAY['FAMILY'] ELSE '{}'::text[] END
                      || CASE WHEN s.accepts_minors THEN ARRAY['MINORS'] ELSE '{}'::text[] END
                      || CASE WHEN r.accessibility_features && ARRAY['WHEELCHAIR', 'STEP_FREE']::text[]
                              THEN ARRAY['ACCESSIBLE'] ELSE '{}'::text[] END) AS category
               FROM st JOIN bed bd ON bd.id = st.bed_id JOIN room r ON r.id = bd.room_id JOIN shelter s ON s.id = bd.shelter_id
           ), reasons AS (
             SELECT shelter_id, category, jsonb_object_agg(reason, n) AS by_reason FROM (
               SELECT shelter_id, category, coalesce(nullif(btrim(out_of_service_reason), ''), 'not given') AS reason, count(*) AS n
                 FROM b WHERE status = 'OUT_OF_SERVICE' GROUP BY 1, 2, 3) x GROUP BY 1, 2
           )
           INSERT INTO occupancy_snapshot (day, shelter_id, category, region_code, beds, available, held, occupied,
                                           out_of_service, out_of_service_reasons, built_at)
           SELECT $1::date, b.shelter_id, b.category, min(b.region_code), count(*),
                  count(*) FILTER (WHERE b.status = 'AVAILABLE'), count(*) FILTER (WHERE b.status = 'HELD'),
                  count(*) FILTER (WHERE b.status = 'OCCUPIED'), count(*) FILTER (WHERE b.status = 'OUT_OF_SERVICE'),
                  coalesce(min(rs.by_reason::text)::jsonb, '{}'), $3
             FROM b LEFT JOIN reasons rs ON rs.shelter_id = b.shelter_id AND rs.category = b.category
            GROUP BY b.shelter_id, b.category
           RETURNING 1`,
          [day, cutoff, now],
        );
        return rows.length;
      });
    }
    return written;
  }
}
