/**
 * Reader for the US Housing Inventory Count (HIC) 2023 "counts by CoC" file
 * (HUD, public domain). See docs/hic-import.md for the file's quirks and the
 * decisions taken here:
 *
 * - UTF-8 BOM: stripped. Bytes must be UTF-8: a UTF-16/UTF-32 file (its BOM)
 *   or invalid UTF-8 (e.g. a Windows-1252 export) is refused with the byte
 *   offset, rather than read with replacement characters.
 * - Two-row header: a group row ("Emergency Shelter (ES)", …) then the column
 *   names. The column-name row is the first row (of the first five) that has a
 *   cell "CoC Number"; rows above it are ignored. Columns are found by NAME
 *   (trimmed, whitespace collapsed, case-insensitive), never by position.
 * - Some names appear twice (e.g. "Total Year-Round Beds (ES)" in the totals
 *   group and in the ES group): every occurrence must hold the same value.
 * - Percentages (`79.71%`, HMIS participation rates) and every column not in
 *   {@link HIC_REQUIRED_COLUMNS} are not read at all.
 * - Empty cells: in the published file only the HMIS participation-rate
 *   columns are ever empty (a rate of 0 beds). Every count column we read is
 *   always filled, so an empty count cell is an error, not a silent 0.
 * - The `Total` row is not a CoC: it is kept aside to cross-check the sum of
 *   the CoC rows. Blank rows (every cell empty, e.g. the trailing one) are skipped.
 */
import { promises as fs } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { HicImportError } from './hic-errors';

/** Largest file accepted, in bytes (20 MiB; the published file is about 100 KB). */
export const HIC_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Largest value accepted in one count cell (the largest CoC has about 91,000 beds). */
export const HIC_MAX_CELL_VALUE = 10_000_000;

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

/**
 * Every column the importer reads, by exact header name (the single place
 * the file's names are written down). A file missing any of them is refused
 * with an error naming the column.
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

/** One Continuum of Care row of the file. */
export interface HicCocRow {
  /** 1-based line of the file the row starts on. */
  line: number;
  /** CoC number, e.g. `AK-500`. */
  coc: string;
  /** The "(ES, TH, SH)" columns. Checked to equal the sum of `programs`. */
  total: HicCounts;
  /** Per program type. */
  programs: Record<HicProgram, HicCounts>;
}

/** Counts of every scope, as found on the `Total` row or as the sum of the CoC rows. */
export type HicTotals = Record<HicScope, HicCounts>;

/** A parsed, validated file. */
export interface HicFile {
  /** CoC rows in file order (the `Total` row and blank rows excluded). */
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
}

/** Options of {@link parseHicCsv} and {@link readHicFile}. */
export interface HicParseOptions {
  /** Largest accepted input in bytes (default {@link HIC_MAX_FILE_BYTES}). */
  maxBytes?: number;
}

const norm = (s: string): string => s.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();

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
 * thousands commas such as `1,234`).
 * @throws HicImportError naming line, column and value if empty or not a whole number.
 */
