import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadUserInputError, Clock } from '@harbour/platform';
import { inTransaction } from '../persistence/transactions';

/** Longest range one rebuild call accepts, in days. */
export const MAX_SNAPSHOT_RANGE_DAYS = 3 * 366;

/**
 * Most (shelter × day) pairs one rebuild statement covers. A shelter has at
 * most 5 categories, so one statement writes at most 5 × this many rows: on
 * the full HIC network (13,105 shelters, 449,567 beds; docs/performance.md)
 * a batch of this size took 1–3 s on 2 busy cores, well inside the 30 s
 * statement timeout.
 */
export const SNAPSHOT_SHELTER_DAYS_PER_BATCH = 40_000;

/** Most beds one rebuild statement reads the history of (see {@link SNAPSHOT_SHELTER_DAYS_PER_BATCH}). */
export const SNAPSHOT_BEDS_PER_BATCH = 60_000;

/** How far a rebuild has got, for progress output: batches and rows written so far. */
export interface SnapshotRebuildProgress {
  batchesDone: number;
  batches: number;
  rowsWritten: number;
}

/** Options of {@link OccupancySnapshotService.rebuild}. */
export interface SnapshotRebuildOptions {
  /** Called after each batch has committed. */
  onProgress?: (p: SnapshotRebuildProgress) => void;
  /** Batch limit in shelter-days (default {@link SNAPSHOT_SHELTER_DAYS_PER_BATCH}; tests make it small). */
  shelterDaysPerBatch?: number;
  /** Batch limit in beds (default {@link SNAPSHOT_BEDS_PER_BATCH}). */
  bedsPerBatch?: number;
}

/** One batch of a rebuild: the shelters with `lo < id <= hi` (a null bound is open). */
interface ShelterBatch {
  lo: string | null;
  hi: string | null;
}

/**
 * Writes the snapshots of one batch of shelters for every day from $3 to $4
 * (dates, inclusive) in one grouped pass over the bed history, after the
 * batch's rows for those days have been deleted.
 *
 * The definition (docs/reports.md, "Occupancy"): a day's row for a shelter and
 * category counts its beds by the status of their last `bed_status_event`
 * (latest `occurred_at`, then highest id) before the day's cutoff, the next
 * UTC midnight, or now for today. So a bed's state at the end of day d is its
 * last event of the latest day ≤ d that has one; each bed is reduced to runs
 * of days in one state (the last event before the range opens the first run,
 * at $3), runs are counted per shelter, category and state, and only then
 * spread over their days. The cost is one read of the batch's events in the
 * range plus one index probe per bed, and one row per shelter, category,
 * state and day before the final grouping, instead of a scan of every event
 * for every day.
 *
 * Parameters: $1/$2 the shelter bounds (see {@link ShelterBatch}), $3 first day, $4 last day, $5 the first day's midnight (UTC),
 * $6 the last day's cutoff, $7 built_at.
 */
const BATCH_INSERT_SQL = `
    WITH bb AS (
      SELECT bd.id AS bed_id, s.id AS shelter_id, s.region_code,
             ARRAY['ALL', s.gender_policy]::text[]
               || CASE WHEN s.accepts_families THEN ARRAY['FAMILY'] ELSE '{}'::text[] END
               || CASE WHEN s.accepts_minors THEN ARRAY['MINORS'] ELSE '{}'::text[] END
               || CASE WHEN r.accessibility_features && ARRAY['WHEELCHAIR', 'STEP_FREE']::text[]
                       THEN ARRAY['ACCESSIBLE'] ELSE '{}'::text[] END AS categories
        FROM bed bd JOIN room r ON r.id = bd.room_id JOIN shelter s ON s.id = bd.shelter_id
       WHERE ($1::uuid IS NULL OR bd.shelter_id > $1::uuid) AND ($2::uuid IS NULL OR bd.shelter_id <= $2::uuid)
    ), ev AS (
      SELECT bb.bed_id, p.status, p.reason, p.occurred_at, p.id
        FROM bb CROSS JOIN LATERAL (
               (SELECT e.status, e.out_of_service_reason AS reason, e.occurred_at, e.id
                  FROM bed_status_event e
                 WHERE e.bed_id = bb.bed_id AND e.occurred_at < $5::timestamptz
                 ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)
               UNION ALL
               (SELECT e.status, e.out_of_service_reason, e.occurred_at, e.id
                  FROM bed_status_event e
                 WHERE e.bed_id = bb.bed_id AND e.occurred_at >= $5::timestamptz AND e.occurred_at < $6::timestamptz)) p
    ), eod AS (
      SELECT DISTINCT ON (bed_id, d) bed_id, d, status,
             CASE WHEN status = 'OUT_OF_SERVICE' THEN coalesce(nullif(btrim(reason), ''), 'not given') END AS reason
        FROM (SELECT ev.*, greatest((ev.occurred_at AT TIME ZONE 'UTC')::date, $3::date) AS d FROM ev) x
       ORDER BY bed_id, d, occurred_at DESC, id DESC
    ), runs AS (
      SELECT bed_id, status, reason, d AS d0, coalesce(lead(d) OVER (PARTITION BY bed_id ORDER BY d) - 1, $4::date) AS d1 FROM eod
    ), counted AS (
      SELECT bb.shelter_id, bb.region_code, c.category, runs.status, runs.reason, runs.d0, runs.d1, count(*)::int AS n
        FROM runs JOIN bb USING (bed_id) CROSS JOIN LATERAL unnest(bb.categories) AS c(category)
       GROUP BY 1, 2, 3, 4, 5, 6, 7
    ), daily AS (
      SELECT c.d0 + k AS day, c.shelter_id, c.region_code, c.category, c.status, c.reason, sum(c.n)::int AS n
        FROM counted c CROSS JOIN LATERAL generate_series(0, c.d1 - c.d0) AS k
       GROUP BY 1, 2, 3, 4, 5, 6
    )
    INSERT INTO occupancy_snapshot (day, shelter_id, category, region_code, beds, available, held, occupied,
                                    out_of_service, out_of_service_reasons, built_at)
    SELECT day, shelter_id, category, min(region_code), sum(n),
           coalesce(sum(n) FILTER (WHERE status = 'AVAILABLE'), 0), coalesce(sum(n) FILTER (WHERE status = 'HELD'), 0),
           coalesce(sum(n) FILTER (WHERE status = 'OCCUPIED'), 0), coalesce(sum(n) FILTER (WHERE status = 'OUT_OF_SERVICE'), 0),
           coalesce(jsonb_object_agg(reason, n) FILTER (WHERE status = 'OUT_OF_SERVICE'), '{}'), $7::timestamptz
      FROM daily GROUP BY day, shelter_id, category
    RETURNING 1`;

