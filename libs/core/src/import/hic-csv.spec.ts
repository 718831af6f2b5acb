import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIC_REQUIRED_COLUMNS, parseCount, parseHicCsv, readHicFile, recogniseHeader, resolveHicYear } from './hic-csv';
import { HicImportError } from './hic-errors';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const smallText = () => readFileSync(fixture('hic-2023-small.csv'), 'utf8');
/** Fixtures in the shapes of the published years (test/fixtures/hic/). */
const yearFixture = (year: number) => join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'hic', `hic-${year}-counts-by-coc.csv`);

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
    const fromPath = await readHicFile(fixture('hic-2023-small.csv'));
    expect(fromPath.rows).toEqual(parseHicCsv(readFileSync(fixture('hic-2023-small.csv'))).rows);
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
    expect(file.totalRowMismatches).toEqual(['Total row (line 6) "Total Year-Round Beds (ES, TH, SH)" is 2853 but the CoC rows add up to 2852']);
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

describe('parseHicCsv on the layouts of other years', () => {
  const parseYear = (year: number) => parseHicCsv(readFileSync(yearFixture(year)));
  const counts = (
    yearRoundBeds: number,
    nonDvBeds: number,
    unitsWithChildren: number,
    bedsWithChildren: number,
    bedsWithoutChildren: number,
    bedsOnlyChildren: number,
  ) => ({
    yearRoundBeds,
    nonDvBeds,
    unitsWithChildren,
    bedsWithChildren,
    bedsWithoutChildren,
    bedsOnlyChildren,
  });

  it('2007: "CoC" header, no Safe Haven, "(ES,TH)" totals, program inside the names, no only-children columns, a footnote mark', () => {
    const file = parseYear(2007);
    expect(resolveHicYear(file, { path: yearFixture(2007) })).toEqual({ year: 2007, source: 'file name' });
    expect(file.rows.map((r) => r.coc)).toEqual(['CA-500', 'CA-501', 'NY-600']);
    expect(file.layout.programs).toEqual(['ES', 'TH']);
    expect(file.layout.totals).toEqual(['yearRoundBeds', 'nonDvBeds']);
    expect(file.layout.notes).toEqual([
      'no Safe Haven (SH) columns: 0 SH beds',
      'no households-with-only-children columns for ES, TH: 0 beds for households with only children',
    ]);
    expect(file.rows[0].programs.ES).toEqual(counts(1180, 1040, 80, 260, 920, 0)); // the cell reads "1,180*"
    expect(file.rows[0].programs.SH).toEqual(counts(0, 0, 0, 0, 0, 0));
    expect(file.annotatedCells).toEqual({ count: 1, first: { line: 3, column: 'Total Year-Round ES Beds', value: '1,180*' } });
    expect(file.sumOfRows.ALL.yearRoundBeds).toBe(5545);
    expect(file.totalRow?.totals.ALL.yearRoundBeds).toBe(5545);
    expect(file.totalRowMismatches).toEqual([]);
  });

  it('2010: BOM, "(ES,TH,SH)" totals, a units total over ES and TH only (not read), SH without household columns, notes after the table', () => {
    const file = parseYear(2010);
    expect(file.rows.map((r) => r.coc)).toEqual(['AK-500', 'AL-500', 'CO-503']);
    expect(file.layout.programs).toEqual(['ES', 'TH', 'SH']);
    expect(file.layout.totals).toEqual(['yearRoundBeds', 'nonDvBeds']);
    expect(file.layout.notes).toContain('"Total Units for Households with Children (ES,TH)" not read: it is not a total of exactly ES, TH, SH');
    // Safe Havens serve individuals: every SH bed is for households without children.
    expect(file.rows[0].programs.SH).toEqual(counts(12, 12, 0, 0, 12, 0));
    expect(file.rows[2].programs.ES).toEqual(counts(1650, 1500, 150, 520, 1100, 30));
    expect(file.trailingNotes).toEqual([
      { line: 8, text: 'Note: counts are as reported by each CoC and have not been independently verified by HUD.' },
      { line: 9, text: 'Source: HUD 2010 Housing Inventory Count, counts by CoC' },
    ]);
    expect(file.totalRow?.totals.ALL.yearRoundBeds).toBe(4027);
    expect(file.totalRowMismatches).toEqual([]);
  });

  it('2013: a title row with the year, a total that includes RRH (not read), footnotes "(a)" and on a CoC number, a CoC number with a letter', () => {
    const file = parseYear(2013);
    expect(file.titleYears).toEqual([2013]);
    expect(resolveHicYear(file, { path: '/tmp/export.csv' })).toEqual({ year: 2013, source: 'title row' });
    expect(file.rows.map((r) => [r.coc, r.line])).toEqual([
      ['AK-500', 4],
      ['MO-604a', 5],
      ['TX-700', 6],
    ]);
    expect(file.layout.totals).toEqual([]);
    expect(file.layout.notes).toEqual([
      'no "(ES, TH, SH)" total columns: totals are the sum of ES, TH, SH',
      '"Total Year-Round Beds (ES,TH,RRH,SH)" not read: it is not a total of exactly ES, TH, SH',
    ]);
    // The ES, TH and SH beds, not the cell of "(ES,TH,RRH,SH)" (which adds 800 RRH beds).
    expect(file.rows[2].total.yearRoundBeds).toBe(2450 + 1210 + 40);
    expect(file.rows[2].programs.TH.unitsWithChildren).toBe(200); // the cell reads "200 (a)"
    expect(file.annotatedCells.count).toBe(2);
    expect(file.trailingNotes).toEqual([{ line: 8, text: '(a) Includes units reported after the count date.' }]);
    expect(file.sumOfRows.ALL.yearRoundBeds).toBe(5708);
    expect(file.totalRowMismatches).toEqual([]);
  });

  it('2016: current names without spaces in "(ES,TH,SH)", odd spacing and case, LF line ends, no Total row', () => {
    const file = parseYear(2016);
    expect(file.layout.totals).toHaveLength(6);
    expect(file.layout.notes).toEqual([]);
    expect(file.totalRow).toBeNull();
    expect(file.rows[2]).toMatchObject({ coc: 'WA-500', line: 5 });
    expect(file.rows[2].programs.ES.yearRoundBeds).toBe(3900); // header "Total Year-Round  Beds (ES)"
    expect(file.rows[2].programs.TH.nonDvBeds).toBe(1650); // header "total non-DV year-round beds (th) "
    expect(file.sumOfRows.ALL.yearRoundBeds).toBe(8115);
  });

  it('2024: the 2023 layout (BOM, group row, Total row, trailing empty row)', () => {
    const file = parseYear(2024);
    expect(file.rows.map((r) => r.coc)).toEqual(['AK-500', 'AK-501', 'AL-501']);
    expect(file.rows[0].programs.ES).toEqual(counts(962, 890, 44, 200, 754, 8));
    expect(file.totalRow?.totals.ALL.yearRoundBeds).toBe(2669);
    expect(file.totalRowMismatches).toEqual([]);
    expect(file.layout.notes).toEqual([]);
  });

  it('refuses a row with figures after the notes that end the table', () => {
    const text = readFileSync(yearFixture(2010), 'utf8').trimEnd() + '\r\n' + readFileSync(yearFixture(2010), 'utf8').split('\r\n')[3];
    const e = errorOf(() => parseHicCsv(text));
    expect(e.line).toBe(10);
    expect(e.message).toContain('a row with figures after the notes that end the table (line 8)');
  });

  it('names a missing column by its current name, whatever the spelling of the year', () => {
    const text = readFileSync(yearFixture(2013), 'utf8').replace('Total Non-DV Year-Round TH Beds', 'Total Non-DV TH');
    const e = errorOf(() => parseHicCsv(text));
    expect(e.message).toBe('line 3, column "Total Non-DV Year-Round Beds (TH)": missing required column "Total Non-DV Year-Round Beds (TH)" in the header row');
  });

  it('refuses a layout that has a measure for some programs only', () => {
    const text = readFileSync(yearFixture(2013), 'utf8').replace('Total Beds for Households with only Children (TH)', 'Dedicated Youth Beds (TH)');
    expect(errorOf(() => parseHicCsv(text)).column).toBe('Total Beds for Households with only Children (TH)');
  });
});

