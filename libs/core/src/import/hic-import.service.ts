/**
 * Imports a HIC "counts by CoC" file as Harbour's network (regions, shelters,
 * rooms, beds) in ONE transaction, with set-based SQL: each statement sends
 * whole columns as arrays and PostgreSQL expands them with unnest() and
 * generate_series(). Idempotent: every insert is ON CONFLICT DO NOTHING on a
 * natural key (region code; shelter external_ref; room (shelter_id, label);
 * bed (room_id, label)), so importing the same file twice adds nothing.
 * Existing rows are never updated (edits made in Harbour survive a re-import).
 */
import { DataSource, EntityManager } from 'typeorm';
import { HicFile, HicProgram, HIC_PROGRAMS, readHicFile, HicParseOptions } from './hic-csv';
import { HicImportError } from './hic-errors';
import { BedTotals, emptyBedTotals, HIC_REF_PREFIX, HicDvKind, HicHousehold, HicMappingOptions, NetworkPlan, planHicNetwork } from './hic-mapping';

/** Rows written per statement. */
const SHELTER_BATCH = 2_000;
const ROOM_BATCH = 20_000;

/** Advisory lock key held (for the transaction) while an import runs, so two imports do not interleave. */
const IMPORT_LOCK_KEY = 726_384_101;

/** Created vs already present (found by natural key and left unchanged). */
export interface CreatedCount {
  created: number;
  alreadyPresent: number;
}

/** What {@link importHic} did. All counts are rows (beds are bed spaces). */
export interface HicImportSummary {
  file: string;
  /** CoC rows in the file (= regions planned). */
  cocs: number;
  regions: CreatedCount;
  shelters: CreatedCount;
  rooms: CreatedCount;
  beds: CreatedCount;
  /** Beds the mapping planned from the file. */
  planned: BedTotals;
  /** Beds counted in the database after the import, in the imported CoCs' hic2023 shelters. */
  database: BedTotals & { shelters: number; rooms: number; accessibleRooms: number };
  /** The file's Total row figures for the imported columns (null if the file has none). */
  fileTotals: BedTotals | null;
  /** True when database, plan and the file's Total row (or the sum of CoC rows) agree on every figure. */
  ok: boolean;
  /** The check line, e.g. `bed total equals the file's Total row: 449567`, or a MISMATCH message. */
  check: string;
  /** Disagreements between the Total row and the CoC rows, and other non-fatal notes. */
  warnings: string[];
  /** Wall-clock time of the whole import, in milliseconds. */
  durationMs: number;
}

/** Options of {@link importHic}. */
export interface HicImportOptions extends HicParseOptions {
  /** Called after each batch with work done and total work (shelters + rooms + beds planned). */
  onProgress?(done: number, total: number): void;
  /** Called once the file is read and planned: CoC rows read, and the shelters, rooms and beds about to be written. */
  onPlanned?(plan: { rows: number; shelters: number; rooms: number; beds: number }): void;
  /** Called as beds are written (inside the transaction): beds written so far, of `total`. */
  onBedsWritten?(written: number, total: number): void;
  /** Overrides of the mapping's sizes (tests). */
  mapping?: Partial<HicMappingOptions>;
}

/** Bed totals of the file itself, from the Total row (or the CoC rows' sum when `useRowSum`). */
export function fileBedTotals(file: HicFile, useRowSum = false): BedTotals | null {
  const t = useRowSum ? file.sumOfRows : file.totalRow?.totals;
  if (!t) return null;
  const out = emptyBedTotals();
  out.total = t.ALL.yearRoundBeds;
  for (const p of HIC_PROGRAMS) out.byProgram[p] = t[p].yearRoundBeds;
  out.byDv.DV = t.ALL.yearRoundBeds - t.ALL.nonDvBeds;
  out.byDv.NONDV = t.ALL.nonDvBeds;
  out.byHousehold.FAMILY = t.ALL.bedsWithChildren;
  out.byHousehold.ADULT = t.ALL.bedsWithoutChildren;
  out.byHousehold.MINOR = t.ALL.bedsOnlyChildren;
  return out;
}

