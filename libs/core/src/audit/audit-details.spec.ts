import { AUDIT_ARRAY_MAX, AUDIT_DEPTH_MAX, AUDIT_STRING_MAX, capAuditValue } from './audit-details';

describe('capAuditValue', () => {
  it('replaces NUL and lone surrogates, which jsonb refuses, and keeps real pairs', () => {
    expect(capAuditValue({ subject: 'a\u0000b\ud800c\udc00d', ok: '\ud83d\ude00' })).toEqual({ subject: 'a\ufffdb\ufffdc\ufffdd', ok: '\ud83d\ude00' });
  });

  it('keeps short values as they are', () => {
    const v = { url: 'https://example.org/hook', n: 3, ok: true, none: null, ids: ['a', 'b'] };
    expect(capAuditValue(v)).toEqual(v);
  });

  it('cuts a 900,000-character string to AUDIT_STRING_MAX and says how much was cut', () => {
    const out = capAuditValue({ url: 'x'.repeat(900_000) }) as { url: string };
    expect(out.url).toBe(`${'x'.repeat(AUDIT_STRING_MAX)}…[+${900_000 - AUDIT_STRING_MAX} chars]`);
  });

  it('caps strings inside arrays and nested objects, and object keys', () => {
    const long = 'y'.repeat(AUDIT_STRING_MAX + 1);
    const out = capAuditValue({ a: [{ b: long }], [long]: 1 }) as Record<string, any>;
    expect(out.a[0].b).toBe(`${'y'.repeat(AUDIT_STRING_MAX)}…[+1 chars]`);
    expect(Object.keys(out)).toContain(`${'y'.repeat(AUDIT_STRING_MAX)}…[+1 chars]`);
  });

  it('keeps the first AUDIT_ARRAY_MAX items of a long array and counts the rest', () => {
    const out = capAuditValue(Array.from({ length: AUDIT_ARRAY_MAX + 5 }, (_, i) => i)) as unknown[];
    expect(out).toHaveLength(AUDIT_ARRAY_MAX + 1);
    expect(out[AUDIT_ARRAY_MAX - 1]).toBe(AUDIT_ARRAY_MAX - 1);
    expect(out[AUDIT_ARRAY_MAX]).toBe('…[+5 items]');
  });

  it('replaces nesting deeper than AUDIT_DEPTH_MAX and non-finite numbers', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < AUDIT_DEPTH_MAX + 2; i++) deep = { d: deep };
    expect(JSON.stringify(capAuditValue(deep))).toContain('"[too deep]"');
    expect(capAuditValue({ n: Number.NaN, i: Infinity })).toEqual({ n: null, i: null });
  });
});
