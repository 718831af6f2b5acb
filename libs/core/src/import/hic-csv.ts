/**
 * Reader for the US Housing Inventory Count (HIC) "counts by CoC" files
 * (HUD, public domain), every published year (2007–2024). See
 * docs/hic-import.md for the files' quirks and the decisions taken here:
 *
 * - UTF-8 BOM: stripped. Bytes must be UTF-8: a UTF-16/UTF-32 file (its BOM)
 *   or invalid UTF-8 (e.g. a Windows-1252 export) is refused with the byte
 *   offset, rather than read with replacement characters.
 * - Header: title rows and a group row ("Emergency Shelter (ES)", …) may come
 *   before the column names. The column-name row is the first row (of the
 *   first ten) with a cell "CoC Number" (or "CoC", as in older years); rows
 *   above it are ignored, except that a year named there (a title such as
 *   "2019 Housing Inventory Count") is kept for {@link resolveHicYear}.
 * - Columns are found by NAME, never by position. Names are compared after
 *   trimming, collapsing whitespace, ignoring case and the spaces inside
 *   parentheses, so "Total Year-Round Beds (ES,TH,SH)" (2008–2018) is
 *   "Total Year-Round Beds (ES, TH, SH)" (2019–2024), and the pre-2014 form
 *   with the program inside the name ("Total Year-Round ES Beds") is
 *   "Total Year-Round Beds (ES)". See {@link recogniseHeader}.
 * - Column sets differ by year: no Safe Haven (SH) columns (2007), no
 *   "(ES, TH, SH)" totals or totals over other programs ("(ES,TH,RRH,SH)",
 *   2013), no "households with only children" or family-unit columns. What
 *   is derived instead is listed in {@link HicLayout.notes}; what cannot be
 *   derived (a program's beds or non-DV beds) is an error naming the column.
 * - Some names appear twice (e.g. "Total Year-Round Beds (ES)" in the totals
 *   group and in the ES group): every occurrence must hold the same value.
 * - Percentages (`79.71%`, HMIS participation rates) and every column not
 *   recognised are not read at all.
 * - Empty count cells are errors, never a silent 0. Footnote marks after a
 *   number (`1,234*`, `12 (a)`, `7†`, `3[1]`) are dropped and counted.
 * - The `Total` row is not a CoC: it is kept aside to cross-check the sum of
 *   the CoC rows. Blank rows are skipped. Rows after the table that carry
 *   text but no counts (notes, "Source: …") end the table; a CoC row after
 *   them is an error.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { HicImportError } from './hic-errors';

/** Largest file accepted, in bytes (20 MiB; the published file is about 100 KB). */
export const HIC_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Largest value accepted in one count cell (the largest CoC has about 91,000 beds). */
export const HIC_MAX_CELL_VALUE = 10_000_000;

/** First year HUD published a HIC count by CoC. */
export const HIC_FIRST_YEAR = 2007;
/** Last year accepted as a HIC year (a guard against reading "2O23" or a page number as a year). */
export const HIC_LAST_YEAR = 2099;

/** The program types imported as safe-house accommodation (permanent housing is not). */
export const HIC_PROGRAMS = ['ES', 'TH', 'SH'] as const;
/** ES = Emergency Shelter, TH = Transitional Housing, SH = Safe Haven. */
export type HicProgram = (typeof HIC_PROGRAMS)[number];

/** Scope of a group of count columns: one program type, or all three together (`ALL`). */
export type HicScope = HicProgram | 'ALL';

/** Year-round counts of one scope of one row (all whole numbers of beds or units). */
export interface HicCounts {
  /** "Total Year-Round Beds" */
  yearRoundBeds: number;
  /** "Total Non-DV Year-Round Beds" (so DV beds = yearRoundBeds − nonDvBeds) */
  nonDvBeds: number;
  /** "Total Units for Households with Children" (family units, not beds) */
  unitsWithChildren: number;
  /** "Total Beds for Households with Children" */
  bedsWithChildren: number;
  /** "Total Beds for Households without Children" (adult-only households) */
  bedsWithoutChildren: number;
  /** "Total Beds for Households with only Children" (unaccompanied minors) */
  bedsOnlyChildren: number;
}