/** Lists every figure where `a` and `b` differ, as `name: a ≠ b`. */
export function compareBedTotals(a: BedTotals, b: BedTotals, aName: string, bName: string): string[] {
  const diffs: string[] = [];
  const cmp = (label: string, x: number, y: number) => {
    if (x !== y) diffs.push(`${label}: ${aName} ${x} ≠ ${bName} ${y}`);
  };
  cmp('total beds', a.total, b.total);
  for (const k of Object.keys(a.byProgram) as HicProgram[]) cmp(`${k} beds`, a.byProgram[k], b.byProgram[k]);
  for (const k of Object.keys(a.byDv) as HicDvKind[]) cmp(`${k} beds`, a.byDv[k], b.byDv[k]);
  for (const k of Object.keys(a.byHousehold) as HicHousehold[]) cmp(`${k} beds`, a.byHousehold[k], b.byHousehold[k]);
  return diffs;
}

/**
 * Counts, in the database, the beds of the hic2023 shelters of the given CoCs,
 * by program, DV kind and household type (parsed from shelter.external_ref).
 */
export async function countHicBeds(
  em: EntityManager | DataSource,
  cocs: readonly string[],
): Promise<BedTotals & { shelters: number; rooms: number; accessibleRooms: number }> {
  const where = `s.external_ref LIKE '${HIC_REF_PREFIX}:%' AND split_part(s.external_ref, ':', 2) = ANY($1::text[])`;
  const beds: { program: HicProgram; dv: HicDvKind; household: HicHousehold; n: number }[] = await em.query(
    `SELECT split_part(s.external_ref, ':', 3) AS program, split_part(s.external_ref, ':', 4) AS dv,
            split_part(s.external_ref, ':', 5) AS household, count(*)::int AS n
       FROM bed b JOIN shelter s ON s.id = b.shelter_id
      WHERE ${where}
      GROUP BY 1, 2, 3`,
    [cocs],
  );
  const [other]: { shelters: number; rooms: number; accessible: number }[] = await em.query(
    `SELECT (SELECT count(*)::int FROM shelter s WHERE ${where}) AS shelters,
            count(*)::int AS rooms,
            (count(*) FILTER (WHERE 'WHEELCHAIR' = ANY(r.accessibility_features)))::int AS accessible
       FROM room r JOIN shelter s ON s.id = r.shelter_id
      WHERE ${where}`,
    [cocs],
  );
  const t = emptyBedTotals();
  for (const row of beds) {
    t.total += row.n;
    t.byProgram[row.program] = (t.byProgram[row.program] ?? 0) + row.n;
    t.byDv[row.dv] = (t.byDv[row.dv] ?? 0) + row.n;
    t.byHousehold[row.household] = (t.byHousehold[row.household] ?? 0) + row.n;
  }
  return { ...t, shelters: other.shelters, rooms: other.rooms, accessibleRooms: other.accessible };
}

/**
 * Imports the HIC "counts by CoC" file at `filePath` into the database of
 * `dataSource`: one region per CoC, and the shelters, rooms and beds planned by
 * {@link planHicNetwork} (see docs/hic-import.md). Everything happens in one
 * transaction: a bad file, or any failure, leaves the database unchanged.
 *
 * @returns what was created and what was already present, bed totals (planned,
 *   in the database, in the file) and the Total-row check.
 * @throws HicImportError for a bad file (message names line, column and value),
 *   before anything is written; database errors are rethrown after rollback.
 */
