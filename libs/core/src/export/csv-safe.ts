import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { stringify, Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets)
 * read a cell as a formula or command: = + - @, TAB and CR (OWASP, "CSV
 * Injection"), and LF for good measure.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Neutralises one text cell against CSV (formula) injection, as OWASP
 * recommends: a cell starting with = + - @ TAB or CR gets a leading single
 * quote, so spreadsheets show it as text (LF too). Other text is returned unchanged.
 * (Quoting of commas, quotes and line breaks is csv-stringify's job.)
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * csv-stringify options shared by every export: a header row, RFC 4180
 * quoting (and any cell with a CR or LF quoted), CRLF line ends, UTC ISO-8601 dates, and every text cell (including
 * header names) neutralised. Numbers and booleans are written as they are
 * (a negative number is a number, not a formula).
 */
function options(columns: readonly string[]) {
  return {
    header: true,
    columns: columns.map((c) => ({ key: c, header: neutraliseCell(c) })),
    record_delimiter: 'windows' as const,
    // A bare CR or LF inside a cell is a line break to a spreadsheet: unquoted
    // (csv-stringify quotes only the CRLF delimiter), `x\n=1+1` started a new
    // row whose first cell was a live formula. Quote every cell holding one.
    quoted_match: /[\r\n]/,
    cast: {
      string: (v: string) => neutraliseCell(v),
      date: (v: Date) => v.toISOString(),
      boolean: (v: boolean) => (v ? 'true' : 'false'),
    },
  };
}

/** CSV text of `rows` (objects keyed by column), injection-safe. For small exports and tests. */
export function toSafeCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return stringifySync(rows as Record<string, unknown>[], options(columns));
}

/**
 * Streams `rows` to `path` as injection-safe CSV: written to `<path>.partial`
 * and renamed when complete, so a failed export never leaves a half-written
 * file under the requested name.
 * @returns how many data rows were written
 */
export async function writeSafeCsv(path: string, columns: readonly string[], rows: AsyncIterable<Record<string, unknown>>): Promise<number> {
  const partial = `${path}.partial`;
  const file = createWriteStream(partial, { flags: 'w' });
  const csv: Stringifier = stringify(options(columns));
  csv.pipe(file);
  let n = 0;
  try {
    for await (const row of rows) {
      if (!csv.write(row)) await once(csv, 'drain');
      n++;
    }
    csv.end();
    await once(file, 'finish');
    await rename(partial, path);
    return n;
  } catch (e) {
    csv.destroy();
    file.destroy();
    await rm(partial, { force: true });
    throw e;
  }
}