describe('recogniseHeader', () => {
  it.each([
    ['Total Year-Round Beds (ES, TH, SH)', 'yearRoundBeds', ['es', 'sh', 'th']],
    ['Total Year-Round Beds (ES,TH,SH)', 'yearRoundBeds', ['es', 'sh', 'th']],
    ['total  year-round beds (es)', 'yearRoundBeds', ['es']],
    ['Total Year-Round ES Beds', 'yearRoundBeds', ['es']],
    ['Total Non-DV Year-Round TH Beds', 'nonDvBeds', ['th']],
    ['Total Non DV Year Round Beds (SH)*', 'nonDvBeds', ['sh']],
    ['Total Units for Households with Children (ES,TH)', 'unitsWithChildren', ['es', 'th']],
    ['Total Beds for Households with only Children (TH)', 'bedsOnlyChildren', ['th']],
    ['Total Year-Round Beds (ES,TH,RRH,SH)', 'yearRoundBeds', ['es', 'rrh', 'sh', 'th']],
  ])('%j is %s over %j', (header, measure, scope) => {
    expect(recogniseHeader(header)).toEqual({ measure, scope });
  });

  it.each([
    'HMIS Participation Rate for Year-Round Beds (ES)',
    'Total Seasonal Beds (ES)',
    'Total HMIS Year-Round ES Beds',
    'CoC Number',
    'Total Year-Round Beds',
  ])('%j is not read', (header) => expect(recogniseHeader(header)).toBeNull());
});

