/**
 * Imports a HIC "counts by CoC" file of any year as Harbour's network (regions,
 * shelters, rooms, beds) in ONE transaction, with set-based SQL: each statement
 * sends whole columns as arrays and PostgreSQL expands them with unnest() and
 * generate_series().
 *
 * Snapshots: every imported shelter's natural key starts with its year
 * (`hic2023:…`), and the network holds one HIC year at a time, the latest
 * imported. Importing:
 * - the same year again adds only what is missing (ON CONFLICT DO NOTHING on
 *   region code; shelter external_ref; room (shelter_id, label); bed (room_id,
 *   label)), so it changes nothing; existing rows are never updated;
 * - a later year adds that year's shelters and retires the earlier year's:
 *   they are CLOSED (no new referrals, no free beds counted) but never deleted,
 *   so a live hold or placement on one of their beds goes on to its end;
 * - an earlier year is refused.
 * The bed totals are checked against the file inside the transaction: any
 * disagreement rolls everything back (HicCheckError). A dry run does all of it
 * and rolls back.
 */
import { DataSource, EntityManager } from 'typeorm';
import { HicFile, HicProgram, HIC_PROGRAMS, readHicFile, HicParseOptions, resolveHicYear, HicYearSource } from './hic-csv';
import { HicImportError } from './hic-errors';
import {
  BedTotals,
  emptyBedTotals,
  HIC_REF_PATTERN,
  hicRefPrefix,
  HicDvKind,
  HicHousehold,
  hicCodeName,
  HicMappingOptions,
  NetworkPlan,
  planHicNetwork,
} from './hic-mapping';

/** Code name lengths (characters after `H-`) tried in turn when a shorter one is taken. */
const CODE_NAME_LENGTHS = [8, 12, 16, 20] as const;

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

/** Beds in service (in OPEN imported shelters) of one region, before and after the import. */
export interface RegionChange {
  /** Region code (CoC number). */
  code: string;
  /** Beds before the import (0 if the region had none). */
  before: number;
  /** Beds after the import (0 if the file has no beds for it). */
  after: number;
}

/**
 * How the inventory in service changed: beds in OPEN shelters imported from
 * any HIC year, per region, before and after the import.
 */
export interface HicSnapshotChange {
  /** Regions with beds after but none before. */
  regionsAdded: RegionChange[];
  /** Regions with beds before but none after (not in the new file). */
  regionsRemoved: RegionChange[];
  /** Regions with beds before and after, in a different number. */
  regionsChanged: RegionChange[];
  /** Regions with the same number of beds before and after. */
  regionsUnchanged: number;
  /** Beds in service before and after. */
  bedsBefore: number;
  bedsAfter: number;
}

/** What {@link importHic} did (or, in a dry run, would do). All counts are rows (beds are bed spaces). */
export interface HicImportSummary {
  file: string;
  /** The file's HIC year and where it was found. */
  year: number;
  yearSource: HicYearSource;
  /** The HIC year the network held before (null: none imported yet). */
  previousYear: number | null;
  /** FIRST: no HIC year before; SAME: the year already held; NEW: a later year replaced an earlier one. */
  snapshot: 'FIRST' | 'SAME' | 'NEW';
  /** True when nothing was written: the transaction was rolled back on purpose. */
  dryRun: boolean;
  /** CoC rows in the file (= regions planned). */
  cocs: number;
  regions: CreatedCount;
  shelters: CreatedCount;
  rooms: CreatedCount;
  beds: CreatedCount;
  /**
   * Shelters of earlier years closed by this import, their beds, and how many of
   * those beds are HELD or OCCUPIED (they stay so until their hold or placement ends).
   */
  retired: { shelters: number; beds: number; liveBeds: number };
  /** Inventory in service before and after, by region. */
  change: HicSnapshotChange;
  /** Beds the mapping planned from the file. */
  planned: BedTotals;
  /** Beds counted in the database after the import, in the imported CoCs' shelters of this year. */
  database: BedTotals & { shelters: number; rooms: number; accessibleRooms: number };
  /** OPEN shelters imported from another HIC year after the import (always 0: years never mix). */
  otherYearsOpen: number;
  /** The file's Total row figures for the imported columns (null if the file has none). */
  fileTotals: BedTotals | null;
  /** True when database, plan and the file's Total row (or the sum of CoC rows) agree on every figure. */
  ok: boolean;
  /** The check line, e.g. `bed total equals the file's Total row: 449567`, or a MISMATCH message. */
  check: string;
  /** Disagreements between the Total row and the CoC rows, and other non-fatal findings. */
  warnings: string[];
  /** How the file was read: columns derived or not read, footnote marks dropped, notes after the table. */
  notes: string[];
  /** Wall-clock time of the whole import, in milliseconds. */
  durationMs: number;
}