/** The count fields of {@link HicCounts}, in column order. */
export const HIC_MEASURES = [
  'yearRoundBeds',
  'nonDvBeds',
  'unitsWithChildren',
  'bedsWithChildren',
  'bedsWithoutChildren',
  'bedsOnlyChildren',
] as const satisfies readonly (keyof HicCounts)[];

/** One count field of {@link HicCounts}. */
export type HicMeasure = (typeof HIC_MEASURES)[number];

/**
 * Every column the importer reads, by its name in the 2014–2024 files (the
 * single place the names are written down; older spellings are recognised by
 * {@link recogniseHeader}). Messages name a missing column by these names.
 */
export const HIC_REQUIRED_COLUMNS = {
  coc: 'CoC Number',
  ALL: {
    yearRoundBeds: 'Total Year-Round Beds (ES, TH, SH)',
    nonDvBeds: 'Total Non-DV Year-Round Beds (ES, TH, SH)',
    unitsWithChildren: 'Total Units for Households with Children (ES, TH, SH)',
    bedsWithChildren: 'Total Beds for Households with Children (ES, TH, SH)',
    bedsWithoutChildren: 'Total Beds for Households without Children (ES, TH, SH)',
    bedsOnlyChildren: 'Total Beds for Households with only Children (ES, TH, SH)',
  },
  ES: {
    yearRoundBeds: 'Total Year-Round Beds (ES)',
    nonDvBeds: 'Total Non-DV Year-Round Beds (ES)',
    unitsWithChildren: 'Total Units for Households with Children (ES)',
    bedsWithChildren: 'Total Beds for Households with Children (ES)',
    bedsWithoutChildren: 'Total Beds for Households without Children (ES)',
    bedsOnlyChildren: 'Total Beds for Households with only Children (ES)',
  },
  TH: {
    yearRoundBeds: 'Total Year-Round Beds (TH)',
    nonDvBeds: 'Total Non-DV Year-Round Beds (TH)',
    unitsWithChildren: 'Total Units for Households with Children (TH)',
    bedsWithChildren: 'Total Beds for Households with Children (TH)',
    bedsWithoutChildren: 'Total Beds for Households without Children (TH)',
    bedsOnlyChildren: 'Total Beds for Households with only Children (TH)',
  },
  SH: {
    yearRoundBeds: 'Total Year-Round Beds (SH)',
    nonDvBeds: 'Total Non-DV Year-Round Beds (SH)',
    unitsWithChildren: 'Total Units for Households with Children (SH)',
    bedsWithChildren: 'Total Beds for Households with Children (SH)',
    bedsWithoutChildren: 'Total Beds for Households without Children (SH)',
    bedsOnlyChildren: 'Total Beds for Households with only Children (SH)',
  },
} as const satisfies { coc: string } & Record<HicScope, Record<keyof HicCounts, string>>;

const SCOPES: readonly HicScope[] = ['ALL', ...HIC_PROGRAMS];

/** Normalised header names of the CoC column, preferred first ("CoC" alone in some older years). */
const COC_HEADERS = ['coc number', 'coc'];

/** Normalised measure names (without a leading "total "), as {@link recogniseHeader} leaves them. */
const MEASURE_NAMES: Record<HicMeasure, string> = {
  yearRoundBeds: 'year-round beds',
  nonDvBeds: 'non-dv year-round beds',
  unitsWithChildren: 'units for households with children',
  bedsWithChildren: 'beds for households with children',
  bedsWithoutChildren: 'beds for households without children',
  bedsOnlyChildren: 'beds for households with only children',
};

/** Program abbreviations that may appear in a column name (only ES, TH and SH are read). */
const PROGRAM_WORDS = new Set(['es', 'th', 'sh', 'rrh', 'psh', 'oph', 'dem']);

/** One CoC row of the file. */
export interface HicCocRow {
  /** 1-based line of the file the row starts on. */
  line: number;
  /** CoC number, e.g. `AK-500` (a letter may follow in older years, e.g. `MO-604a`). */
  coc: string;
  /** The "(ES, TH, SH)" columns (or their sum, when the file has none). Checked to equal the sum of `programs`. */
  total: HicCounts;
  /** Per program type (all 0 for a program the file has no columns for). */
  programs: Record<HicProgram, HicCounts>;
}

/** Counts of every scope, as found on the `Total` row or as the sum of the CoC rows. */
export type HicTotals = Record<HicScope, HicCounts>;

