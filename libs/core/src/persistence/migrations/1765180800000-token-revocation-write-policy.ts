import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security on `token_revocation` (docs/row-level-security.md): reads
 * stay open to every caller, because the API checks a token's version before
 * it knows who is asking (a read policy would let revoked tokens back in);
 * writes only as SERVICE, i.e. through TokenRevocationService.revoke inside
 * inTransaction after its coordinator check, so a code path that writes on the
 * API's caller-less connection cannot lower or clear a revocation.
 */
export class TokenRevocationWritePolicy1765180800000 implements MigrationInterface {
  name = 'TokenRevocationWritePolicy1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE token_revocation ENABLE ROW LEVEL SECURITY;
      ALTER TABLE token_revocation FORCE ROW LEVEL SECURITY;
      CREATE POLICY token_revocation_read ON token_revocation FOR SELECT USING (true);
      CREATE POLICY token_revocation_service_insert ON token_revocation FOR INSERT
        WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
      CREATE POLICY token_revocation_service_update ON token_revocation FOR UPDATE
        USING ((SELECT harbour_caller_role()) = 'SERVICE') WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
      CREATE POLICY token_revocation_service_delete ON token_revocation FOR DELETE
        USING ((SELECT harbour_caller_role()) = 'SERVICE');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP POLICY IF EXISTS token_revocation_service_delete ON token_revocation;
      DROP POLICY IF EXISTS token_revocation_service_update ON token_revocation;
      DROP POLICY IF EXISTS token_revocation_service_insert ON token_revocation;
      DROP POLICY IF EXISTS token_revocation_read ON token_revocation;
      ALTER TABLE token_revocation NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE token_revocation DISABLE ROW LEVEL SECURITY;
    `);
  }
}