export async function importHic(dataSource: DataSource, filePath: string, options: HicImportOptions = {}): Promise<HicImportSummary> {
  const started = Date.now();
  const file = await readHicFile(filePath, options);
  const plan = planHicNetwork(file.rows, options.mapping);
  const rowSum = fileBedTotals(file, true)!;
  const planVsRows = compareBedTotals(plan.totals, rowSum, 'planned', 'file rows');
  if (planVsRows.length > 0) {
    // The mapping preserves every total by construction; this is a bug, not a bad file.
    throw new Error(`HIC mapping lost beds: ${planVsRows.join('; ')}`);
  }

  options.onPlanned?.({ rows: file.rows.length, shelters: plan.shelters.length, rooms: plan.rooms, beds: plan.totals.total });
  const written = await dataSource.transaction('READ COMMITTED', (em) => writePlan(em, file, plan, options.onProgress, options.onBedsWritten));
  // Fresh planner statistics for the tables just filled: before autovacuum gets to them the candidate search
  // misjudges the room counters (issue 13: a region-restricted search 20-60 ms instead of 1-3 ms on the full import).
  if (written.beds.created > 0) await dataSource.query('ANALYZE shelter, room, bed');

  const fileTotals = fileBedTotals(file);
  const reference = fileTotals ?? rowSum;
  const referenceName = fileTotals ? "the file's Total row" : 'the sum of the CoC rows (the file has no Total row)';
  const diffs = [...compareBedTotals(written.database, reference, 'database', 'file'), ...compareBedTotals(plan.totals, reference, 'planned', 'file')];
  const ok = diffs.length === 0;
  const check = ok ? `bed total equals ${referenceName}: ${reference.total}` : `MISMATCH: bed totals differ from ${referenceName}: ${diffs.join('; ')}`;
  const warnings = [...file.totalRowMismatches];
  if (!file.totalRow) warnings.push('the file has no Total row; totals were checked against the sum of the CoC rows');

  return {
    file: filePath,
    cocs: file.rows.length,
    regions: written.regions,
    shelters: written.shelters,
    rooms: written.rooms,
    beds: written.beds,
    planned: plan.totals,
    database: written.database,
    fileTotals,
    ok,
    check,
    warnings,
    durationMs: Date.now() - started,
  };
}

interface Written {
  regions: CreatedCount;
  shelters: CreatedCount;
  rooms: CreatedCount;
  beds: CreatedCount;
  database: HicImportSummary['database'];
}

async function countOf(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const [row]: { n: number }[] = await em.query(sql, params);
  return row.n;
}