export function parseCount(raw: string, line: number, column: string): number {
  let s = raw.trim();
  if (s === '') {
    throw new HicImportError(
      'empty cell in a count column (the published file fills every count column; only percentage columns may be empty)',
      { line, column, value: raw },
    );
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
  return n;
}

interface Located {
  cells: string[];
  line: number;
}

/**
 * Parses and validates the text of a HIC "counts by CoC" file.
 *
 * @param input the file's content (string or bytes, UTF-8, BOM allowed)
 * @returns CoC rows with their 1-based line numbers, the Total row and the cross-check
 * @throws HicImportError (with line, column and value) for: input larger than
 *   `maxBytes`, invalid CSV, no header row, a missing required column, a bad
 *   or empty count cell, a bad or duplicate CoC number, a row whose counts do
 *   not add up (non-DV > total, household types ≠ total, programs ≠ "(ES, TH, SH)",
 *   family units > family beds), or no CoC row at all; bytes that are not UTF-8.
 */
export function parseHicCsv(input: string | Buffer, options: HicParseOptions = {}): HicFile {
  const maxBytes = options.maxBytes ?? HIC_MAX_FILE_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) {
    throw new HicImportError(
      `file is ${size} bytes, larger than the limit of ${maxBytes} bytes (the published HIC file is about 100 KB)`,
    );
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

  const headerPos = located.slice(0, 5).findIndex((r) => r.cells.some((c) => norm(c) === norm(HIC_REQUIRED_COLUMNS.coc)));
  if (headerPos < 0) {
    throw new HicImportError(`missing required column "${HIC_REQUIRED_COLUMNS.coc}" (no header row found in the first 5 rows)`, {
      column: HIC_REQUIRED_COLUMNS.coc,
    });
  }
  const header = located[headerPos];

  const indexByName = new Map<string, number[]>();
  header.cells.forEach((name, i) => {
    const key = norm(name);
    if (key === '') return;
    indexByName.set(key, [...(indexByName.get(key) ?? []), i]);
  });
  const columnsOf = (name: string): number[] => {
    const found = indexByName.get(norm(name));
    if (!found) {
      throw new HicImportError(`missing required column "${name}" in the header row`, {
        line: header.line,
        column: name,
      });
    }
    return found;
  };
  const cocIndex = columnsOf(HIC_REQUIRED_COLUMNS.coc)[0];
  const positions = {} as Record<HicScope, Record<keyof HicCounts, number[]>>;
  for (const scope of SCOPES) {
    positions[scope] = {} as Record<keyof HicCounts, number[]>;
    for (const m of HIC_MEASURES) positions[scope][m] = columnsOf(HIC_REQUIRED_COLUMNS[scope][m]);
  }

  const readCounts = (row: Located, scope: HicScope): HicCounts => {
    const counts = zeroCounts();
    for (const m of HIC_MEASURES) {
      const name = HIC_REQUIRED_COLUMNS[scope][m];
      const [first, ...others] = positions[scope][m];
      const value = parseCount(row.cells[first] ?? '', row.line, name);
      for (const other of others) {
        const again = parseCount(row.cells[other] ?? '', row.line, name);
        if (again !== value) {
          throw new HicImportError(
            `the column appears twice in the header and its two cells disagree (${value} and ${again})`,
            { line: row.line, column: name, value: row.cells[other] },
          );
        }
      }
      counts[m] = value;
    }
    return counts;
  };

  const rows: HicCocRow[] = [];
  const seen = new Map<string, number>();
  let totalRow: HicFile['totalRow'] = null;
  const sumOfRows = zeroTotals();

  for (const row of located.slice(headerPos + 1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    if (row.cells.length !== header.cells.length) {
      throw new HicImportError(
        `row has ${row.cells.length} cells but the header row has ${header.cells.length}`,
        { line: row.line },
      );
    }
    const rawCoc = row.cells[cocIndex] ?? '';
    const coc = rawCoc.trim();
    const isTotal = coc.toLowerCase() === 'total';
    if (!isTotal) {
      if (coc === '') {
        throw new HicImportError('empty CoC number on a row that has figures', {
          line: row.line,
          column: HIC_REQUIRED_COLUMNS.coc,
          value: rawCoc,
        });
      }
      if (!/^[A-Z]{2}-\d{3}$/.test(coc)) {
        throw new HicImportError(`"${rawCoc}" is not a CoC number such as AK-500`, {
          line: row.line,
          column: HIC_REQUIRED_COLUMNS.coc,
          value: rawCoc,
        });
      }
      const before = seen.get(coc);
      if (before !== undefined) {
        throw new HicImportError(`CoC ${coc} appears twice (first on line ${before})`, {
          line: row.line,
          column: HIC_REQUIRED_COLUMNS.coc,
          value: rawCoc,
        });
      }
      seen.set(coc, row.line);
    }

    const totals = zeroTotals();
    for (const scope of SCOPES) totals[scope] = readCounts(row, scope);
    // The Total row is only compared with the sum of the CoC rows (below), where any
    // inconsistency of its own shows up as a reported mismatch.
    if (!isTotal) checkRowConsistency(row.line, totals);

    if (isTotal) {
      if (totalRow) {
        throw new HicImportError(`a second Total row (first on line ${totalRow.line})`, {
          line: row.line,
          column: HIC_REQUIRED_COLUMNS.coc,
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
        const expected = totalRow.totals[scope][m];
        const actual = sumOfRows[scope][m];
        if (expected !== actual) {
          totalRowMismatches.push(
            `Total row (line ${totalRow.line}) "${HIC_REQUIRED_COLUMNS[scope][m]}" is ${expected} but the CoC rows add up to ${actual}`,
          );
        }
      }
    }
  }
  return { rows, totalRow, sumOfRows, totalRowMismatches };
}

/** Checks that the counts of one row add up; throws naming the column that does not. */
function checkRowConsistency(line: number, t: HicTotals): void {
  for (const scope of SCOPES) {
    const c = t[scope];
    const names = HIC_REQUIRED_COLUMNS[scope];
    if (c.nonDvBeds > c.yearRoundBeds) {
      throw new HicImportError(`non-DV beds (${c.nonDvBeds}) exceed "${names.yearRoundBeds}" (${c.yearRoundBeds})`, {
        line,
        column: names.nonDvBeds,
        value: String(c.nonDvBeds),
      });
    }
    const households = c.bedsWithChildren + c.bedsWithoutChildren + c.bedsOnlyChildren;
    if (households !== c.yearRoundBeds) {
      throw new HicImportError(
        `beds by household type (${c.bedsWithChildren} with children + ${c.bedsWithoutChildren} without + ${c.bedsOnlyChildren} only children = ${households}) do not add up to "${names.yearRoundBeds}" (${c.yearRoundBeds})`,
        { line, column: names.yearRoundBeds, value: String(c.yearRoundBeds) },
      );
    }
    if (c.unitsWithChildren > c.bedsWithChildren) {
      throw new HicImportError(
        `more family units (${c.unitsWithChildren}) than beds for households with children (${c.bedsWithChildren})`,
        { line, column: names.unitsWithChildren, value: String(c.unitsWithChildren) },
      );
    }
  }
  for (const m of HIC_MEASURES) {
    const sum = t.ES[m] + t.TH[m] + t.SH[m];
    if (sum !== t.ALL[m]) {
      throw new HicImportError(
        `is ${t.ALL[m]} but the ES, TH and SH columns add up to ${sum}`,
        { line, column: HIC_REQUIRED_COLUMNS.ALL[m], value: String(t.ALL[m]) },
      );
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
    const line = bytes.toString('utf8').split('\n').findIndex((l) => l.includes('\uFFFD')) + 1;
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
      throw new HicImportError(
        `${path} is ${stat.size} bytes, larger than the limit of ${maxBytes} bytes (the published HIC file is about 100 KB)`,
      );
    }
    bytes = await fs.readFile(path);
  } catch (e: unknown) {
    if (e instanceof HicImportError) throw e;
    const err = e as { code?: string; message?: string };
    throw new HicImportError(
      err.code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path}: ${err.message ?? String(e)}`,
    );
  }
  return parseHicCsv(bytes, { maxBytes });
}
