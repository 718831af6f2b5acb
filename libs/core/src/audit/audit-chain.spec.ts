import { auditHash, canonicalJson, GENESIS_HASH } from './audit-chain';

describe('audit hash chain', () => {
  const event = {
    id: '7',
    actor: 'staff-1',
    role: 'SHELTER_STAFF',
    action: 'CONFIRM_ARRIVAL',
    entityType: 'placement',
    entityId: 'p-1',
    at: new Date('2026-11-29T09:00:00Z'),
    ip: '127.0.0.1',
    details: { b: 1, a: [{ y: 2, x: 1 }] },
  };

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 0, f: 1 }], d: 2 }, b: 1 }));
  });

  it('the hash covers the previous hash, the position and every field', () => {
    const h = auditHash(GENESIS_HASH, '1', event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, '1', { ...event, details: { a: [{ x: 1, y: 2 }], b: 1 } })).toBe(h);
    expect(auditHash('1'.repeat(64), '1', event)).not.toBe(h);
    expect(auditHash(GENESIS_HASH, '2', event)).not.toBe(h);
    for (const change of [{ actor: 'x' }, { action: 'X' }, { entityId: null }, { ip: null }, { at: new Date(0) }, { details: {} }]) {
      expect(auditHash(GENESIS_HASH, '1', { ...event, ...change })).not.toBe(h);
    }
  });
});
