/**
 * The audit chain's window, closed (issue 12): the inserting transaction
 * stores an HMAC of each event's content, so an event edited before the worker
 * seals it is found, though it was sealed as edited; and the worker exports
 * the chain head to a file the database cannot write, so a rewrite of the
 * whole chain by someone holding the chain key, or the newest events cut off,
 * is found against the exported heads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auditHash, AuditChainService, GENESIS_HASH } from '@harbour/core';
import { auditContentMac } from '@harbour/core/audit/audit-chain';
import { readHeads } from '@harbour/core/audit/audit-head';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, smallNetwork, waitFor } from './support/fixtures';

/** Runs `sql` with the append-only trigger off: what an owner or superuser can do, and Harbour's runtime must not. */
async function behindTheTrigger(h: Harbour, sql: string, params: unknown[] = []): Promise<void> {
  await h.db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
  try {
    await h.db.query(sql, params);
  } finally {
    await h.db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
  }
}

describe('audit chain: an event edited before sealing', () => {
  let h: Harbour;
  let chain: AuditChainService;
  beforeAll(async () => {
    h = await Harbour.start('audit_window', { worker: false });
    chain = new AuditChainService(h.db, h.config);
    await smallNetwork(h, { beds: 1 });
  });
  afterAll(async () => h?.close());

  it('stores a content MAC in the inserting transaction, and verify finds an edit made before the seal', async () => {
    const [{ n, macs }] = await h.db.query(`SELECT count(*)::int AS n, count(content_mac)::int AS macs FROM audit_event WHERE hash IS NULL`);
    expect(n).toBeGreaterThan(3);
    expect(macs).toBe(n);
    while ((await chain.seal()) > 0);
    expect(await chain.verify()).toMatchObject({ ok: true, unsealed: 0 });

    // A new event, edited while it waits for the worker, then sealed as edited.
    const [{ max }] = await h.db.query(`SELECT max(id)::text AS max FROM audit_event`);
    await h.ok(await h.token({ role: 'COORDINATOR', sub: 'coordinator-1' }), 'mutation { createRegion(code: "EDITED", name: "Edited") { code } }');
    const [fresh] = await h.db.query(`SELECT id::text AS id FROM audit_event WHERE id > $1 AND action = 'CREATE_REGION'`, [max]);
    await behindTheTrigger(h, `UPDATE audit_event SET actor = 'someone-else' WHERE id = $1`, [fresh.id]);
    while ((await chain.seal()) > 0);
    const s = await chain.verify();
    expect(s).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`event ${fresh.id} .*content`)) });
  });
});

describe('audit chain: exported heads', () => {
  let h: Harbour;
  let net: Network;
  let dir: string;
  let headFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'harbour-audit-head-'));
    headFile = path.join(dir, 'audit-heads.jsonl');
    h = await Harbour.start('audit_heads', { env: { AUDIT_HEAD_FILE: headFile, AUDIT_HEAD_EXPORT_SECONDS: '0' } });
    net = await smallNetwork(h, { beds: 2 });
    await createReferral(h, net.officer);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker appends the head to AUDIT_HEAD_FILE (mode 600) after sealing', async () => {
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM audit_event`);
    await waitFor(() => {
      try {
        return readHeads(headFile).some((x) => Number(x.seq) >= n);
      } catch {
        return false;
      }
    }, 30_000);
    const heads = readHeads(headFile);
    const last = heads[heads.length - 1];
    const [row] = await h.db.query(`SELECT hash FROM audit_event WHERE chain_seq = $1`, [last.seq]);
    expect(row.hash).toBe(last.hash);
    expect(readFileSync(headFile, 'utf8').trim().split('\n').length).toBe(heads.length);
    const chain = new AuditChainService(h.db, h.config);
    expect(await chain.verify(undefined, heads)).toMatchObject({ ok: true, headsChecked: heads.length });
  });

  it('finds a whole chain rewritten with the key (every link valid) only against the exported heads', async () => {
    await h.stopWorker();
    const chain = new AuditChainService(h.db, h.config);
    const heads = readHeads(headFile);
    // Someone with the database and the chain key rewrites the first event and re-seals everything after it.
    const rows: any[] = await h.db.query(`SELECT * FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq`);
    rows[0].actor = 'rewritten';
    let prev = GENESIS_HASH;
    const statements: [string, unknown[]][] = [];
    for (const r of rows) {
      const content = {
        id: String(r.id),
        actor: r.actor,
        role: r.role,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        at: r.at,
        ip: r.ip,
        details: r.details,
      };
      const hash = auditHash(prev, String(r.chain_seq), content, h.config.AUDIT_CHAIN_KEY);
      statements.push([
        `UPDATE audit_event SET actor = $2, prev_hash = $3, hash = $4, content_mac = $5 WHERE id = $1`,
        [r.id, r.actor, prev, hash, auditContentMac(content, h.config.AUDIT_CHAIN_KEY)],
      ]);
      prev = hash;
    }
    await h.db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    try {
      for (const [sql, params] of statements) await h.db.query(sql, params);
    } finally {
      await h.db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    }
    // The chain alone verifies: every link was recomputed with the key.
    expect(await chain.verify()).toMatchObject({ ok: true });
    // The heads exported before the rewrite do not match it.
    const s = await chain.verify(undefined, heads);
    expect(s).toMatchObject({ ok: false, problem: expect.stringMatching(/exported head/) });
  });

  it('finds the newest events cut off against the exported heads', async () => {
    const chain = new AuditChainService(h.db, h.config);
    const heads = readHeads(headFile);
    const top = heads[heads.length - 1];
    await behindTheTrigger(h, `DELETE FROM audit_event WHERE chain_seq >= $1`, [top.seq]);
    const s = await chain.verify(undefined, heads);
    expect(s).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`exported head at position ${top.seq}`)) });
  });
});
