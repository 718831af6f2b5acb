import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper-evident audit trail: each audit event is sealed into a hash chain
 * (`chain_seq`, `prev_hash`, `hash`) by the worker shortly after it commits, and
 * the table is append-only: a trigger refuses every UPDATE and DELETE except
 * the one that seals an unsealed row.
 */
export class AuditChain1764576000000 implements MigrationInterface {
  name = 'AuditChain1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_event
        ADD COLUMN chain_seq bigint UNIQUE,
        ADD COLUMN prev_hash char(64),
        ADD COLUMN hash char(64);
      CREATE INDEX audit_event_unsealed_idx ON audit_event (id) WHERE hash IS NULL;

      CREATE FUNCTION harbour_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.actor, NEW.role, NEW.action, NEW.entity_type, NEW.entity_id, NEW.at, NEW.ip, NEW.details)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.actor, OLD.role, OLD.action, OLD.entity_type, OLD.entity_id, OLD.at, OLD.ip, OLD.details) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION harbour_audit_append_only();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION harbour_audit_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
      DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
      DROP FUNCTION IF EXISTS harbour_audit_append_only();
      DROP INDEX IF EXISTS audit_event_unsealed_idx;
      ALTER TABLE audit_event DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash;
    `);
  }
}
