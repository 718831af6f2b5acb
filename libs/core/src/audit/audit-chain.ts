import { createHmac } from 'node:crypto';

/** prev_hash of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface AuditContent {
  id: string;
  actor: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string | null;
  at: Date;
  ip: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every level, so equal content hashes equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
}

/**
 * Hash of one chain link: HMAC-SHA256 (hex), keyed with AUDIT_CHAIN_KEY (kept
 * outside the database), over `prevHash`, the chain position and the event's
 * canonical content. Changing, removing, inserting or reordering any sealed event
 * changes every hash after it, and without the key nobody can forge a link.
 */
export function auditHash(prevHash: string, chainSeq: string, e: AuditContent, key: string): string {
  return createHmac('sha256', key)
    .update(prevHash)
    .update('\n')
    .update(chainSeq)
    .update('\n')
    .update(
      canonicalJson({
        id: e.id,
        actor: e.actor,
        role: e.role,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        at: e.at,
        ip: e.ip,
        details: e.details,
      }),
    )
    .digest('hex');
}

/**
 * HMAC-SHA256 (hex) of one event's canonical content, keyed with
 * AUDIT_CHAIN_KEY: stored as `content_mac` by the transaction that inserts the
 * event (AuditService.record), so an edit made before the worker seals the
 * event (which the chain would then seal as edited) still shows. Domain
 * separated from {@link auditHash} by its prefix.
 */
export function auditContentMac(e: AuditContent, key: string): string {
  return createHmac('sha256', key)
    .update('harbour-audit-content\n')
    .update(
      canonicalJson({
        id: e.id,
        actor: e.actor,
        role: e.role,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        at: e.at,
        ip: e.ip,
        details: e.details,
      }),
    )
    .digest('hex');
}

/** Every chain key, current first, then the retired ones (AUDIT_CHAIN_PREVIOUS_KEYS): a content MAC may be under any. */
export function allChainKeys(current: string, previous?: string | null): string[] {
  const retired = (previous ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => e.slice(e.indexOf(':') + 1));
  return [current, ...retired];
}

/**
 * The key of each chain position, for key rotation: `previous` lists retired
 * keys as `<last position>:<key>` (comma-separated, validated by the config);
 * a position takes the first retired key whose last position is at or after
 * it, in position order, else `current`. So a retired key verifies only the
 * links sealed while it was in use: a leaked old key cannot forge new links.
 */
export function chainKeyring(current: string, previous?: string | null): (seq: bigint) => string {
  const retired = (previous ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const i = e.indexOf(':');
      return { upTo: BigInt(e.slice(0, i)), key: e.slice(i + 1) };
    })
    .sort((a, b) => (a.upTo < b.upTo ? -1 : a.upTo > b.upTo ? 1 : 0));
  return (seq) => retired.find((r) => seq <= r.upTo)?.key ?? current;
}
