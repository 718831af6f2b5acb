import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIC_REQUIRED_COLUMNS, parseCount, parseHicCsv, readHicFile } from './hic-csv';
import { HicImportError } from './hic-errors';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const smallText = () => readFileSync(fixture('hic-small.csv'), 'utf8');

/** Replaces cell `column` (by header name) of the CoC row `coc` in a fixture's text. */
function withCell(text: string, coc: string, column: string, value: string): string {
  const lines = text.split('\r\n');
  const header = lines[1].match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
  const i = header.indexOf(column);
  const n = lines.findIndex((l) => l.startsWith(`${coc},`));
  const cells = lines[n].split(',');
  cells[i] = value;
  lines[n] = cells.join(',');
  return lines.join('\r\n');
}

function errorOf(fn: () => unknown): HicImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HicImportError) return e;
    throw e;
  }
  throw new Error('expected a HicImportError');
}

describe('parseHicCsv', () => {
  it('reads the quirky file: BOM, two-row header, Total row, trailing blank row, CRLF', () => {
    const file = parseHicCsv(smallText());
    expect(file.rows.map((r) => [r.coc, r.line])).toEqual([
      ['AK-500', 3],
      ['AK-501', 4],
      ['AL-500', 5],
    ]);
    const ak = file.rows[0];
    expect(ak.total.yearRoundBeds).toBe(1188);
    expect(ak.total.nonDvBeds).toBe(1110);
    expect(ak.programs.ES).toEqual({
      yearRoundBeds: 950,
      nonDvBeds: 882,
      unitsWithChildren: 42,
      bedsWithChildren: 194,
      bedsWithoutChildren: 748,
      bedsOnlyChildren: 8,
    });
    expect(ak.programs.SH.yearRoundBeds).toBe(0);
    expect(file.totalRow?.line).toBe(6);
    expect(file.totalRow?.totals.ALL.yearRoundBeds).toBe(2852);
    expect(file.sumOfRows.ALL.yearRoundBeds).toBe(2852);
    expect(file.totalRowMismatches).toEqual([]);
  });

  it('finds columns by name, not position (columns reversed)', () => {
    const a = parseHicCsv(smallText());
    const b = parseHicCsv(readFileSync(fixture('hic-reordered.csv')));
    expect(b.rows).toEqual(a.rows);
    expect(b.totalRow).toEqual(a.totalRow);
  });

  it('accepts a Buffer and a file path alike', async () => {
    const fromPath = await readHicFile(fixture('hic-small.csv'));
    expect(fromPath.rows).toEqual(parseHicCsv(readFileSync(fixture('hic-small.csv'))).rows);
  });

  it('reports a bad cell with its line, column and value', () => {
    const e = errorOf(() => parseHicCsv(readFileSync(fixture('hic-bad-cell.csv'))));
    expect(e.line).toBe(4);
    expect(e.column).toBe('Total Non-DV Year-Round Beds (TH)');
    expect(e.value).toBe('12x');
    expect(e.message).toBe('line 4, column "Total Non-DV Year-Round Beds (TH)": "12x" is not a non-negative whole number');
  });

  it.each([
    ['-3', 'not a non-negative whole number'],
    ['1.5', 'not a non-negative whole number'],
    ['79.71%', 'not a non-negative whole number'],
    ['', 'empty cell'],
    ['99999999', 'larger than'],
  ])('refuses %j in a count column', (value, problem) => {
    const text = withCell(smallText(), 'AL-500', 'Total Beds for Households with only Children (TH)', value);
    const e = errorOf(() => parseHicCsv(text));
    expect(e.line).toBe(5);
    expect(e.column).toBe('Total Beds for Households with only Children (TH)');
    expect(e.message).toContain(problem);
  });

  it('ignores empty and percentage cells in columns it does not read', () => {
    const text = withCell(smallText(), 'AK-500', 'HMIS Participation Rate for Year-Round Beds (ES)', '');
    expect(parseHicCsv(text).rows).toHaveLength(3);
  });

  it('names a missing required column', () => {
    const e = errorOf(() => parseHicCsv(readFileSync(fixture('hic-missing-column.csv'))));
    expect(e.column).toBe('Total Beds for Households with only Children (ES)');
    expect(e.message).toContain('missing required column "Total Beds for Households with only Children (ES)"');
  });

  it('refuses a file with no header row', () => {
    const e = errorOf(() => parseHicCsv('a,b\n1,2\n'));
    expect(e.column).toBe(HIC_REQUIRED_COLUMNS.coc);
  });

  it('refuses rows whose counts do not add up, naming the column', () => {
    // ES non-DV above ES total.
    let e = errorOf(() => parseHicCsv(withCell(smallText(), 'AK-501', 'Total Non-DV Year-Round Beds (ES)', '5000')));
    expect(e.line).toBe(4);
    // The first of two cells "Total Year-Round Beds (ES)" changed: the duplicates disagree.
    e = errorOf(() => parseHicCsv(withCell(smallText(), 'AK-501', 'Total Year-Round Beds (ES)', '848')));
    expect(e.line).toBe(4);
    expect(e.column).toBe('Total Year-Round Beds (ES)');
    // Household types no longer add up to the program total.
    e = errorOf(() => parseHicCsv(withCell(smallText(), 'AL-500', 'Total Beds for Households with Children (SH)', '3')));
    expect(e.line).toBe(5);
  });

  it('refuses a bad or duplicate CoC number', () => {
    let e = errorOf(() => parseHicCsv(smallText().replace('AL-500,', 'Alabama,')));
    expect(e).toMatchObject({ line: 5, column: 'CoC Number', value: 'Alabama' });
    e = errorOf(() => parseHicCsv(smallText().replace('AL-500,', 'AK-500,')));
    expect(e.message).toContain('appears twice (first on line 3)');
  });

  it('keeps the Total row aside and reports where it disagrees with the CoC rows', () => {
    const lines = smallText().split('\r\n');
    lines[5] = lines[5].replace(/^Total,2852,/, 'Total,2853,');
    const file = parseHicCsv(lines.join('\r\n'));
    expect(file.rows).toHaveLength(3);
    expect(file.totalRowMismatches).toEqual([
      'Total row (line 6) "Total Year-Round Beds (ES, TH, SH)" is 2853 but the CoC rows add up to 2852',
    ]);
  });

  it('reads UTF-8 bytes with or without a BOM alike, and refuses other encodings with a clear error', () => {
    const text = smallText().replace(/^\uFEFF/, '');
    const plain = parseHicCsv(Buffer.from(text, 'utf8'));
    const withBom = parseHicCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(withBom.rows).toEqual(plain.rows);
    expect(plain.rows.length).toBeGreaterThan(0);
    expect(() => parseHicCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toThrow(/UTF-16 \(little-endian\); save it as UTF-8/);
    expect(() => parseHicCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]))).toThrow(/UTF-16 \(big-endian\)/);
    // A Windows-1252 "é" (0xE9) on line 3 is not UTF-8.
    const lines = text.split('\r\n');
    const latin1 = Buffer.from([...lines.slice(0, 2), `${lines[2]},Montr\u00e9al`, ...lines.slice(3)].join('\r\n'), 'latin1');
    expect(() => parseHicCsv(latin1)).toThrow(/not UTF-8 \(first bad byte on line 3\)/);
    expect(() => parseHicCsv(latin1)).toThrow(HicImportError);
  });

  it('enforces the size limit, before reading a file', async () => {
    expect(() => parseHicCsv(smallText(), { maxBytes: 100 })).toThrow(/larger than the limit of 100 bytes/);
    const dir = mkdtempSync(join(tmpdir(), 'hic-'));
    try {
      const path = join(dir, 'big.csv');
      writeFileSync(path, Buffer.alloc(2048, 0x2c));
      await expect(readHicFile(path, { maxBytes: 1024 })).rejects.toThrow(/2048 bytes, larger than the limit of 1024 bytes/);
      await expect(readHicFile(join(dir, 'nope.csv'))).rejects.toThrow(/no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a malformed CSV with a line', () => {
    const e = errorOf(() => parseHicCsv(smallText().replace('AK-501,', '"AK-501,')));
    expect(e.message).toMatch(/not a valid CSV/);
  });
});

describe('parseCount', () => {
  it('reads whole numbers, with or without thousands commas', () => {
    expect(parseCount('0', 1, 'c')).toBe(0);
    expect(parseCount(' 42 ', 1, 'c')).toBe(42);
    expect(parseCount('91,411', 1, 'c')).toBe(91411);
    expect(() => parseCount('1,23', 1, 'c')).toThrow(HicImportError);
  });
});
