/**
 * `harbour export hic`: the network's bed inventory in the shape of the HUD
 * Housing Inventory Count "counts by CoC" file (docs/hic-import.md, "Export"),
 * so it can be compared with the published HIC, handed to a funder, or read
 * back with `harbour import hic` (the round trip keeps every total).
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import type { HicCounts } from '../import/hic-csv';
import { neutraliseCell } from './csv-safe';

/** Program types of the export, in column order (ES: Emergency Shelter, TH: Transitional Housing, SH: Safe Haven). */
export const HIC_EXPORT_PROGRAMS = ['ES', 'TH', 'SH'] as const;
type Program = (typeof HIC_EXPORT_PROGRAMS)[number];
type Scope = Program | 'ALL';

/** Counts of one scope of one CoC row, as the HIC gives them (beds, and family units): the importer's own shape. */
export type HicExportCounts = HicCounts;

/** One row of the export: a region (CoC) and its counts, in total and per program. */
export interface HicExportRow {
  coc: string;
  counts: Record<Scope, HicExportCounts>;
}

/** The HIC 2023 header names of each measure (the layout `harbour import hic` reads for every year). */
const MEASURE_NAMES: Record<keyof HicExportCounts, string> = {
  yearRoundBeds: 'Total Year-Round Beds',
  nonDvBeds: 'Total Non-DV Year-Round Beds',
  unitsWithChildren: 'Total Units for Households with Children',
  bedsWithChildren: 'Total Beds for Households with Children',
  bedsWithoutChildren: 'Total Beds for Households without Children',
  bedsOnlyChildren: 'Total Beds for Households with only Children',
};
const MEASURES = Object.keys(MEASURE_NAMES) as (keyof HicExportCounts)[];
const SCOPES: readonly Scope[] = ['ALL', ...HIC_EXPORT_PROGRAMS];
const SCOPE_SUFFIX: Record<Scope, string> = { ALL: '(ES, TH, SH)', ES: '(ES)', TH: '(TH)', SH: '(SH)' };
const GROUP_NAME: Record<Scope, string> = {
  ALL: 'Total Beds (ES, TH, SH)',
  ES: 'Emergency Shelter (ES)',
  TH: 'Transitional Housing (TH)',
  SH: 'Safe Haven (SH)',
};

const zero = (): HicExportCounts => ({
  yearRoundBeds: 0,
  nonDvBeds: 0,
  unitsWithChildren: 0,
  bedsWithChildren: 0,
  bedsWithoutChildren: 0,
  bedsOnlyChildren: 0,
});

/** A HIC CoC number (`AK-500`; older years add a letter). `harbour import hic` refuses other region codes. */
export const HIC_COC_NUMBER = /^[A-Z]{2}-\d{3}[a-z]?$/;

/**
 * The inventory of the network's OPEN shelters, one row per region (by code),
 * with every bed counted (out of service too: it is inventory).
 *
 * A shelter imported from a HIC file keeps the program, DV kind and household
 * type its external ref names (`hic<year>:<CoC>:<program>:<DV|NONDV>:<household>:<n>`).
 * Any other shelter counts as Emergency Shelter (ES), DV (its location is
 * confidential, as every Harbour safe house's is), and by household as it
 * takes them: with children when it accepts families, only children when it
 * accepts minors but not families, else without children. Family units are
 * the rooms of the with-children shelters.
 */
export async function hicInventory(ds: DataSource): Promise<HicExportRow[]> {
  const rows: { coc: string; program: Program; dv: string; household: string; beds: number; rooms: number }[] = await ds.query(
    `WITH s AS (
       SELECT s.id, s.region_code,
              CASE WHEN s.external_ref ~ '^hic[0-9]{4}:' THEN split_part(s.external_ref, ':', 3) ELSE 'ES' END AS program,
              CASE WHEN s.external_ref ~ '^hic[0-9]{4}:' THEN split_part(s.external_ref, ':', 4) ELSE 'DV' END AS dv,
              CASE WHEN s.external_ref ~ '^hic[0-9]{4}:' THEN split_part(s.external_ref, ':', 5)
                   WHEN s.accepts_families THEN 'FAMILY' WHEN s.accepts_minors THEN 'MINOR' ELSE 'ADULT' END AS household
         FROM shelter s WHERE s.status = 'OPEN')
     SELECT s.region_code AS coc, s.program, s.dv, s.household,
            coalesce(sum((SELECT count(*) FROM bed b WHERE b.shelter_id = s.id)), 0)::int AS beds,
            coalesce(sum((SELECT count(*) FROM room r WHERE r.shelter_id = s.id)), 0)::int AS rooms
       FROM s GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  const out = new Map<string, HicExportRow>();
  for (const r of rows) {
    const row = out.get(r.coc) ?? { coc: r.coc, counts: { ALL: zero(), ES: zero(), TH: zero(), SH: zero() } };
    out.set(r.coc, row);
    for (const scope of ['ALL', r.program] as Scope[]) {
      const c = row.counts[scope];
      if (!c) throw new Error(`shelter external ref names an unknown HIC program ${r.program}`);
      c.yearRoundBeds += r.beds;
      if (r.dv !== 'DV') c.nonDvBeds += r.beds;
      if (r.household === 'FAMILY') {
        c.bedsWithChildren += r.beds;
        c.unitsWithChildren += Math.min(r.rooms, r.beds);
      } else if (r.household === 'MINOR') c.bedsOnlyChildren += r.beds;
      else c.bedsWithoutChildren += r.beds;
    }
  }
  return [...out.values()].filter((r) => r.counts.ALL.yearRoundBeds > 0);
}

/**
 * The text of the export: a title row naming the year (which `harbour import
 * hic` reads), the group row and the column-name row of the HIC 2023 file, one
 * row per CoC, and a `Total` row (the importer checks the rows against it).
 * Region codes are neutralised against formula injection.
 */
export function hicCsv(rows: readonly HicExportRow[], year: number): string {
  const header = ['CoC Number', ...SCOPES.flatMap((s) => MEASURES.map((m) => `${MEASURE_NAMES[m]} ${SCOPE_SUFFIX[s]}`))];
  const groups = ['', ...SCOPES.flatMap((s) => MEASURES.map((_, i) => (i === 0 ? GROUP_NAME[s] : '')))];
  const title = [`${year} Housing Inventory Count by CoC (exported by Harbour)`, ...header.slice(1).map(() => '')];
  const total = { coc: 'Total', counts: { ALL: zero(), ES: zero(), TH: zero(), SH: zero() } };
  for (const r of rows) for (const s of SCOPES) for (const m of MEASURES) total.counts[s][m] += r.counts[s][m];
  const line = (r: HicExportRow) => [neutraliseCell(r.coc), ...SCOPES.flatMap((s) => MEASURES.map((m) => r.counts[s][m]))];
  return stringify([title, groups, header, ...rows.map(line), line(total)], { record_delimiter: 'windows', bom: true });
}

/**
 * Writes the export to `path` (via `<path>.partial`, renamed when complete).
 * @returns the rows written and the region codes that are not CoC numbers
 *   (`harbour import hic` would refuse the file because of them)
 */
export async function writeHicExport(ds: DataSource, path: string, year: number): Promise<{ rows: HicExportRow[]; notCoc: string[] }> {
  const rows = await hicInventory(ds);
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, hicCsv(rows, year), 'utf8');
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
  return { rows, notCoc: rows.map((r) => r.coc).filter((c) => !HIC_COC_NUMBER.test(c)) };
}
