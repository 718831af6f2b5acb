import { auditHash, canonicalJson, chainKeyring, GENESIS_HASH } from './audit-chain';

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
    const key = 'k'.repeat(32);
    const h = auditHash(GENESIS_HASH, '1', event, key);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, '1', { ...event, details: { a: [{ x: 1, y: 2 }], b: 1 } }, key)).toBe(h);
    expect(auditHash('1'.repeat(64), '1', event, key)).not.toBe(h);
    // Without the key a link cannot be forged: another key gives another hash.
    expect(auditHash(GENESIS_HASH, '1', event, 'x'.repeat(32))).not.toBe(h);
    expect(auditHash(GENESIS_HASH, '2', event, key)).not.toBe(h);
    for (const change of [{ actor: 'x' }, { action: 'X' }, { entityId: null }, { ip: null }, { at: new Date(0) }, { details: {} }]) {
      expect(auditHash(GENESIS_HASH, '1', { ...event, ...change }, key)).not.toBe(h);
    }
  });

  it('key rotation: each retired key covers the positions up to its own, the current key the rest', () => {
    const [k1, k2, now] = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
    const keyFor = chainKeyring(now, ` 900:${k2},100:${k1} `);
    expect([1n, 100n, 101n, 900n, 901n, 5000n].map(keyFor)).toEqual([k1, k1, k2, k2, now, now]);
    expect(chainKeyring(now)(1n)).toBe(now);
    expect(chainKeyring(now, '')(7n)).toBe(now);
  });
});
