import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token revocation (issue 3): per token subject, the lowest token version
 * (`ver` claim, 0 when absent) still accepted. The primary key is the index
 * every API request reads through.
 */
export class TokenRevocation1764921600000 implements MigrationInterface {
  name = 'TokenRevocation1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE token_revocation (
        subject varchar(200) PRIMARY KEY,
        min_version int NOT NULL CHECK (min_version >= 1),
        revoked_at timestamptz NOT NULL,
        revoked_by varchar(200) NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS token_revocation`);
  }
}