async function writePlan(
  em: EntityManager,
  file: HicFile,
  plan: NetworkPlan,
  onProgress?: (done: number, total: number) => void,
  onBedsWritten?: (written: number, total: number) => void,
): Promise<Written> {
  // The pool's 30 s statement timeout is for request work; batches here are bounded but large.
  await em.query(`SET LOCAL statement_timeout = '300s'`);
  await em.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);

  const totalWork = plan.shelters.length + plan.rooms + plan.totals.total;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, totalWork);
  };
  onProgress?.(0, totalWork);
  let bedsDone = 0;
  onBedsWritten?.(0, plan.totals.total);

  const cocs = file.rows.map((r) => r.coc);
  const regionsCreated = await countOf(
    em,
    `WITH ins AS (
       INSERT INTO region (code, name, jurisdiction) SELECT c, c, 'GENERIC_ECAT' FROM unnest($1::varchar[]) AS c
       ON CONFLICT (code) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [cocs],
  );

  // Shelters: insert the missing ones, then read back every id by external_ref.
  const shelterId = new Map<string, string>();
  let sheltersCreated = 0;
  for (let i = 0; i < plan.shelters.length; i += SHELTER_BATCH) {
    const batch = plan.shelters.slice(i, i + SHELTER_BATCH);
    const refs = batch.map((s) => s.externalRef);
    sheltersCreated += await countOf(
      em,
      `WITH ins AS (
         INSERT INTO shelter (code_name, region_code, gender_policy, accepts_families, accepts_minors,
                              languages, specialisms, external_ref, adult_max_age)
         SELECT code, region, policy, fam, minors, string_to_array(langs, ','), string_to_array(specs, ','), ref, adult_age
           FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::boolean[], $5::boolean[],
                       $6::text[], $7::text[], $8::varchar[], $9::smallint[])
             AS x(code, region, policy, fam, minors, langs, specs, ref, adult_age)
         ON CONFLICT (external_ref) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [
        batch.map((s) => s.codeName),
        batch.map((s) => s.regionCode),
        batch.map((s) => s.genderPolicy),
        batch.map((s) => s.acceptsFamilies),
        batch.map((s) => s.acceptsMinors),
        batch.map((s) => s.languages.join(',')),
        batch.map((s) => s.specialisms.join(',')),
        refs,
        batch.map((s) => s.adultMaxAge),
      ],
    );
    const ids: { id: string; external_ref: string }[] = await em.query('SELECT id, external_ref FROM shelter WHERE external_ref = ANY($1::varchar[])', [refs]);
    for (const r of ids) shelterId.set(r.external_ref, r.id);
    progress(batch.length);
  }

  // Rooms, then their beds, in batches of rooms.
  const rooms = plan.shelters.flatMap((s) => s.rooms.map((r) => ({ shelter: shelterId.get(s.externalRef)!, r })));
  let roomsCreated = 0;
  let bedsCreated = 0;
  for (let i = 0; i < rooms.length; i += ROOM_BATCH) {
    const batch = rooms.slice(i, i + ROOM_BATCH);
    const shelterIds = batch.map((x) => x.shelter);
    const labels = batch.map((x) => x.r.label);
    roomsCreated += await countOf(
      em,
      `WITH ins AS (
         INSERT INTO room (shelter_id, label, accessibility_features)
         SELECT sid, label, string_to_array(features, ',')
           FROM unnest($1::uuid[], $2::varchar[], $3::text[]) AS x(sid, label, features)
         ON CONFLICT (shelter_id, label) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [shelterIds, labels, batch.map((x) => x.r.accessibilityFeatures.join(','))],
    );
    const bedCount = batch.reduce((n, x) => n + x.r.beds, 0);
    progress(batch.length);
    bedsCreated += await countOf(
      em,
      `WITH ins AS (
         INSERT INTO bed (room_id, shelter_id, label)
         SELECT r.id, r.shelter_id, r.label || '-B' || g
           FROM unnest($1::uuid[], $2::varchar[], $3::int[]) AS x(sid, label, beds)
           JOIN room r ON r.shelter_id = x.sid AND r.label = x.label
           CROSS JOIN LATERAL generate_series(1, x.beds) AS g
         ON CONFLICT (room_id, label) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [shelterIds, labels, batch.map((x) => x.r.beds)],
    );
    progress(bedCount);
    bedsDone += bedCount;
    onBedsWritten?.(bedsDone, plan.totals.total);
  }

  const database = await countHicBeds(em, cocs);
  if (shelterId.size !== plan.shelters.length) {
    throw new HicImportError(`only ${shelterId.size} of ${plan.shelters.length} shelters could be written`);
  }
  return {
    regions: { created: regionsCreated, alreadyPresent: cocs.length - regionsCreated },
    shelters: { created: sheltersCreated, alreadyPresent: plan.shelters.length - sheltersCreated },
    rooms: { created: roomsCreated, alreadyPresent: plan.rooms - roomsCreated },
    beds: { created: bedsCreated, alreadyPresent: plan.totals.total - bedsCreated },
    database,
  };
}

/** Renders a summary as the lines `harbour import hic` prints. */
export function formatHicSummary(s: HicImportSummary): string {
  const pair = (c: CreatedCount) => `${c.created} created, ${c.alreadyPresent} already present`;
  const d = s.database;
  const lines = [
    `HIC import of ${s.file} (${s.cocs} CoCs) in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  regions:  ${pair(s.regions)}`,
    `  shelters: ${pair(s.shelters)}`,
    `  rooms:    ${pair(s.rooms)}`,
    `  beds:     ${pair(s.beds)}`,
    `In the database (hic2023 shelters of these CoCs): ${d.shelters} shelters, ${d.rooms} rooms (${d.accessibleRooms} step-free + wheelchair), ${d.total} beds`,
    `  beds by program:   ES ${d.byProgram.ES}, TH ${d.byProgram.TH}, SH ${d.byProgram.SH}`,
    `  beds by DV:        DV ${d.byDv.DV}, non-DV ${d.byDv.NONDV}`,
    `  beds by household: with children ${d.byHousehold.FAMILY}, without children ${d.byHousehold.ADULT}, only children ${d.byHousehold.MINOR}`,
    s.ok ? `Check: ${s.check}` : `!!! ${s.check}`,
    ...s.warnings.map((w) => `Warning: ${w}`),
  ];
  return lines.join('\n');
}