/** How the header of a file was understood. */
export interface HicLayout {
  /** Program types the file has columns for (SH is missing in 2007-shaped files). */
  programs: HicProgram[];
  /** Measures with an "(ES, TH, SH)" total column (cross-checked against the programs); the others are summed. */
  totals: HicMeasure[];
  /**
   * What was derived or left unread, one plain sentence each, e.g.
   * `no "(ES, TH, SH)" total columns: totals are the sum of ES, TH and SH`.
   */
  notes: string[];
}

/** A parsed, validated file. */
export interface HicFile {
  /** CoC rows in file order (the `Total` row, blank and note rows excluded). */
  rows: HicCocRow[];
  /** The file's own `Total` row, or null if it has none. */
  totalRow: { line: number; totals: HicTotals } | null;
  /** Sum of every CoC row, per scope and measure. */
  sumOfRows: HicTotals;
  /**
   * One message per figure where the `Total` row disagrees with the sum of
   * the CoC rows (empty when they agree, or when there is no Total row).
   */
  totalRowMismatches: string[];
  /** The columns found and what was derived. */
  layout: HicLayout;
  /** Distinct years (2007–2099) named in the rows above the header, e.g. a title "2019 HIC by CoC". */
  titleYears: number[];
  /** Count cells (and CoC cells) that carried a footnote mark: how many, and the first one. */
  annotatedCells: { count: number; first: { line: number; column: string; value: string } | null };
  /** Rows after the table with text but no counts (notes, source lines): line and first text cell. */
  trailingNotes: { line: number; text: string }[];
}

/** Options of {@link parseHicCsv} and {@link readHicFile}. */
export interface HicParseOptions {
  /** Largest accepted input in bytes (default {@link HIC_MAX_FILE_BYTES}). */
  maxBytes?: number;
}

const norm = (s: string): string =>
  s
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** A footnote mark after a value: `*`, `**`, `†`, `‡`, `§`, `(a)`, `[1]`, superscript digits. */
const FOOTNOTE = /\s*(?:\*{1,3}|[†‡§]{1,2}|\([a-z0-9]{1,2}\)|\[[a-z0-9]{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})$/i;

/** `raw` trimmed and without one trailing footnote mark, and whether there was one. */
export function stripFootnote(raw: string): { text: string; annotated: boolean } {
  const t = raw.trim();
  const stripped = t.replace(FOOTNOTE, '');
  return { text: stripped.trim(), annotated: stripped !== t && stripped.trim() !== '' };
}

/**
 * What a header cell names: a measure (a key of {@link HicCounts}) and the
 * set of program types it covers, or null for a column the importer does not
 * read. Recognised spellings (case and spacing ignored, a trailing `*` too):
 * `Total Year-Round Beds (ES)` and `(ES, TH, SH)` / `(ES,TH,SH)` (2008–2024),
 * `Total Year-Round ES Beds` / `Total Non-DV Year-Round TH Beds` (program
 * inside the name, before 2014), with or without the leading "Total".
 *
 * @returns `{ measure, scope }` with scope the lower-case program abbreviations, sorted
 */
export function recogniseHeader(raw: string): { measure: HicMeasure; scope: string[] } | null {
  let h = norm(raw)
    .replace(/[*†‡]+$/, '')
    .trim();
  h = h
    .replace(/\byear round\b/g, 'year-round')
    .replace(/\bnon[ -]?dv\b/g, 'non-dv')
    .replace(/\bhousehold\b/g, 'households');
  h = h.replace(/\(([^)]*)\)/g, (_m, inner: string) => `(${inner.replace(/\s+/g, '').replace(/[&/+]/g, ',')})`);
  let measureText: string;
  let scope: string[];
  const suffix = /^(.*?) ?\(([a-z,]+)\)$/.exec(h);
  if (suffix) {
    measureText = suffix[1];
    scope = suffix[2].split(',').filter(Boolean);
  } else {
    const words = h.split(' ');
    const programs = words.filter((w) => PROGRAM_WORDS.has(w));
    if (programs.length !== 1) return null;
    measureText = words.filter((w) => !PROGRAM_WORDS.has(w)).join(' ');
    scope = programs;
  }
  if (scope.some((p) => !PROGRAM_WORDS.has(p))) return null;
  measureText = measureText.replace(/^total /, '');
  const measure = HIC_MEASURES.find((m) => MEASURE_NAMES[m] === measureText);
  return measure ? { measure, scope: [...new Set(scope)].sort() } : null;
}

