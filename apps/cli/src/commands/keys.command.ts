import { Command } from 'commander';
import { FieldCipher, parseCipherKeys } from '@harbour/platform/crypto/field-cipher';
import { reencryptNotes } from '@harbour/core/referrals/notes-key-rotation';
import { action, cliConfig, CliError, withDataSource } from '../cli-support';

/** `harbour keys rotate`: re-encrypts notes under the first key of NOTES_ENCRYPTION_KEYS. */
export function registerKeysCommand(program: Command): void {
  program
    .command('keys')
    .description('encryption keys of notes at rest')
    .command('rotate')
    .description('re-encrypt every note not under the current (first) key of NOTES_ENCRYPTION_KEYS')
    .action(
      action(async () => {
        const config = cliConfig();
        const cipher = new FieldCipher(parseCipherKeys(config.NOTES_ENCRYPTION_KEYS));
        const { reencrypted, failed } = await withDataSource(config, (ds) => reencryptNotes(ds, cipher));
        process.stdout.write(`re-encrypted ${reencrypted} notes under key ${cipher.currentKeyId}\n`);
        if (failed.length) {
          throw new CliError(`${failed.length} notes could not be decrypted with any configured key (left as they are): ${failed.join(', ')}`);
        }
      }),
    );
}
