/**
 * The set-based occupancy snapshot rebuild (libs/core/src/reports/occupancy-snapshot.service.ts)
 * against the definition it replaced, on a real PostgreSQL: for every day of a
 * range, one statement took each bed's last `bed_status_event` before the
 * day's cutoff (the next UTC midnight, or now for today) and counted the beds
 * per shelter and category. `DAY_BY_DAY` below is that statement, kept here as
 * the oracle.
 *
 * The small network has history spanning the range: beds held and occupied
 * and freed, out of service with a reason, a blank reason and a changed
 * reason, two events at the same instant, an event at exactly midnight, a bed
 * added mid-range, a bed removed mid-range, an event after "now", state from
 * before the range, and stale rows of a shelter with no beds left. The
 * rebuild must give exactly the oracle's rows, in one batch and in batches of
 * one shelter, for the whole range and for a sub-range, twice over, and
 * leave rows outside its range alone.
 */
import { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '@harbour/platform';
import type { Clock } from '@harbour/platform/clock/clock';
import { dataSourceOptions, inTransaction, runMigrations } from '@harbour/core';
import { OccupancySnapshotService } from '@harbour/core/reports/occupancy-snapshot.service';
import { createTestDatabase, dropTestDatabase } from './support/harbour-harness';

/** The rebuild before it was set-based: one day ($1), cutoff $2, as a SELECT. */
const DAY_BY_DAY = `
  WITH st AS (
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
  SELECT $1::date AS day, b.shelter_id, b.category, min(b.region_code) AS region_code, count(*) AS beds,
         count(*) FILTER (WHERE b.status = 'AVAILABLE') AS available, count(*) FILTER (WHERE b.status = 'HELD') AS held,
         count(*) FILTER (WHERE b.status = 'OCCUPIED') AS occupied, count(*) FILTER (WHERE b.status = 'OUT_OF_SERVICE') AS out_of_service,
         coalesce(min(rs.by_reason::text)::jsonb, '{}') AS out_of_service_reasons
    FROM b LEFT JOIN reasons rs ON rs.shelter_id = b.shelter_id AND rs.category = b.category
   GROUP BY b.shelter_id, b.category`;

/** A snapshot row as compared: every column but built_at, reasons as sorted JSON text. */
type Row = { day: string; shelter: string; category: string; region: string; counts: string; reasons: string };

const NOW = new Date('2026-03-10T15:00:00Z');
const FROM = '2026-03-01';
const TO = '2026-03-10';
const fixedClock = { now: async () => NOW } as unknown as Clock;

const normalise = (rows: Record<string, unknown>[]): Row[] =>
  rows
    .map((r) => ({
      day: r.day instanceof Date ? r.day.toISOString().slice(0, 10) : String(r.day),
      shelter: String(r.shelter_id),
      category: String(r.category),
      region: String(r.region_code),
      counts: ['beds', 'available', 'held', 'occupied', 'out_of_service'].map((k) => Number(r[k])).join('/'),
      reasons: JSON.stringify(Object.entries(r.out_of_service_reasons as Record<string, unknown>).sort()),
    }))
    .sort((a, b) => `${a.day}${a.shelter}${a.category}`.localeCompare(`${b.day}${b.shelter}${b.category}`));

describe('occupancy snapshot rebuild: set-based equals day by day', () => {
  let url: string;
  let ds: DataSource;
  let snapshots: OccupancySnapshotService;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => inTransaction(ds, (em) => em.query(sql, params) as Promise<T[]>);

  /** The old definition's rows for every day from `from` to `to`. */
  async function oracle(from: string, to: string): Promise<Row[]> {
    const rows: Record<string, unknown>[] = [];
    const today = NOW.toISOString().slice(0, 10);
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      rows.push(...(await q(DAY_BY_DAY, [day, day === today ? NOW : new Date(t + 86_400_000)])));
    }
    return normalise(rows);
  }

  const stored = async (from: string, to: string) =>
    normalise(await q(`SELECT * FROM occupancy_snapshot WHERE day BETWEEN $1::date AND $2::date AND shelter_id <> $3`, [from, to, STALE_SHELTER]));

  // A shelter id with no shelter: its rows stand for a shelter whose beds are all gone.
  const STALE_SHELTER = '00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    url = await createTestDatabase('occupancy_rebuild');
    const config = loadConfig({ DATABASE_URL: url });
    ds = new DataSource({ ...dataSourceOptions(config, 'SERVICE'), logging: false });
    await ds.initialize();
    await runMigrations(ds, config);
    snapshots = new OccupancySnapshotService(ds, fixedClock);

    await inTransaction(ds, async (em: EntityManager) => {
      const one = async (sql: string, params: unknown[]) => ((await em.query(sql, params)) as { id: string }[])[0].id;
      await em.query(`INSERT INTO region (code, name, jurisdiction) VALUES ('RB-1', 'RB-1', 'GENERIC_ECAT'), ('RB-2', 'RB-2', 'GENERIC_ECAT')`);
      const shelter = (code: string, region: string, policy: string, families: boolean, minors: boolean) =>
        one(`INSERT INTO shelter (code_name, region_code, gender_policy, accepts_families, accepts_minors) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
          code,
          region,
          policy,
          families,
          minors,
        ]);
      const room = (shelterId: string, label: string, features: string[]) =>
        one(`INSERT INTO room (shelter_id, label, accessibility_features) VALUES ($1, $2, $3) RETURNING id`, [shelterId, label, features]);
      const bed = (shelterId: string, roomId: string, label: string, at: string) =>
        one(`INSERT INTO bed (shelter_id, room_id, label, status_changed_at) VALUES ($1, $2, $3, $4) RETURNING id`, [shelterId, roomId, label, at]);
      const set = (bedId: string, status: string, at: string, reason: string | null = null) =>
        em.query(`UPDATE bed SET status = $2, out_of_service_reason = $3, status_changed_at = $4 WHERE id = $1`, [bedId, status, reason, at]);

      const a = await shelter('RB-A', 'RB-1', 'WOMEN_ONLY', true, false);
      const b = await shelter('RB-B', 'RB-2', 'MIXED', false, true);
      const a1 = await room(a, 'A1', ['STEP_FREE']);
      const a2 = await room(a, 'A2', []);
      const b1 = await room(b, 'B1', ['WHEELCHAIR']);
      const before = '2026-02-20T09:00:00Z';
      const [a11, a12] = [await bed(a, a1, '1', before), await bed(a, a1, '2', before), await bed(a, a1, '3', before)];
      const [a21, a22] = [await bed(a, a2, '1', before), await bed(a, a2, '2', before)];
      const [b11, b12] = [await bed(b, b1, '1', before), await bed(b, b1, '2', before)];

      // Held and occupied on the same day (the later counts), freed later.
      await set(a11, 'HELD', '2026-03-02T10:00:00Z');
      await set(a11, 'OCCUPIED', '2026-03-02T12:00:00Z');
      await set(a11, 'AVAILABLE', '2026-03-06T09:00:00Z');
      // Out of service from before the range, back, then out with a blank reason ("not given").
      await set(a12, 'OUT_OF_SERVICE', '2026-02-25T08:00:00Z', 'Leak in the ceiling');
      await set(a12, 'AVAILABLE', '2026-03-04T08:00:00Z');
      await set(a12, 'OUT_OF_SERVICE', '2026-03-08T08:00:00Z', '  ');
      // Out of service, then only its reason changes; back at exactly midnight (counts for that day).
      await set(a21, 'OUT_OF_SERVICE', '2026-03-05T11:00:00Z', 'Paint');
      await set(a21, 'OUT_OF_SERVICE', '2026-03-07T10:00:00Z', 'Damp');
      await set(a21, 'AVAILABLE', '2026-03-09T00:00:00Z');
      // Two events at the same instant: the higher id wins.
      await set(a22, 'HELD', '2026-03-03T14:00:00Z');
      await em.query(
        `INSERT INTO bed_status_event (bed_id, shelter_id, status, out_of_service_reason, occurred_at) VALUES ($1, $2, 'OCCUPIED', NULL, '2026-03-03T14:00:00Z')`,
        [a22, a],
      );
      // Added mid-range, and occupied today before now; another event after now (not counted today).
      const a23 = await bed(a, a2, '3', '2026-03-05T12:00:00Z');
      await set(a23, 'OCCUPIED', '2026-03-10T08:00:00Z');
      await set(b11, 'HELD', '2026-03-10T18:00:00Z');
      // Removed mid-range: its history goes with it.
      await set(b12, 'OCCUPIED', '2026-03-03T09:00:00Z');
      await em.query(`DELETE FROM bed WHERE id = $1`, [b12]);
      await em.query(
        `INSERT INTO bed_status_event (bed_id, shelter_id, status, out_of_service_reason, occurred_at)
           VALUES (gen_random_uuid(), $1, 'AVAILABLE', NULL, '2026-03-04T09:00:00Z')`,
        [b],
      );
      // Stale rows: inside the range (to be removed) and outside it (to be kept).
      await em.query(
        `INSERT INTO occupancy_snapshot (day, shelter_id, category, region_code, beds, available, held, occupied, out_of_service, built_at)
         VALUES ('2026-03-03', $1, 'ALL', 'RB-1', 4, 4, 0, 0, 0, now()), ('2026-02-27', $1, 'ALL', 'RB-1', 4, 4, 0, 0, 0, now()),
                ('2026-03-03', $2, 'MINORS', 'RB-2', 9, 9, 0, 0, 0, now())`,
        [STALE_SHELTER, a],
      );
    });
  });

  afterAll(async () => {
    await ds?.destroy();
    if (url) await dropTestDatabase(url);
  });

  it('gives the day-by-day rows for the whole range, in one batch and in batches of one shelter', async () => {
    const expected = await oracle(FROM, TO);
    // 2 shelters × 10 days, with (A) ALL, WOMEN_ONLY, FAMILY, ACCESSIBLE and (B) ALL, MIXED, MINORS, ACCESSIBLE.
    expect(expected).toHaveLength(80);
    // Spot checks that the history above is what the oracle reads.
    const row = (day: string, category: string, region = 'RB-1') => expected.find((r) => r.day === day && r.category === category && r.region === region);
    expect(row('2026-03-02', 'ACCESSIBLE')).toMatchObject({ counts: '3/1/0/1/1', reasons: '[["Leak in the ceiling",1]]' });
    expect(row('2026-03-03', 'WOMEN_ONLY')).toMatchObject({ counts: '5/2/0/2/1' });
    expect(row('2026-03-07', 'WOMEN_ONLY')).toMatchObject({ counts: '6/4/0/1/1', reasons: '[["Damp",1]]' });
    expect(row('2026-03-09', 'ALL')).toMatchObject({ counts: '6/4/0/1/1', reasons: '[["not given",1]]' });
    expect(row('2026-03-10', 'ALL')).toMatchObject({ counts: '6/3/0/2/1' });
    expect(row('2026-03-10', 'ALL', 'RB-2')).toMatchObject({ counts: '1/1/0/0/0' });

    const written = await snapshots.rebuild(FROM, TO);
    expect(written).toBe(80);
    expect(await stored(FROM, TO)).toEqual(expected);
    const [{ stale }] = await q<{ stale: number }>(`SELECT count(*)::int AS stale FROM occupancy_snapshot WHERE shelter_id = $1 AND day >= $2::date`, [
      STALE_SHELTER,
      FROM,
    ]);
    expect(stale).toBe(0);

    const batches: number[] = [];
    expect(await snapshots.rebuild(FROM, TO, { bedsPerBatch: 1, onProgress: (p) => batches.push(p.batches) })).toBe(80);
    expect(batches).toEqual([2, 2]);
    expect(await stored(FROM, TO)).toEqual(expected);
  });

  it('rebuilds a sub-range from the state before it, and leaves other days alone', async () => {
    await snapshots.rebuild(FROM, TO);
    const before = await q(`SELECT day, shelter_id, category, built_at FROM occupancy_snapshot ORDER BY 1, 2, 3`);
    await q(`UPDATE occupancy_snapshot SET beds = 99 WHERE day BETWEEN '2026-03-04' AND '2026-03-06'`);
    expect(await snapshots.rebuild('2026-03-04', '2026-03-06', { shelterDaysPerBatch: 3 })).toBe(24);
    expect(await stored(FROM, TO)).toEqual(await oracle(FROM, TO));
    const after = await q(`SELECT day, shelter_id, category, built_at FROM occupancy_snapshot ORDER BY 1, 2, 3`);
    expect(after).toEqual(before);
    // The row before the range stays, as written.
    const [{ kept }] = await q<{ kept: number }>(`SELECT count(*)::int AS kept FROM occupancy_snapshot WHERE day = '2026-02-27'`);
    expect(kept).toBe(1);
  });

  it("writes the worker's yesterday and today as the oracle does", async () => {
    await q(`DELETE FROM occupancy_snapshot WHERE day >= '2026-03-09'`);
    expect(await snapshots.snapshotRecent()).toBe(16);
    expect(await stored('2026-03-09', TO)).toEqual(await oracle('2026-03-09', TO));
  });
});