function zeroCounts(): HicCounts {
  return {
    yearRoundBeds: 0,
    nonDvBeds: 0,
    unitsWithChildren: 0,
    bedsWithChildren: 0,
    bedsWithoutChildren: 0,
    bedsOnlyChildren: 0,
  };
}

function zeroTotals(): HicTotals {
  return { ALL: zeroCounts(), ES: zeroCounts(), TH: zeroCounts(), SH: zeroCounts() };
}

/**
 * Parses one count cell: a non-negative whole number (digits, optionally with
 * thousands commas such as `1,234`), optionally followed by one footnote mark
 * (`1,234*`, `12 (a)`), which is dropped.
 * @returns the number, and whether a footnote mark was dropped
 * @throws HicImportError naming line, column and value if empty or not a whole number.
 */
export function parseCountCell(raw: string, line: number, column: string): { value: number; annotated: boolean } {
  const { text, annotated } = stripFootnote(raw);
  let s = text;
  if (s === '') {
    throw new HicImportError('empty cell in a count column (the published files fill every count column; only percentage columns may be empty)', {
      line,
      column,
      value: raw,
    });
  }
  if (/^\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, '');
  if (!/^\d+$/.test(s)) {
    throw new HicImportError(`"${raw}" is not a non-negative whole number`, { line, column, value: raw });
  }
  const n = Number(s);
  if (n > HIC_MAX_CELL_VALUE) {
    throw new HicImportError(`${n} is larger than the largest accepted count (${HIC_MAX_CELL_VALUE})`, {
      line,
      column,
      value: raw,
    });
  }
  return { value: n, annotated };
}

/** {@link parseCountCell}, the number only. */
export function parseCount(raw: string, line: number, column: string): number {
  return parseCountCell(raw, line, column).value;
}

interface Located {
  cells: string[];
  line: number;
}

/** Where each measure of each scope is read: the cells of its column(s) and the name to report. */
type Positions = Record<HicScope, Partial<Record<HicMeasure, { indexes: number[]; name: string }>>>;

/** Years 2007–2099 standing alone in `text` (not part of a longer number). */
function yearsIn(text: string): number[] {
  return [...text.matchAll(/(?<!\d)(20\d{2})(?!\d)/g)].map((m) => Number(m[1])).filter((y) => y >= HIC_FIRST_YEAR && y <= HIC_LAST_YEAR);
}