/**
 * Daily occupancy snapshots (docs/reports.md): for each UTC day, shelter and
 * bed category, how many beds were AVAILABLE, HELD, OCCUPIED and
 * OUT_OF_SERVICE (with reasons) at the end of the day, rebuilt from the bed
 * status history (`bed_status_event`). Writing a day replaces it, so a
 * rebuild is idempotent and any past range can be rebuilt; the current day is
 * rewritten by each run until it is over (its "end" is now).
 *
 * A rebuild is set-based and batched: the shelters are cut into batches of at
 * most {@link SNAPSHOT_SHELTER_DAYS_PER_BATCH} shelter-days and
 * {@link SNAPSHOT_BEDS_PER_BATCH} beds, and each batch is one transaction that
 * replaces its shelters' rows for the whole range from one grouped pass over
 * their bed history, so no statement grows with the network or the range.
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
   * inclusive): batch by batch of shelters (one transaction each), every
   * batch's rows for the range replaced. Days after today are refused.
   * Returns the rows written.
   * @throws BadUserInputError for a bad date, a backwards or over-long range, or a future day.
   */
  async rebuild(from: string, to: string, options: SnapshotRebuildOptions = {}): Promise<number> {
    const now = await this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(start)) throw new BadUserInputError(`from must be YYYY-MM-DD`, 'from');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(end)) throw new BadUserInputError(`to must be YYYY-MM-DD`, 'to');
    if (end < start) throw new BadUserInputError('to must not be before from', 'to');
    if (to > today) throw new BadUserInputError(`to must not be after today (${today})`, 'to');
    if ((end - start) / 86_400_000 > MAX_SNAPSHOT_RANGE_DAYS) throw new BadUserInputError(`at most ${MAX_SNAPSHOT_RANGE_DAYS} days`, 'to');
    const days = (end - start) / 86_400_000 + 1;
    // The end of the last day, or now when it is today.
    const cutoff = to === today ? now : new Date(end + 86_400_000);
    const batches = await this.batches(days, options.shelterDaysPerBatch ?? SNAPSHOT_SHELTER_DAYS_PER_BATCH, options.bedsPerBatch ?? SNAPSHOT_BEDS_PER_BATCH);
    let written = 0;
    for (const [i, batch] of batches.entries()) {
      written += await inTransaction(this.dataSource, async (em) => {
        // One rebuild at a time: two writers of the same rows would each delete what the other
        // had not yet committed and then collide on the primary key.
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('occupancy_snapshot'))`);
        // The planner cannot estimate the rows unnest and generate_series make, and its guess
        // (billions) would have it spend seconds JIT-compiling a statement that runs in one or two.
        await em.query(`SET LOCAL jit = off`);
        await em.query(
          `DELETE FROM occupancy_snapshot WHERE day BETWEEN $1::date AND $2::date
              AND ($3::uuid IS NULL OR shelter_id > $3::uuid) AND ($4::uuid IS NULL OR shelter_id <= $4::uuid)`,
          [from, to, batch.lo, batch.hi],
        );
        const rows: unknown[] = await em.query(BATCH_INSERT_SQL, [batch.lo, batch.hi, from, to, new Date(start), cutoff, now]);
        return rows.length;
      });
      options.onProgress?.({ batchesDone: i + 1, batches: batches.length, rowsWritten: written });
    }
    return written;
  }

  /**
   * Cuts the shelters (by id) into consecutive ranges of at most
   * `shelterDays` shelter-days and `maxBeds` beds (a bigger shelter is a
   * batch of its own). The first range is open below and the last above, so together they
   * cover every shelter id, also of rows whose shelter no longer exists.
   */
  private async batches(days: number, shelterDays: number, maxBeds: number): Promise<ShelterBatch[]> {
    const shelters: { id: string; beds: number }[] = await inTransaction(this.dataSource, (em) =>
      em.query(`SELECT s.id, (SELECT count(*) FROM bed bd WHERE bd.shelter_id = s.id)::int AS beds FROM shelter s ORDER BY s.id`),
    );
    const maxShelters = Math.max(1, Math.floor(shelterDays / days));
    const batches: ShelterBatch[] = [];
    let lo: string | null = null;
    let count = 0;
    let beds = 0;
    for (const [i, s] of shelters.entries()) {
      if (count > 0 && (count + 1 > maxShelters || beds + s.beds > maxBeds)) {
        const hi = shelters[i - 1].id;
        batches.push({ lo, hi });
        lo = hi;
        count = 0;
        beds = 0;
      }
      count++;
      beds += s.beds;
    }
    batches.push({ lo, hi: null });
    return batches;
  }
}