/**
 * Thrown when the bed totals written disagree with the file (or a year would
 * mix with another): the transaction was rolled back, nothing is written.
 * `summary` is what the import found, for the report.
 */
export class HicCheckError extends HicImportError {
  /** @param summary the summary of the rolled-back import (its `ok` is false) */
  constructor(readonly summary: HicImportSummary) {
    super(`${summary.check}; nothing was written`);
  }
}

/** Options of {@link importHic}. */
export interface HicImportOptions extends HicParseOptions {
  /** The HIC year, when the file's title rows and name do not say it (if they do, they must agree). */
  year?: number;
  /** Do everything, report it, and roll back: nothing is written. */
  dryRun?: boolean;
  /** Called after each batch with work done and total work (shelters + rooms + beds planned). */
  onProgress?(done: number, total: number): void;
  /** Called once the file is read and planned: CoC rows read, the year, and the shelters, rooms and beds about to be written. */
  onPlanned?(plan: { rows: number; year: number; shelters: number; rooms: number; beds: number }): void;
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
 * Counts, in the database, the beds of the shelters imported from the HIC of
 * `year` in the given CoCs, by program, DV kind and household type (parsed
 * from shelter.external_ref).
 */
export async function countHicBeds(
  em: EntityManager | DataSource,
  year: number,
  cocs: readonly string[],
): Promise<BedTotals & { shelters: number; rooms: number; accessibleRooms: number }> {
  const where = `s.external_ref LIKE $2 AND split_part(s.external_ref, ':', 2) = ANY($1::text[])`;
  const params = [cocs, `${hicRefPrefix(year)}:%`];
  const beds: { program: HicProgram; dv: HicDvKind; household: HicHousehold; n: number }[] = await em.query(
    `SELECT split_part(s.external_ref, ':', 3) AS program, split_part(s.external_ref, ':', 4) AS dv,
            split_part(s.external_ref, ':', 5) AS household, count(*)::int AS n
       FROM bed b JOIN shelter s ON s.id = b.shelter_id
      WHERE ${where}
      GROUP BY 1, 2, 3`,
    params,
  );
  const [other]: { shelters: number; rooms: number; accessible: number }[] = await em.query(
    `SELECT (SELECT count(*)::int FROM shelter s WHERE ${where}) AS shelters,
            count(*)::int AS rooms,
            (count(*) FILTER (WHERE 'WHEELCHAIR' = ANY(r.accessibility_features)))::int AS accessible
       FROM room r JOIN shelter s ON s.id = r.shelter_id
      WHERE ${where}`,
    params,
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

/** The HIC year the network holds: the latest year with imported shelters, or null. */
export async function currentHicYear(em: EntityManager | DataSource): Promise<number | null> {
  const [row]: { year: number | null }[] = await em.query(`SELECT max(substr(external_ref, 4, 4)::int) AS year FROM shelter WHERE external_ref ~ $1`, [
    HIC_REF_PATTERN,
  ]);
  return row.year;
}

/** Beds in OPEN shelters imported from any HIC year, per region code. */
async function bedsInService(em: EntityManager): Promise<Map<string, number>> {
  const rows: { code: string; beds: number }[] = await em.query(
    `SELECT region_code AS code, sum(total_beds)::int AS beds FROM shelter
      WHERE external_ref ~ $1 AND status = 'OPEN' GROUP BY 1 HAVING sum(total_beds) > 0`,
    [HIC_REF_PATTERN],
  );
  return new Map(rows.map((r) => [r.code, r.beds]));
}

/** The per-region difference between two {@link bedsInService} maps. */
export function snapshotChange(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): HicSnapshotChange {
  const change: HicSnapshotChange = { regionsAdded: [], regionsRemoved: [], regionsChanged: [], regionsUnchanged: 0, bedsBefore: 0, bedsAfter: 0 };
  for (const code of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const c = { code, before: before.get(code) ?? 0, after: after.get(code) ?? 0 };
    change.bedsBefore += c.before;
    change.bedsAfter += c.after;
    if (c.before === 0) change.regionsAdded.push(c);
    else if (c.after === 0) change.regionsRemoved.push(c);
    else if (c.before !== c.after) change.regionsChanged.push(c);
    else change.regionsUnchanged += 1;
  }
  return change;
}

/** Thrown inside the transaction of a dry run to roll it back; carries the summary out. */
class DryRunRollback extends Error {
  constructor(readonly summary: HicImportSummary) {
    super('dry run: rolled back');
  }
}

/**
 * Imports the HIC "counts by CoC" file at `filePath` into the database of
 * `dataSource`: one region per CoC, and the shelters, rooms and beds planned by
 * {@link planHicNetwork} (see docs/hic-import.md), as the snapshot of the file's
 * year (see the file header: same year, later year, earlier year). Everything
 * happens in one transaction: a bad file, a failed check or any failure leaves
 * the database unchanged, and so does `dryRun`.
 *
 * @returns what was (or would be) created, retired and changed, bed totals
 *   (planned, in the database, in the file) and the Total-row check.
 * @throws HicImportError for a bad file (message names line, column and value)
 *   or an unknown or ambiguous year, before anything is written; for a year
 *   earlier than the network's, or a file of the network's year that plans
 *   fewer sites than were imported from it; HicCheckError when the bed totals
 *   written disagree with the file (rolled back); database errors are rethrown
 *   after rollback.
 */
export async function importHic(dataSource: DataSource, filePath: string, options: HicImportOptions = {}): Promise<HicImportSummary> {
  const started = Date.now();
  const file = await readHicFile(filePath, options);
  const { year, source: yearSource } = resolveHicYear(file, { path: filePath, explicit: options.year });
  const plan = planHicNetwork(file.rows, year, options.mapping);
  const rowSum = fileBedTotals(file, true)!;
  const planVsRows = compareBedTotals(plan.totals, rowSum, 'planned', 'file rows');
  if (planVsRows.length > 0) {
    // The mapping preserves every total by construction; this is a bug, not a bad file.
    throw new Error(`HIC mapping lost beds: ${planVsRows.join('; ')}`);
  }
  const fileTotals = fileBedTotals(file);
  const reference = fileTotals ?? rowSum;
  const referenceName = fileTotals ? "the file's Total row" : 'the sum of the CoC rows (the file has no Total row)';
  const warnings = [...file.totalRowMismatches];
  if (!file.totalRow) warnings.push('the file has no Total row; totals were checked against the sum of the CoC rows');
  const notes = [...file.layout.notes];
  if (file.annotatedCells.first) {
    const f = file.annotatedCells.first;
    notes.push(`${file.annotatedCells.count} cell(s) carried a footnote mark, dropped (first: line ${f.line}, column "${f.column}": "${f.value}")`);
  }
  if (file.trailingNotes.length > 0)
    notes.push(`${file.trailingNotes.length} note row(s) after the table, not read (first on line ${file.trailingNotes[0].line})`);

  options.onPlanned?.({ rows: file.rows.length, year, shelters: plan.shelters.length, rooms: plan.rooms, beds: plan.totals.total });
  let summary: HicImportSummary;
  try {
    summary = await dataSource.transaction('READ COMMITTED', async (em) => {
      // The pool's 30 s statement timeout is for request work; batches here are bounded but large.
      await em.query(`SET LOCAL statement_timeout = '300s'`);
      await em.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
      const previousYear = await currentHicYear(em);
      if (previousYear !== null && year < previousYear) {
        throw new HicImportError(`the network holds the HIC ${previousYear} snapshot; this file is HIC ${year}, an earlier year: refused, nothing written`);
      }
      if (previousYear === year) await refuseStaleSites(em, year, plan);
      const before = await bedsInService(em);
      const lengthened = await avoidTakenCodeNames(em, plan);
      if (lengthened > 0) {
        notes.push(`${lengthened} code name(s) were taken by shelters of other years or made by hand: those shelters got longer code names of their own refs`);
      }

      const written = await writePlan(em, file, plan, options.onProgress, options.onBedsWritten);
      const retired = await retireOtherYears(em, year);
      const after = await bedsInService(em);
      const database = await countHicBeds(
        em,
        year,
        file.rows.map((r) => r.coc),
      );
      const [{ n: otherYearsOpen }]: { n: number }[] = await em.query(
        `SELECT count(*)::int AS n FROM shelter WHERE external_ref ~ $1 AND external_ref NOT LIKE $2 AND status = 'OPEN'`,
        [HIC_REF_PATTERN, `${hicRefPrefix(year)}:%`],
      );

      const diffs = [...compareBedTotals(database, reference, 'database', 'file'), ...compareBedTotals(plan.totals, reference, 'planned', 'file')];
      if (otherYearsOpen > 0) diffs.push(`${otherYearsOpen} shelters of other HIC years still open`);
      const ok = diffs.length === 0;
      const result: HicImportSummary = {
        file: filePath,
        year,
        yearSource,
        previousYear,
        snapshot: previousYear === null ? 'FIRST' : previousYear === year ? 'SAME' : 'NEW',
        dryRun: options.dryRun === true,
        cocs: file.rows.length,
        regions: written.regions,
        shelters: written.shelters,
        rooms: written.rooms,
        beds: written.beds,
        retired,
        change: snapshotChange(before, after),
        planned: plan.totals,
        database,
        otherYearsOpen,
        fileTotals,
        ok,
        check: ok ? `bed total equals ${referenceName}: ${reference.total}` : `MISMATCH: bed totals differ from ${referenceName}: ${diffs.join('; ')}`,
        warnings,
        notes,
        durationMs: 0,
      };
      if (!ok) throw new HicCheckError({ ...result, durationMs: Date.now() - started });
      if (options.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (e: unknown) {
    if (e instanceof DryRunRollback) return { ...e.summary, durationMs: Date.now() - started };
    throw e;
  }
  // Fresh planner statistics for the tables just filled: before autovacuum gets to them the candidate search
  // misjudges the room counters (issue 13: a region-restricted search 20-60 ms instead of 1-3 ms on the full import),
  // and the report history's snapshot rebuild misjudges the bed events a bed's insert trigger wrote (1,305 rows
  // estimated against 449,567 on the full import).
  if (summary.beds.created > 0 || summary.retired.shelters > 0) await dataSource.query('ANALYZE shelter, room, bed, bed_status_event');
  return { ...summary, durationMs: Date.now() - started };
}

/**
 * Makes the plan's code names free in the database (inside the import's
 * transaction, after its advisory lock). Code names are unique whatever their
 * case (`shelter_code_name_unique_ci`) across every shelter: those of other
 * HIC years, whose refs can hash to the same 8 characters, and those made by
 * hand. A planned shelter already in the database (same external ref) keeps
 * the name it has; any other whose name is taken, in the database or by an
 * earlier shelter of the plan, gets the 12-character name of its own ref, else
 * 16, else 20 ({@link hicCodeName}: deterministic, so the same database and
 * file give the same names). Returns how many names were lengthened.
 * @throws HicImportError if all of a shelter's names are taken (never expected).
 */
async function avoidTakenCodeNames(em: EntityManager, plan: NetworkPlan): Promise<number> {
  const refs = plan.shelters.map((s) => s.externalRef);
  const present: { external_ref: string; code_name: string }[] = await em.query(
    'SELECT external_ref, code_name FROM shelter WHERE external_ref = ANY($1::varchar[])',
    [refs],
  );
  const existing = new Map(present.map((r) => [r.external_ref, r.code_name]));
  const candidates = plan.shelters.flatMap((s) => [s.codeName, ...CODE_NAME_LENGTHS.map((n) => hicCodeName(s.externalRef, n))].map((c) => c.toLowerCase()));
  const takenRows: { name: string }[] = await em.query(
    `SELECT lower(code_name) AS name FROM shelter
      WHERE lower(code_name) = ANY($1::text[]) AND (external_ref IS NULL OR NOT external_ref = ANY($2::varchar[]))`,
    [candidates, refs],
  );
  const used = new Set(takenRows.map((r) => r.name));
  for (const s of plan.shelters) {
    const name = existing.get(s.externalRef);
    if (name !== undefined) {
      s.codeName = name;
      used.add(name.toLowerCase());
    }
  }
  let lengthened = 0;
  for (const s of plan.shelters) {
    if (existing.has(s.externalRef)) continue;
    const planned = s.codeName;
    const free = [planned, ...CODE_NAME_LENGTHS.map((n) => hicCodeName(s.externalRef, n)).filter((c) => c.length > planned.length)].find(
      (c) => !used.has(c.toLowerCase()),
    );
    if (free === undefined) throw new HicImportError(`no free code name for the shelter ${s.externalRef}: ${planned} and its longer forms are all taken`);
    if (free !== planned) lengthened++;
    s.codeName = free;
    used.add(free.toLowerCase());
  }
  return lengthened;
}

/**
 * Re-importing the network's own year: refuses (writing nothing) when the
 * database holds sites of that year the file does not plan (a different file
 * for the same year), since they could be neither kept (the year would no
 * longer equal the file) nor retired (both would be the same year).
 */
async function refuseStaleSites(em: EntityManager, year: number, plan: NetworkPlan): Promise<void> {
  const stale: { external_ref: string; n: number }[] = await em.query(
    `SELECT external_ref, count(*) OVER ()::int AS n FROM shelter
      WHERE external_ref LIKE $1 AND NOT (external_ref = ANY($2::varchar[]))
      ORDER BY external_ref LIMIT 3`,
    [`${hicRefPrefix(year)}:%`, plan.shelters.map((s) => s.externalRef)],
  );
  if (stale.length > 0) {
    throw new HicImportError(
      `the network already holds HIC ${year} with ${stale[0].n} site(s) this file does not plan (e.g. ${stale.map((s) => s.external_ref).join(', ')}): a different file for the same year is refused, nothing written`,
    );
  }
}

/**
 * Closes every OPEN shelter imported from a HIC year other than `year`. Nothing
 * is deleted: beds keep their status, so a HELD or OCCUPIED bed's hold or
 * placement goes on; a CLOSED shelter takes no new referrals and its beds are
 * not counted as free.
 * @returns shelters closed, their beds, and how many of those were HELD or OCCUPIED
 */
async function retireOtherYears(em: EntityManager, year: number): Promise<HicImportSummary['retired']> {
  const [row]: { shelters: number; beds: number; live: number }[] = await em.query(
    `WITH r AS (
       UPDATE shelter SET status = 'CLOSED', updated_at = now()
        WHERE external_ref ~ $1 AND external_ref NOT LIKE $2 AND status = 'OPEN'
       RETURNING total_beds, used_beds)
     SELECT count(*)::int AS shelters, coalesce(sum(total_beds), 0)::int AS beds, coalesce(sum(used_beds), 0)::int AS live FROM r`,
    [HIC_REF_PATTERN, `${hicRefPrefix(year)}:%`],
  );
  return { shelters: row.shelters, beds: row.beds, liveBeds: row.live };
}

interface Written {
  regions: CreatedCount;
  shelters: CreatedCount;
  rooms: CreatedCount;
  beds: CreatedCount;
}

async function countOf(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const [row]: { n: number }[] = await em.query(sql, params);
  return row.n;
}

/** Writes the plan (ON CONFLICT DO NOTHING throughout) inside the caller's transaction. */
async function writePlan(
  em: EntityManager,
  file: HicFile,
  plan: NetworkPlan,
  onProgress?: (done: number, total: number) => void,
  onBedsWritten?: (written: number, total: number) => void,
): Promise<Written> {
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

  if (shelterId.size !== plan.shelters.length) {
    throw new HicImportError(`only ${shelterId.size} of ${plan.shelters.length} shelters could be written`);
  }
  return {
    regions: { created: regionsCreated, alreadyPresent: cocs.length - regionsCreated },
    shelters: { created: sheltersCreated, alreadyPresent: plan.shelters.length - sheltersCreated },
    rooms: { created: roomsCreated, alreadyPresent: plan.rooms - roomsCreated },
    beds: { created: bedsCreated, alreadyPresent: plan.totals.total - bedsCreated },
  };
}

/** Renders a summary as the lines `harbour import hic` prints. */
export function formatHicSummary(s: HicImportSummary): string {
  const pair = (c: CreatedCount) => `${c.created} created, ${c.alreadyPresent} already present`;
  const d = s.database;
  const c = s.change;
  const list = (rs: RegionChange[]) =>
    rs.length === 0
      ? ''
      : `: ${rs
          .slice(0, 8)
          .map((r) => `${r.code} ${r.before}→${r.after}`)
          .join(', ')}${rs.length > 8 ? ', …' : ''}`;
  const snapshot =
    s.snapshot === 'FIRST'
      ? `first HIC snapshot: ${s.year}`
      : s.snapshot === 'SAME'
        ? `HIC ${s.year} again (the network already holds it)`
        : `HIC ${s.year} replaces HIC ${s.previousYear}`;
  const lines = [
    `${s.dryRun ? 'DRY RUN (nothing written): ' : ''}HIC import of ${s.file} (${s.cocs} CoCs, year ${s.year} from the ${s.yearSource}) in ${(s.durationMs / 1000).toFixed(1)} s`,
    `Snapshot: ${snapshot}`,
    `  regions:  ${pair(s.regions)}`,
    `  shelters: ${pair(s.shelters)}`,
    `  rooms:    ${pair(s.rooms)}`,
    `  beds:     ${pair(s.beds)}`,
    `  retired:  ${s.retired.shelters} shelters of earlier years closed, ${s.retired.beds} beds (${s.retired.liveBeds} held or occupied: their holds and placements go on)`,
    `Change in service: ${c.bedsBefore} → ${c.bedsAfter} beds; regions ${c.regionsAdded.length} added, ${c.regionsRemoved.length} removed, ${c.regionsChanged.length} changed, ${c.regionsUnchanged} unchanged`,
    ...(c.regionsAdded.length > 0 ? [`  added${list(c.regionsAdded)}`] : []),
    ...(c.regionsRemoved.length > 0 ? [`  removed${list(c.regionsRemoved)}`] : []),
    ...(c.regionsChanged.length > 0 ? [`  changed${list(c.regionsChanged)}`] : []),
    `In the database (HIC ${s.year} shelters of these CoCs): ${d.shelters} shelters, ${d.rooms} rooms (${d.accessibleRooms} step-free + wheelchair), ${d.total} beds`,
    `  beds by program:   ES ${d.byProgram.ES}, TH ${d.byProgram.TH}, SH ${d.byProgram.SH}`,
    `  beds by DV:        DV ${d.byDv.DV}, non-DV ${d.byDv.NONDV}`,
    `  beds by household: with children ${d.byHousehold.FAMILY}, without children ${d.byHousehold.ADULT}, only children ${d.byHousehold.MINOR}`,
    s.ok ? `Check: ${s.check}` : `!!! ${s.check}`,
    ...s.warnings.map((w) => `Warning: ${w}`),
    ...s.notes.map((n) => `Note: ${n}`),
  ];
  return lines.join('\n');
}