/** Maps the header row to {@link Positions}; throws naming a column that is required and missing. */
function layoutOf(header: Located): { positions: Positions; layout: HicLayout } {
  const byScope = new Map<string, Map<HicMeasure, number[]>>();
  const ignored: string[] = [];
  header.cells.forEach((cell, i) => {
    const r = recogniseHeader(cell);
    if (!r) return;
    const key = r.scope.join(',');
    if (!r.scope.every((p) => p === 'es' || p === 'th' || p === 'sh')) {
      if (r.scope.length > 1 && !ignored.includes(cell.trim())) ignored.push(cell.trim());
      return;
    }
    const measures = byScope.get(key) ?? new Map<HicMeasure, number[]>();
    measures.set(r.measure, [...(measures.get(r.measure) ?? []), i]);
    byScope.set(key, measures);
  });

  const missing = (scope: HicScope, m: HicMeasure): never => {
    throw new HicImportError(`missing required column "${HIC_REQUIRED_COLUMNS[scope][m]}" in the header row`, {
      line: header.line,
      column: HIC_REQUIRED_COLUMNS[scope][m],
    });
  };
  const notes: string[] = [];
  const programs = HIC_PROGRAMS.filter((p) => byScope.get(p.toLowerCase())?.has('yearRoundBeds'));
  for (const p of ['ES', 'TH'] as const) if (!programs.includes(p)) missing(p, 'yearRoundBeds');
  if (!programs.includes('SH')) {
    if (byScope.has('sh')) missing('SH', 'yearRoundBeds');
    notes.push('no Safe Haven (SH) columns: 0 SH beds');
  }
  // A measure that no program has (e.g. no "only children" columns at all) is 0 throughout; one that some
  // programs have and others lack is a damaged header, and an error. SH without any household column: all
  // its beds are for households without children.
  const optional: HicMeasure[] = ['unitsWithChildren', 'bedsOnlyChildren'];
  const positions: Positions = { ALL: {}, ES: {}, TH: {}, SH: {} };
  const nameOf = (indexes: number[]) => header.cells[indexes[0]].trim();
  const households = ['unitsWithChildren', 'bedsWithChildren', 'bedsWithoutChildren', 'bedsOnlyChildren'] as const;
  const shAdultsOnly = programs.includes('SH') && households.every((m) => !byScope.get('sh')!.has(m));
  for (const p of programs) {
    const found = byScope.get(p.toLowerCase())!;
    for (const m of HIC_MEASURES) {
      const indexes = found.get(m);
      if (indexes) {
        positions[p][m] = { indexes, name: nameOf(indexes) };
        continue;
      }
      if (p === 'SH' && shAdultsOnly && m !== 'yearRoundBeds' && m !== 'nonDvBeds') continue;
      const layoutLacksIt = !programs.some((q) => byScope.get(q.toLowerCase())!.has(m));
      // SH family units alone may be missing: older files give units for ES and TH only.
      if (optional.includes(m) && (layoutLacksIt || (p === 'SH' && m === 'unitsWithChildren'))) continue;
      missing(p, m);
    }
    if (p === 'SH' && shAdultsOnly)
      notes.push('no household columns for Safe Haven (SH): every SH bed is for households without children (Safe Havens serve individuals)');
  }
  for (const m of optional) {
    const without = programs.filter((p) => !positions[p][m] && !(p === 'SH' && shAdultsOnly));
    if (without.length === 0) continue;
    const label = m === 'unitsWithChildren' ? 'family-unit' : 'households-with-only-children';
    const effect = m === 'unitsWithChildren' ? 'family rooms are sized at the default beds per unit' : '0 beds for households with only children';
    notes.push(`no ${label} columns for ${without.join(', ')}: ${effect}`);
  }

  const allKey = programs
    .map((p) => p.toLowerCase())
    .sort()
    .join(',');
  const totals: HicMeasure[] = [];
  for (const [key, measures] of byScope) {
    if (!key.includes(',')) continue;
    for (const [m, indexes] of measures) {
      if (key === allKey) {
        positions.ALL[m] = { indexes, name: nameOf(indexes) };
        totals.push(m);
      } else ignored.push(nameOf(indexes));
    }
  }
  if (totals.length === 0) notes.push(`no "(${programs.join(', ')})" total columns: totals are the sum of ${programs.join(', ')}`);
  for (const name of ignored) notes.push(`"${name}" not read: it is not a total of exactly ${programs.join(', ')}`);
  return { positions, layout: { programs, totals: HIC_MEASURES.filter((m) => totals.includes(m)), notes } };
}

/**
 * Parses and validates the text of a HIC "counts by CoC" file of any published year.
 *
 * @param input the file's content (string or bytes, UTF-8, BOM allowed)
 * @returns CoC rows with their 1-based line numbers, the Total row and the cross-check,
 *   the layout found, years named in the title rows, footnote marks and trailing notes
 * @throws HicImportError (with line, column and value) for: input larger than
 *   `maxBytes`, invalid CSV, no header row, a missing required column, a bad
 *   or empty count cell, a bad or duplicate CoC number, a row whose counts do
 *   not add up (non-DV > total, household types ≠ total, programs ≠ "(ES, TH, SH)",
 *   family units > family beds), a CoC row after the notes that end the table,
 *   or no CoC row at all; bytes that are not UTF-8.
 */
