import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closes the audit chain's window (issue 12): the worker seals events a few
 * seconds after they commit, and an event edited in between used to be sealed
 * as edited. Now the inserting transaction itself stores `content_mac`, an
 * HMAC of the event's content keyed with AUDIT_CHAIN_KEY (outside the
 * database; AuditService.record), and `harbour audit verify` checks it on every
 * event, sealed or not: an edit at any time, before sealing included, shows.
 *
 * The append-only trigger now also refuses any change to `content_mac`.
 * Events older than this migration have none; a CHECK allows a missing one
 * only up to the last id that existed when it ran, so a new event cannot be
 * inserted without one to pass as old.
 */
export class AuditContentMac1765800000000 implements MigrationInterface {
  name = 'AuditContentMac1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    const [{ last }] = await q.query(`SELECT coalesce(max(id), 0)::text AS last FROM audit_event`);
    await q.query(`
      ALTER TABLE audit_event ADD COLUMN content_mac char(64);
      ALTER TABLE audit_event ADD CONSTRAINT audit_event_content_mac_required CHECK (content_mac IS NOT NULL OR id <= ${BigInt(last).toString()});
      CREATE OR REPLACE FUNCTION harbour_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.actor, NEW.role, NEW.action, NEW.entity_type, NEW.entity_id, NEW.at, NEW.ip, NEW.details, NEW.content_mac)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.actor, OLD.role, OLD.action, OLD.entity_type, OLD.entity_id, OLD.at, OLD.ip, OLD.details, OLD.content_mac) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION harbour_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.actor, NEW.role, NEW.action, NEW.entity_type, NEW.entity_id, NEW.at, NEW.ip, NEW.details)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.actor, OLD.role, OLD.action, OLD.entity_type, OLD.entity_id, OLD.at, OLD.ip, OLD.details) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_content_mac_required;
      ALTER TABLE audit_event DROP COLUMN IF EXISTS content_mac;
    `);
  }
}
