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
export async function reencryptNotes(
  dataSource: DataSource,
  cipher: FieldCipher,
): Promise<{ reencrypted: number; failed: string[] }> {
  let reencrypted = 0;
  const failed: string[] = [];
  for (;;) {
    const n = await inTransaction(dataSource, async (em) => {
      const rows: { id: string; notes_encrypted: string }[] = await em.query(
        `SELECT id, notes_encrypted FROM referral
          WHERE notes_encrypted IS NOT NULL AND split_part(notes_encrypted, '.', 2) <> $1 AND NOT (id = ANY($2::uuid[]))
          LIMIT 500 FOR UPDATE SKIP LOCKED`,
        [cipher.currentKeyId, failed],
      );
      for (const r of rows) {
        let plain: string;
        try {
          plain = cipher.decrypt(r.notes_encrypted, notesAad(r.id));
        } catch {
          failed.push(r.id);
          continue;
        }
        await em.query(`UPDATE referral SET notes_encrypted = $2 WHERE id = $1`, [r.id, cipher.encrypt(plain, notesAad(r.id))]);
        reencrypted++;
      }
      return rows.length;
    });
    if (n === 0) return { reencrypted, failed };
  }
}
