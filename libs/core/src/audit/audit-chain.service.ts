import { Inject, Injectable, Logger } from '@nestjs/common';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, withCaller } from '../persistence/transactions';
import { Principal, SERVICE_PRINCIPAL } from '../identity/principal';
import { allChainKeys, auditContentMac, auditHash, chainKeyring, GENESIS_HASH } from './audit-chain';
import { appendHead, ExportedHead } from './audit-head';

/** Advisory lock key: one sealer at a time, so the chain has one order. */
const SEAL_LOCK_KEY = 726_384_004;

interface Row {
  id: string;
  actor: string;
  role: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  at: Date;
  ip: string | null;
  details: Record<string, unknown>;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
  content_mac: string | null;
}

const content = (r: Row) => ({
  id: String(r.id),
  actor: r.actor,
  role: r.role,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  at: r.at,
  ip: r.ip,
  details: r.details,
});

/** Result of verifying the chain. */
export interface AuditVerification {
  ok: boolean;
  /** Sealed events checked. */
  checked: number;
  /** Events committed but not yet sealed (sealed within seconds by the worker). */
  unsealed: number;
  /** First chain position whose hash does not match, when not ok. */
  firstBadSeq: string | null;
  problem: string | null;
  /**
   * The chain's head when ok. Keep it outside the database (a log, a ticket):
   * removal of the newest events is visible only against a head kept elsewhere.
   */
  headSeq?: string | null;
  headHash?: string;
  /** Exported heads (AUDIT_HEAD_FILE) the chain was checked against; 0 when none were given. */
  headsChecked?: number;
}

/**
 * Seals audit events into a hash chain (worker, every few seconds) and verifies
 * it (`harbour audit verify`). Sealing after commit keeps writers from queuing
 * on one lock; the chain's order is the sealing order (`chain_seq`).
 */
