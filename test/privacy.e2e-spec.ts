/**
 * Personal data: adults are referred only with consent; notes are encrypted at
 * rest and readable only by those who may see the referral; closed referrals
 * are anonymised after the retention period, keeping what statistics need.
 */
import { randomBytes } from 'node:crypto';
import { reencryptNotes, RetentionService } from '@harbour/core';
import { FieldCipher, parseCipherKeys } from '@harbour/platform';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, smallNetwork } from './support/fixtures';

describe('personal data', () => {
  let h: Harbour;
  let net: Network;
  let other: Network;
  beforeAll(async () => {
    h = await Harbour.start('privacy', { worker: false, env: { RETENTION_DAYS: '30' } });
    net = await smallNetwork(h, { beds: 1 });
    other = await smallNetwork(h, { beds: 1 });
  });
  afterAll(async () => h?.close());

  const CREATE = 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id consentGiven } }';
  const base = { agencyReference: 'P-1', initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE' };

  it('refuses an adult referral without consent, and takes a child’s without', async () => {
    const r = await h.gql(net.officer, CREATE, { i: base });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.consentGiven' });
    const child = await h.ok<{ createReferral: any }>(net.officer, CREATE, { i: { ...base, agencyReference: 'P-2', ageBand: 'UNDER_18' } });
    expect(child.createReferral.consentGiven).toBe(false);
    await expect(h.db.query(`UPDATE referral SET age_band = 'AGE_25_34' WHERE id = $1`, [child.createReferral.id])).rejects.toThrow(/referral_adult_consent/);
  });

  it('stores notes encrypted and shows them only to those who may see the referral', async () => {
    const id = await createReferral(h, net.officer, { notes: 'needs a ground-floor room; afraid of dogs' });
    const [{ notes_encrypted }] = await h.db.query(`SELECT notes_encrypted FROM referral WHERE id = $1`, [id]);
    expect(notes_encrypted).toMatch(/^v1\.dev\./);
    expect(notes_encrypted).not.toMatch(/dogs/);
    const q = 'query($id: ID!) { referral(id: $id) { notes } }';
    expect((await h.ok<{ referral: any }>(net.officer, q, { id })).referral.notes).toBe('needs a ground-floor room; afraid of dogs');
    expect((await h.ok<{ referral: any }>(net.coordinator, q, { id })).referral.notes).toBe('needs a ground-floor room; afraid of dogs');
    expect((await h.gql(other.officer, q, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Moved onto another referral's row, the ciphertext no longer decrypts.
    const id2 = await createReferral(h, net.officer);
    await h.db.query(`UPDATE referral SET notes_encrypted = $2 WHERE id = $1`, [id2, notes_encrypted]);
    const moved = await h.gql(net.officer, q, { id: id2 });
    expect(moved.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(moved)).not.toMatch(/dogs/);
  });

  it('rotates the notes key: every note re-encrypted under the new key, still readable', async () => {
    const id = await createReferral(h, net.officer, { notes: 'rotate me' });
    const keys = parseCipherKeys(`new:${randomBytes(32).toString('base64')},${h.config.NOTES_ENCRYPTION_KEYS}`);
    const cipher = new FieldCipher(keys);
    const first = await reencryptNotes(h.db, cipher);
    expect(first.reencrypted).toBeGreaterThanOrEqual(1);
    // The note moved onto another row in the test above does not decrypt: reported, left alone.
    expect(first.failed).toHaveLength(1);
    const [{ notes_encrypted }] = await h.db.query(`SELECT notes_encrypted FROM referral WHERE id = $1`, [id]);
    expect(cipher.keyIdOf(notes_encrypted)).toBe('new');
    expect(cipher.decrypt(notes_encrypted, `referral:${id}:notes`)).toBe('rotate me');
    expect((await reencryptNotes(h.db, cipher)).reencrypted).toBe(0);
    // A key under the right id but with other bytes opens nothing: every note is reported, none trusted.
    const wrong = new FieldCipher(parseCipherKeys(`new:${randomBytes(32).toString('base64')}`));
    const check = await reencryptNotes(h.db, wrong);
    expect(check.reencrypted).toBe(0);
    expect(check.failed).toContain(id);
  });

  it('anonymises closed referrals after the retention period, keeping what statistics need', async () => {
    const id = await createReferral(h, net.officer, {
      agencyReference: 'KEEP-ME-NOT',
      initials: 'QZ',
      languages: ['ro'],
      preferredRegions: [net.regionCode],
      notes: 'private',
      dependants: [{ ageBand: 'UNDER_18', gender: 'MALE' }],
    });
    const open = await createReferral(h, net.officer, { agencyReference: 'STILL-OPEN' });
    await h.ok(net.officer, 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', { id });
    const retention = h.api.get(RetentionService);
    expect(await retention.anonymiseClosedReferrals()).toBe(0);
    await h.advance(31 * 24, net.coordinator);
    expect(await retention.anonymiseClosedReferrals()).toBe(1);
    const [row] = await h.db.query(`SELECT * FROM referral WHERE id = $1`, [id]);
    expect(row).toMatchObject({
      initials: 'XX',
      agency_reference: `anonymised-${id}`,
      languages: [],
      preferred_regions: [],
      notes_encrypted: null,
      dependants: [{ ageBand: 'UNDER_18' }],
      age_band: 'AGE_25_34',
      gender: 'FEMALE',
      exploitation_types: ['SEXUAL'],
      status: 'WITHDRAWN',
    });
    expect(row.anonymised_at).not.toBeNull();
    const [still] = await h.db.query(`SELECT initials, anonymised_at FROM referral WHERE id = $1`, [open]);
    expect(still).toEqual({ initials: 'AB', anonymised_at: null });
    expect(await retention.anonymiseClosedReferrals()).toBe(0);
  });
});
