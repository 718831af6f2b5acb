import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256 key with its id. */
export interface CipherKey {
  id: string;
  key: Buffer;
}

/**
 * Parses `NOTES_ENCRYPTION_KEYS`: `id:base64key[,id:base64key…]`, each key 32
 * bytes; the FIRST is the current key (new writes), the others still decrypt
 * (rotation: put the new key first, run `harbour keys rotate`, then drop the old).
 * @throws Error naming the bad entry.
 */
export function parseCipherKeys(value: string): CipherKey[] {
  const keys = value.split(',').map((entry, i) => {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(entry.trim());
    if (!m) throw new Error(`entry ${i + 1} is not id:base64key`);
    const key = Buffer.from(m[2], 'base64');
    if (key.length !== 32) throw new Error(`key ${m[1]} is ${key.length} bytes; AES-256 needs 32`);
    return { id: m[1], key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

/**
 * Encrypts short free text at rest with AES-256-GCM (node:crypto): a random
 * 96-bit IV per value, the 128-bit tag, and additional authenticated data that
 * binds the ciphertext to its record (so it cannot be copied to another row).
 * Stored as `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class FieldCipher {
  constructor(private readonly keys: CipherKey[]) {
    if (keys.length === 0) throw new Error('at least one key is needed');
  }

  /** Id of the key new values are encrypted with. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plain: string, aad: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** @throws Error when the key is unknown or the value or its record binding was tampered with. */
  decrypt(stored: string, aad: string): string {
    const [v, id, iv, tag, ct] = stored.split('.');
    if (v !== 'v1' || ct === undefined) throw new Error('not an encrypted value');
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new Error(`encrypted with unknown key ${id}`);
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Key id a stored value was encrypted with. */
  keyIdOf(stored: string): string {
    return stored.split('.')[1];
  }
}
