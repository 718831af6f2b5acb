/** Longest string kept in an audit event's details, in UTF-16 code units; longer ones are cut and marked. */
export const AUDIT_STRING_MAX = 500;
/** Most items kept of one array in an audit event's details; more are cut and counted. */
export const AUDIT_ARRAY_MAX = 100;
/** Deepest nesting kept in an audit event's details; deeper values are replaced by a marker. */
export const AUDIT_DEPTH_MAX = 6;

/**
 * The audit trail is append-only: whatever reaches it stays for good. So every
 * value bound for an audit event's `details` passes through here, whatever the
 * path that produced it: strings longer than {@link AUDIT_STRING_MAX} keep
 * their start plus `…[+N chars]`, arrays longer than {@link AUDIT_ARRAY_MAX}
 * keep their first items plus a `…[+N items]` marker, objects nested deeper
 * than {@link AUDIT_DEPTH_MAX} become `"[too deep]"`; non-finite numbers become
 * null (JSON cannot hold them); NUL and lone surrogates become U+FFFD (jsonb
 * refuses them). Keys are capped like strings. Pure.
 */
export function capAuditValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return capString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= AUDIT_DEPTH_MAX) return '[too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, AUDIT_ARRAY_MAX).map((v) => capAuditValue(v, depth + 1));
    return value.length > AUDIT_ARRAY_MAX ? [...kept, `…[+${value.length - AUDIT_ARRAY_MAX} items]`] : kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[capString(k)] = capAuditValue(v, depth + 1);
  return out;
}

/** `s` cut to {@link AUDIT_STRING_MAX} code units plus a marker saying how much was cut. */
export function capString(raw: string): string {
  // PostgreSQL's jsonb holds neither U+0000 nor a lone UTF-16 surrogate ("invalid input syntax for
  // type json", a 500 found by the fuzzer on revokeTokens): both become U+FFFD, whatever the path.
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must go
  const s = raw.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return s.length > AUDIT_STRING_MAX ? `${s.slice(0, AUDIT_STRING_MAX)}…[+${s.length - AUDIT_STRING_MAX} chars]` : s;
}