export function parseHicCsv(input: string | Buffer, options: HicParseOptions = {}): HicFile {
  const maxBytes = options.maxBytes ?? HIC_MAX_FILE_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) {
    throw new HicImportError(`file is ${size} bytes, larger than the limit of ${maxBytes} bytes (the published HIC file is about 100 KB)`);
  }

  const text = typeof input === 'string' ? input : decodeUtf8(input);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as { record: string[]; info: { lines: number } }[];
  } catch (e: unknown) {
    const err = e as { message?: string; lines?: number };
    throw new HicImportError(`not a valid CSV file: ${err.message ?? String(e)}`, { line: err.lines });
  }

  // 1-based line a record starts on = line after the previous record ended.
  const located: Located[] = [];
  let previousEnd = 0;
  for (const r of records) {
    located.push({ cells: r.record, line: previousEnd + 1 });
    previousEnd = r.info.lines;
  }

  const headerPos = located.slice(0, 10).findIndex((r) => r.cells.some((c) => COC_HEADERS.includes(norm(c))));
  if (headerPos < 0) {
    throw new HicImportError(`missing required column "${HIC_REQUIRED_COLUMNS.coc}" (no header row found in the first 10 rows)`, {
      column: HIC_REQUIRED_COLUMNS.coc,
    });
  }
  const header = located[headerPos];
  const titleYears = [...new Set(located.slice(0, headerPos).flatMap((r) => r.cells.flatMap(yearsIn)))].sort();
  const cocName = COC_HEADERS.map((name) => header.cells.find((c) => norm(c) === name))
    .find((c) => c !== undefined)!
    .trim();
  const cocIndex = header.cells.findIndex((c) => c.trim() === cocName);
  const { positions, layout } = layoutOf(header);

  const annotatedCells: HicFile['annotatedCells'] = { count: 0, first: null };
  const annotated = (line: number, column: string, value: string) => {
    annotatedCells.count += 1;
    annotatedCells.first ??= { line, column, value };
  };
  const readCounts = (row: Located, scope: HicScope): Partial<HicCounts> => {
    const counts: Partial<HicCounts> = {};
    for (const m of HIC_MEASURES) {
      const at = positions[scope][m];
      if (!at) continue;
      const [first, ...others] = at.indexes;
      const cell = parseCountCell(row.cells[first] ?? '', row.line, at.name);
      if (cell.annotated) annotated(row.line, at.name, row.cells[first]);
      for (const other of others) {
        const again = parseCount(row.cells[other] ?? '', row.line, at.name);
        if (again !== cell.value) {
          throw new HicImportError(`the column appears twice in the header and its two cells disagree (${cell.value} and ${again})`, {
            line: row.line,
            column: at.name,
            value: row.cells[other],
          });
        }
      }
      counts[m] = cell.value;
    }
    return counts;
  };
  /** Fills what the file does not give: 0, SH beds all without children, totals as sums. */
  const complete = (read: Record<HicScope, Partial<HicCounts>>): HicTotals => {
    const t = zeroTotals();
    for (const p of HIC_PROGRAMS) {
      Object.assign(t[p], read[p]);
      if (p === 'SH' && read.SH.bedsWithoutChildren === undefined && read.SH.bedsWithChildren === undefined) {
        t.SH.bedsWithoutChildren = t.SH.yearRoundBeds;
      }
    }
    for (const m of HIC_MEASURES) t.ALL[m] = read.ALL[m] ?? t.ES[m] + t.TH[m] + t.SH[m];
    return t;
  };
  const countCells = SCOPES.flatMap((s) => Object.values(positions[s]).flatMap((at) => at!.indexes));

  const rows: HicCocRow[] = [];
  const seen = new Map<string, number>();
  let totalRow: HicFile['totalRow'] = null;
  const sumOfRows = zeroTotals();
  const trailingNotes: HicFile['trailingNotes'] = [];

  for (const row of located.slice(headerPos + 1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const rawCoc = row.cells[cocIndex] ?? '';
    const { text: coc, annotated: cocAnnotated } = stripFootnote(rawCoc);
    const isTotal = /^(grand |national )?total$/i.test(coc);
    const isCoc = /^[A-Z]{2}-\d{3}[a-z]?$/.test(coc);
    // A note or source line after the table: text, but not one count.
    if (!isTotal && !isCoc && (rows.length > 0 || totalRow) && countCells.every((i) => (row.cells[i] ?? '').trim() === '')) {
      trailingNotes.push({ line: row.line, text: (row.cells.find((c) => c.trim() !== '') ?? '').trim().slice(0, 200) });
      continue;
    }
    if (trailingNotes.length > 0) {
      throw new HicImportError(`a row with figures after the notes that end the table (line ${trailingNotes[0].line})`, {
        line: row.line,
        column: cocName,
        value: rawCoc,
      });
    }
    if (row.cells.length !== header.cells.length) {
      throw new HicImportError(`row has ${row.cells.length} cells but the header row has ${header.cells.length}`, { line: row.line });
    }
    if (cocAnnotated) annotated(row.line, cocName, rawCoc);
    if (!isTotal) {
      if (coc === '') {
        throw new HicImportError('empty CoC number on a row that has figures', {
          line: row.line,
          column: cocName,
          value: rawCoc,
        });
      }
      if (!isCoc) {
        throw new HicImportError(`"${rawCoc}" is not a CoC number such as AK-500`, {
          line: row.line,
          column: cocName,
          value: rawCoc,
        });
      }
      const before = seen.get(coc);
      if (before !== undefined) {
        throw new HicImportError(`CoC ${coc} appears twice (first on line ${before})`, {
          line: row.line,
          column: cocName,
          value: rawCoc,
        });
      }
      seen.set(coc, row.line);
    }

    const read = { ALL: {}, ES: {}, TH: {}, SH: {} } as Record<HicScope, Partial<HicCounts>>;
    for (const scope of SCOPES) read[scope] = readCounts(row, scope);
    const totals = complete(read);
    // The Total row is only compared with the sum of the CoC rows (below), where any
    // inconsistency of its own shows up as a reported mismatch.
    if (!isTotal) checkRowConsistency(row.line, totals, positions);

    if (isTotal) {
      if (totalRow) {
        throw new HicImportError(`a second Total row (first on line ${totalRow.line})`, {
          line: row.line,
          column: cocName,
          value: rawCoc,
        });
      }
      totalRow = { line: row.line, totals };
      continue;
    }
    for (const scope of SCOPES) for (const m of HIC_MEASURES) sumOfRows[scope][m] += totals[scope][m];
    rows.push({ line: row.line, coc, total: totals.ALL, programs: { ES: totals.ES, TH: totals.TH, SH: totals.SH } });
  }

  if (rows.length === 0) throw new HicImportError('the file has no CoC rows');

  const totalRowMismatches: string[] = [];
  if (totalRow) {
    for (const scope of SCOPES) {
      for (const m of HIC_MEASURES) {
        const expected = (totalRow as { totals: HicTotals }).totals[scope][m];
        const actual = sumOfRows[scope][m];
        if (expected !== actual) {
          totalRowMismatches.push(
            `Total row (line ${(totalRow as { line: number }).line}) "${positions[scope][m]?.name ?? HIC_REQUIRED_COLUMNS[scope][m]}" is ${expected} but the CoC rows add up to ${actual}`,
          );
        }
      }
    }
  }
  return { rows, totalRow, sumOfRows, totalRowMismatches, layout, titleYears, annotatedCells, trailingNotes };
}

