import { randomBytes } from 'node:crypto';
import { FieldCipher, parseCipherKeys } from './field-cipher';

const k = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('field encryption (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time', () => {
    const c = new FieldCipher(parseCipherKeys(k('a')));
    const x = c.encrypt('afraid of dogs; ground floor', 'referral:1:notes');
    const y = c.encrypt('afraid of dogs; ground floor', 'referral:1:notes');
    expect(x).not.toBe(y);
    expect(x).not.toMatch(/dogs/);
    expect(c.decrypt(x, 'referral:1:notes')).toBe('afraid of dogs; ground floor');
  });

  it('refuses a value moved to another record or tampered with', () => {
    const c = new FieldCipher(parseCipherKeys(k('a')));
    const x = c.encrypt('note', 'referral:1:notes');
    expect(() => c.decrypt(x, 'referral:2:notes')).toThrow();
    const parts = x.split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => c.decrypt(parts.join('.'), 'referral:1:notes')).toThrow();
  });

  it('rotates: old values still decrypt with the old key listed second; new ones use the first', () => {
    const old = k('old');
    const before = new FieldCipher(parseCipherKeys(old));
    const x = before.encrypt('note', 'r');
    const after = new FieldCipher(parseCipherKeys(`${k('new')},${old}`));
    expect(after.decrypt(x, 'r')).toBe('note');
    expect(after.keyIdOf(after.encrypt('note', 'r'))).toBe('new');
    expect(after.keyIdOf(x)).toBe('old');
  });

  it('rejects malformed key lists, naming the problem', () => {
    expect(() => parseCipherKeys('nocolon')).toThrow(/entry 1/);
    expect(() => parseCipherKeys(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32/);
    const dup = k('a');
    expect(() => parseCipherKeys(`${dup},${dup}`)).toThrow(/unique/);
  });
});
