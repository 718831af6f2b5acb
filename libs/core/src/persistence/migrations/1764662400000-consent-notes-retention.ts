import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent to referral (adults must consent; NRM guidance), free-text notes
 * encrypted at rest (AES-256-GCM in the application; only ciphertext here), and
 * the date a closed referral was anonymised under the retention policy.
 */
export class ConsentNotesRetention1764662400000 implements MigrationInterface {
  name = 'ConsentNotesRetention1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE referral
        ADD COLUMN consent_given boolean NOT NULL DEFAULT false,
        ADD COLUMN consent_recorded_at timestamptz,
        ADD COLUMN notes_encrypted text,
        ADD COLUMN anonymised_at timestamptz;
      -- An adult is referred only with their consent (children need none).
      ALTER TABLE referral ADD CONSTRAINT referral_adult_consent
        CHECK (age_band = 'UNDER_18' OR consent_given OR anonymised_at IS NOT NULL) NOT VALID;
      CREATE INDEX referral_retention_idx ON referral (closed_at) WHERE anonymised_at IS NULL AND closed_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS referral_retention_idx;
      ALTER TABLE referral DROP CONSTRAINT IF EXISTS referral_adult_consent;
      ALTER TABLE referral DROP COLUMN consent_given, DROP COLUMN consent_recorded_at,
        DROP COLUMN notes_encrypted, DROP COLUMN anonymised_at;
    `);
  }
}