/** Where {@link resolveHicYear} found the year. */
export type HicYearSource = '--year' | 'title row' | 'file name';

/**
 * The HIC year of a parsed file: from `explicit` (the `--year` option), the
 * years named in the file's title rows, and a single year in the file's name
 * (e.g. `hic-2023-counts-by-coc.csv`; a name with two years, such as
 * `2007-2024-HIC-Counts-by-CoC.csv`, names none). Every source that names a
 * year must name the same one.
 *
 * @returns the year and the first source that named it (`--year`, then title row, then file name)
 * @throws HicImportError when `explicit` is not a year 2007–2099, when the sources disagree
 *   (naming each), or when none names a year.
 */
export function resolveHicYear(file: Pick<HicFile, 'titleYears'>, where: { path?: string; explicit?: number }): { year: number; source: HicYearSource } {
  const found: { year: number; source: HicYearSource }[] = [];
  if (where.explicit !== undefined) {
    if (!Number.isInteger(where.explicit) || where.explicit < HIC_FIRST_YEAR || where.explicit > HIC_LAST_YEAR) {
      throw new HicImportError(`--year ${where.explicit} is not a HIC year (${HIC_FIRST_YEAR}–${HIC_LAST_YEAR})`);
    }
    found.push({ year: where.explicit, source: '--year' });
  }
  if (file.titleYears.length > 1) {
    throw new HicImportError(`the rows above the header name several years (${file.titleYears.join(', ')}); a file holds one HIC year`);
  }
  if (file.titleYears.length === 1) found.push({ year: file.titleYears[0], source: 'title row' });
  const named = where.path ? [...new Set(yearsIn(basename(where.path)))] : [];
  if (named.length === 1) found.push({ year: named[0], source: 'file name' });
  if (found.length === 0) {
    throw new HicImportError(
      `cannot tell which HIC year the file is: no year in its title rows${named.length > 1 ? ` and several in its name (${named.join(', ')})` : ' or its name'}; pass --year`,
    );
  }
  const other = found.find((f) => f.year !== found[0].year);
  if (other) {
    throw new HicImportError(`the HIC year is ambiguous: ${found.map((f) => `the ${f.source} says ${f.year}`).join(', ')}; nothing imported`);
  }
  return found[0];
}