describe('resolveHicYear', () => {
  it('takes --year, a title row or a single year in the file name, and refuses when they disagree or say nothing', () => {
    expect(resolveHicYear({ titleYears: [] }, { path: '/data/hic-2019-counts-by-coc.csv' })).toEqual({ year: 2019, source: 'file name' });
    expect(resolveHicYear({ titleYears: [] }, { path: '/data/x.csv', explicit: 2021 })).toEqual({ year: 2021, source: '--year' });
    expect(resolveHicYear({ titleYears: [2019] }, { path: '/data/hic-2019.csv', explicit: 2019 })).toEqual({ year: 2019, source: '--year' });
    expect(() => resolveHicYear({ titleYears: [2013] }, { path: '/data/hic-2014.csv' })).toThrow(
      'the HIC year is ambiguous: the title row says 2013, the file name says 2014; nothing imported',
    );
    expect(() => resolveHicYear({ titleYears: [] }, { path: '/data/hic-2023.csv', explicit: 2024 })).toThrow(/--year says 2024, the file name says 2023/);
    expect(() => resolveHicYear({ titleYears: [2019, 2020] }, {})).toThrow(/several years \(2019, 2020\)/);
    expect(() => resolveHicYear({ titleYears: [] }, { path: '/data/2007-2024-HIC-Counts-by-CoC.csv' })).toThrow(
      'cannot tell which HIC year the file is: no year in its title rows and several in its name (2007, 2024); pass --year',
    );
    expect(() => resolveHicYear({ titleYears: [] }, { path: '/data/hic.csv' })).toThrow(/pass --year/);
    expect(() => resolveHicYear({ titleYears: [] }, { explicit: 2006 })).toThrow('--year 2006 is not a HIC year (2007–2099)');
  });
});

describe('parseCount footnote marks', () => {
  it.each([
    ['1,234*', 1234],
    ['12 (a)', 12],
    ['7†', 7],
    ['3[1]', 3],
    ['40**', 40],
  ])('reads %j as %d', (raw, n) => expect(parseCount(raw, 1, 'c')).toBe(n));

  it.each(['*', '(a)', '12 x', '12**(a)', '1,2*'])('refuses %j', (raw) => expect(() => parseCount(raw, 1, 'c')).toThrow(HicImportError));
});
