/**
 * Rotating AUDIT_CHAIN_KEY (docs/security-model.md): links sealed before the switch
 * verify with the retired key named in AUDIT_CHAIN_PREVIOUS_KEYS up to its
 * last position; later links are sealed and verified with the new key, and
 * the retired key cannot vouch for a link after its position.
 */
import { AuditChainService } from '@harbour/core';
import { loadConfig } from '@harbour/platform';
import { Harbour } from './support/harbour-harness';
import { createReferral, smallNetwork } from './support/fixtures';

describe('audit chain key rotation', () => {
  let h: Harbour;
  beforeAll(async () => {
    h = await Harbour.start('audit_rotation', { worker: false });
  });
  afterAll(async () => h?.close());

  it('verifies old links with the retired key and new ones with the new key', async () => {
    const net = await smallNetwork(h, { beds: 1 });
    const oldKey = h.config.AUDIT_CHAIN_KEY;
    const before = new AuditChainService(h.db, h.config);
    while ((await before.seal()) > 0);
    const { headSeq, ok } = await before.verify();
    expect(ok).toBe(true);

    const newKey = 'n'.repeat(40);
    const rotated = new AuditChainService(h.db, loadConfig({ AUDIT_CHAIN_KEY: newKey, AUDIT_CHAIN_PREVIOUS_KEYS: `${headSeq}:${oldKey}` }));
    await createReferral(h, net.officer);
    while ((await rotated.seal()) > 0);
    const after = await rotated.verify();
    expect(after).toMatchObject({ ok: true, unsealed: 0 });
    expect(BigInt(after.headSeq!)).toBeGreaterThan(BigInt(headSeq!));

    // Without the retired key the old links no longer verify; with only the old key the new ones do not.
    const forgetful = await new AuditChainService(h.db, loadConfig({ AUDIT_CHAIN_KEY: newKey })).verify();
    expect(forgetful).toMatchObject({ ok: false, firstBadSeq: '1' });
    const stale = await new AuditChainService(h.db, h.config).verify();
    expect(stale).toMatchObject({ ok: false, firstBadSeq: String(BigInt(headSeq!) + 1n) });
    // A retired key covering more positions than it sealed does not vouch for the new links.
    const stretched = await new AuditChainService(
      h.db,
      loadConfig({ AUDIT_CHAIN_KEY: newKey, AUDIT_CHAIN_PREVIOUS_KEYS: `${after.headSeq}:${oldKey}` }),
    ).verify();
    expect(stretched.ok).toBe(false);
  });

  it('refuses a malformed AUDIT_CHAIN_PREVIOUS_KEYS, naming the variable', () => {
    expect(() => loadConfig({ AUDIT_CHAIN_PREVIOUS_KEYS: 'short:key' })).toThrow(/AUDIT_CHAIN_PREVIOUS_KEYS/);
    expect(() => loadConfig({ AUDIT_CHAIN_PREVIOUS_KEYS: `0:${'k'.repeat(32)}` })).toThrow(/AUDIT_CHAIN_PREVIOUS_KEYS/);
  });
});
