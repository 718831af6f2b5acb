import { DataSource } from 'typeorm';
import { FieldCipher } from '@harbour/platform';
import { inTransaction } from '../persistence/transactions';
import { notesAad } from './referral.service';

/**
 * Re-encrypts every referral note not under the cipher's current key (key
 * rotation: put the new key first in NOTES_ENCRYPTION_KEYS, restart, run
 * `harbour keys rotate`, then remove the old key). Batches of 500, each its own
 * transaction; safe to stop and run again. A note that does not decrypt (its key
 * is missing, or it was altered) is left as it is and reported, never guessed at.
 * @returns how many were re-encrypted, and the ids of referrals whose notes failed.
 */
export async function reencryptNotes(dataSource: DataSource, cipher: FieldCipher): Promise<{ reencrypted: number; failed: string[] }> {
  let reencrypted = 0;
  const failed: string[] = [];
  // Every note is opened (not only those under another key id): a key listed
  // under the right id but with the wrong bytes must be reported, not trusted.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM referral WHERE notes_encrypted IS NOT NULL AND id > $1 ORDER BY id LIMIT 500`, [
      after,
    ]);
    if (rows.length === 0) return { reencrypted, failed };
    after = rows[rows.length - 1].id;
    reencrypted += await inTransaction(dataSource, async (em) => {
      let n = 0;
      const locked: { id: string; notes_encrypted: string }[] = await em.query(
        `SELECT id, notes_encrypted FROM referral WHERE id = ANY($1::uuid[]) AND notes_encrypted IS NOT NULL FOR UPDATE`,
        [rows.map((r) => r.id)],
      );
      for (const r of locked) {
        let plain: string;
        try {
          plain = cipher.decrypt(r.notes_encrypted, notesAad(r.id));
        } catch {
          failed.push(r.id);
          continue;
        }
        if (cipher.keyIdOf(r.notes_encrypted) === cipher.currentKeyId) continue;
        await em.query(`UPDATE referral SET notes_encrypted = $2 WHERE id = $1`, [r.id, cipher.encrypt(plain, notesAad(r.id))]);
        n++;
      }
      return n;
    });
  }
}