/** Checks that the counts of one row add up; throws naming the column (as the file names it) that does not. */
function checkRowConsistency(line: number, t: HicTotals, positions: Positions): void {
  const nameOf = (scope: HicScope, m: HicMeasure) => positions[scope][m]?.name ?? HIC_REQUIRED_COLUMNS[scope][m];
  for (const scope of SCOPES) {
    const c = t[scope];
    if (c.nonDvBeds > c.yearRoundBeds) {
      throw new HicImportError(`non-DV beds (${c.nonDvBeds}) exceed "${nameOf(scope, 'yearRoundBeds')}" (${c.yearRoundBeds})`, {
        line,
        column: nameOf(scope, 'nonDvBeds'),
        value: String(c.nonDvBeds),
      });
    }
    const households = c.bedsWithChildren + c.bedsWithoutChildren + c.bedsOnlyChildren;
    if (households !== c.yearRoundBeds) {
      throw new HicImportError(
        `beds by household type (${c.bedsWithChildren} with children + ${c.bedsWithoutChildren} without + ${c.bedsOnlyChildren} only children = ${households}) do not add up to "${nameOf(scope, 'yearRoundBeds')}" (${c.yearRoundBeds})`,
        { line, column: nameOf(scope, 'yearRoundBeds'), value: String(c.yearRoundBeds) },
      );
    }
    if (c.unitsWithChildren > c.bedsWithChildren) {
      throw new HicImportError(`more family units (${c.unitsWithChildren}) than beds for households with children (${c.bedsWithChildren})`, {
        line,
        column: nameOf(scope, 'unitsWithChildren'),
        value: String(c.unitsWithChildren),
      });
    }
  }
  for (const m of HIC_MEASURES) {
    const sum = t.ES[m] + t.TH[m] + t.SH[m];
    if (sum !== t.ALL[m]) {
      throw new HicImportError(`is ${t.ALL[m]} but the ES, TH and SH columns add up to ${sum}`, { line, column: nameOf('ALL', m), value: String(t.ALL[m]) });
    }
  }
}

/** Byte-order marks of encodings we do not read, longest first (UTF-32 LE starts like UTF-16 LE). */
const FOREIGN_BOMS: [string, number[]][] = [
  ['UTF-32 (little-endian)', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32 (big-endian)', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16 (little-endian)', [0xff, 0xfe]],
  ['UTF-16 (big-endian)', [0xfe, 0xff]],
];

/**
 * The bytes as UTF-8 text (a UTF-8 BOM is left for csv-parse to strip).
 * @throws HicImportError for a UTF-16/UTF-32 BOM, or invalid UTF-8 (naming the line)
 */
function decodeUtf8(bytes: Buffer): string {
  for (const [name, bom] of FOREIGN_BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) throw new HicImportError(`file is ${name}; save it as UTF-8 CSV`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // The decoder does not say where: the first line holding a replacement character does.
    const line =
      bytes
        .toString('utf8')
        .split('\n')
        .findIndex((l) => l.includes('\uFFFD')) + 1;
    throw new HicImportError(`file is not UTF-8 (first bad byte on line ${line}); save it as UTF-8 CSV`, { line });
  }
}

/**
 * Reads and parses a HIC file from disk (see {@link parseHicCsv}).
 * The size is checked before the file is read.
 * @param path path of the CSV file
 * @throws HicImportError if the file is missing, unreadable, too large or invalid.
 */
export async function readHicFile(path: string, options: HicParseOptions = {}): Promise<HicFile> {
  const maxBytes = options.maxBytes ?? HIC_MAX_FILE_BYTES;
  let bytes: Buffer;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new HicImportError(`${path} is not a file`);
    if (stat.size > maxBytes) {
      throw new HicImportError(`${path} is ${stat.size} bytes, larger than the limit of ${maxBytes} bytes (the published HIC file is about 100 KB)`);
    }
    bytes = await fs.readFile(path);
  } catch (e: unknown) {
    if (e instanceof HicImportError) throw e;
    const err = e as { code?: string; message?: string };
    throw new HicImportError(err.code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path}: ${err.message ?? String(e)}`);
  }
  return parseHicCsv(bytes, { maxBytes });
}