@Injectable()
export class AuditChainService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG)
    private readonly config: Pick<HarbourConfig, 'AUDIT_CHAIN_KEY'> &
      Partial<Pick<HarbourConfig, 'AUDIT_CHAIN_PREVIOUS_KEYS' | 'AUDIT_HEAD_FILE' | 'AUDIT_HEAD_EXPORT_SECONDS'>>,
  ) {
    this.keyFor = chainKeyring(config.AUDIT_CHAIN_KEY, config.AUDIT_CHAIN_PREVIOUS_KEYS);
    this.contentKeys = allChainKeys(config.AUDIT_CHAIN_KEY, config.AUDIT_CHAIN_PREVIOUS_KEYS);
  }

  private readonly log = new Logger('audit');
  /** Every key a content MAC may be under (current and retired). */
  private readonly contentKeys: string[];
  /** The head this process last exported, and when (ms). */
  private lastExport: { seq: string; at: number } | null = null;

  /** The chain's last sealed position and its hash, or null while nothing is sealed. */
  async head(): Promise<{ seq: string; hash: string } | null> {
    const rows: { seq: string; hash: string }[] = await inTransaction(this.dataSource, (em) =>
      em.query(`SELECT chain_seq::text AS seq, hash FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`),
    );
    return rows[0] ?? null;
  }

  /**
   * Appends the chain head to AUDIT_HEAD_FILE (a file on the worker's host,
   * which no database role can write) when it moved since this process last
   * exported it and at least AUDIT_HEAD_EXPORT_SECONDS have passed. The worker
   * calls it after each sealing run. Returns the head written, or null.
   */
  async exportHead(now = Date.now()): Promise<ExportedHead | null> {
    const file = this.config.AUDIT_HEAD_FILE;
    if (!file) return null;
    const every = (this.config.AUDIT_HEAD_EXPORT_SECONDS ?? 300) * 1000;
    if (this.lastExport && now - this.lastExport.at < every) return null;
    const head = await this.head();
    if (!head || head.seq === this.lastExport?.seq) return null;
    const exported = { at: new Date(now).toISOString(), seq: head.seq, hash: head.hash };
    try {
      appendHead(file, exported);
    } catch (e) {
      this.log.error(`could not export the audit chain head to ${file}: ${(e as Error).message}`);
      return null;
    }
    this.lastExport = { seq: head.seq, at: now };
    return exported;
  }

  /** The key that seals and verifies one chain position (key rotation: AUDIT_CHAIN_PREVIOUS_KEYS). */
  private readonly keyFor: (seq: bigint) => string;

  /** Seals up to `batch` committed, unsealed events in id order. Returns how many. */
  async seal(batch = 1000): Promise<number> {
    return inTransaction(this.dataSource, async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEAL_LOCK_KEY]);
      if (!locked) return 0;
      const rows: Row[] = await em.query(
        // No FOR UPDATE: the runtime role may not UPDATE audit_event (nor lock its rows); the advisory lock
        // above already makes this the only sealer, and sealed rows never change again.
        `SELECT * FROM audit_event WHERE hash IS NULL ORDER BY id LIMIT $1`,
        [batch],
      );
      if (rows.length === 0) return 0;
      const last: { chain_seq: string; hash: string }[] = await em.query(
        `SELECT chain_seq, hash FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
      );
      let seq = last.length ? BigInt(last[0].chain_seq) : 0n;
      let prev = last.length ? last[0].hash : GENESIS_HASH;
      for (const r of rows) {
        seq += 1n;
        const hash = auditHash(prev, seq.toString(), content(r), this.keyFor(seq));
        // As the owner role, for SERVICE only (migration CallerScope1766100000000); the append-only trigger still applies.
        await em.query(`SELECT harbour_seal_audit_event($1, $2, $3, $4)`, [r.id, seq.toString(), prev, hash]);
        prev = hash;
      }
      return rows.length;
    });
  }

  /**
   * Walks the whole chain in order, recomputing every hash, in one read-only
   * transaction as `caller` (row-level security: coordinators, auditors and
   * SERVICE read the whole trail; the CLI verifies as SERVICE).
   */
  async verify(caller: Principal = SERVICE_PRINCIPAL, heads: ExportedHead[] = []): Promise<AuditVerification> {
    return withCaller(this.dataSource, caller, async (em) => {
      const result = await this.walk(em);
      if (!result.ok) return result;
      const problem = await this.checkHeads(em, heads);
      return problem
        ? { ...result, ok: false, firstBadSeq: problem.seq, problem: problem.text, headsChecked: heads.length }
        : { ...result, headsChecked: heads.length };
    });
  }

  /**
   * Each exported head must still be in the chain with the same hash: a chain
   * rewritten as a whole (every link recomputed with the key) or cut short
   * verifies on its own, but not against a head exported before the rewrite.
   */
  private async checkHeads(em: EntityManager, heads: ExportedHead[]): Promise<{ seq: string; text: string } | null> {
    for (const h of heads) {
      const [row]: { hash: string }[] = await em.query(`SELECT hash FROM audit_event WHERE chain_seq = $1`, [h.seq]);
      if (!row) return { seq: h.seq, text: `exported head at position ${h.seq} (${h.at}) is missing from the chain: events were removed` };
      if (row.hash !== h.hash) return { seq: h.seq, text: `exported head at position ${h.seq} (${h.at}) does not match: the chain was rewritten` };
    }
    return null;
  }

  /** True when `r` carries a content MAC that matches its content under one of the chain keys (null: an event older than content MACs). */
  private contentIntact(r: Row): boolean {
    if (r.content_mac === null) return true;
    return this.contentKeys.some((k) => auditContentMac(content(r), k) === r.content_mac);
  }

  private async walk(em: EntityManager): Promise<AuditVerification> {
    const [{ n }] = await em.query('SELECT count(*)::int AS n FROM audit_event WHERE hash IS NULL');
    let prev = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    let after = '0';
    for (;;) {
      const rows: Row[] = await em.query(`SELECT * FROM audit_event WHERE chain_seq > $1 ORDER BY chain_seq LIMIT 5000`, [after]);
      if (rows.length === 0) break;
      for (const r of rows) {
        const seq = BigInt(r.chain_seq!);
        const bad = (problem: string): AuditVerification => ({ ok: false, checked, unsealed: n, firstBadSeq: r.chain_seq, problem });
        if (seq !== expectedSeq) return bad(`chain position ${expectedSeq} is missing`);
        if (r.prev_hash !== prev) return bad(`event ${r.id} does not follow the previous event`);
        if (auditHash(prev, r.chain_seq!, content(r), this.keyFor(seq)) !== r.hash) {
          return bad(`event ${r.id} was altered, forged or re-sealed without the chain key`);
        }
        if (!this.contentIntact(r)) return bad(`event ${r.id} does not match its content MAC: its content was altered before it was sealed`);
        prev = r.hash!;
        expectedSeq += 1n;
        checked++;
        after = r.chain_seq!;
      }
    }
    // Events not sealed yet must be intact too.
    for (let afterId = '0'; ;) {
      const rows: Row[] = await em.query(`SELECT * FROM audit_event WHERE hash IS NULL AND id > $1 ORDER BY id LIMIT 5000`, [afterId]);
      if (rows.length === 0) break;
      for (const r of rows) {
        if (!this.contentIntact(r)) {
          return {
            ok: false,
            checked,
            unsealed: n,
            firstBadSeq: null,
            problem: `unsealed event ${r.id} does not match its content MAC: its content was altered`,
          };
        }
      }
      afterId = String(rows[rows.length - 1].id);
    }
    return { ok: true, checked, unsealed: n, firstBadSeq: null, problem: null, headSeq: after === '0' ? null : after, headHash: prev };
  }
}
