import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caller that row-level security sees can no longer be claimed by setting
 * a setting (issue 12, item 8; docs/security.md, docs/row-level-security.md).
 *
 * Until now the policies' four functions read `harbour.role`,
 * `harbour.agency_id` and `harbour.shelter_ids`, which any session may set:
 * `set_config('harbour.role', 'SERVICE', false)` showed every row. Now they
 * read one setting, `harbour.scope`:
 *
 *   v1|<role>|<agency uuid or empty>|<shelter uuids, comma-separated>|<backend pid>|<expiry, epoch s>|<mac>
 *
 * where `mac` is HMAC-SHA256 (hex) of everything before it, keyed with
 * DATABASE_SCOPE_KEY. The app signs it (libs/core/src/persistence/caller-scope.ts);
 * the database checks it in `harbour_private.caller_scope()`. A scope that is
 * missing, malformed, expired, made for another backend or wrongly signed is
 * "no caller": no protected row. The key lives in `harbour_private.scope_key`,
 * a schema the runtime role has no privilege on; the four functions are
 * SECURITY DEFINER, owned by the owner role that runs this migration, so they
 * can read it while their caller cannot.
 *
 * HMAC is computed with the built-in sha256() from the key's inner and outer
 * pads (RFC 2104), stored instead of the key: no extension is needed (pgcrypto
 * would need CREATE on the database and a schema on every definer's
 * search_path). The migration stores a random key; `runMigrations` then
 * installs the configured one (`harbour_private.install_scope_key`).
 *
 * Two functions used to switch `harbour.role` themselves and are redefined:
 * `harbour_waitlist_positions` signs a SERVICE scope for the length of its
 * query; sealing the audit trail, which the runtime role may no longer UPDATE
 * (INSERT and SELECT only), goes through `harbour_seal_audit_event`.
 *
 * Every policy already reads the caller through scalar subqueries
 * (`(SELECT harbour_caller_role())`, one InitPlan per statement), so the extra
 * cost of checking the MAC is paid once per statement, not per row; the
 * migration refuses to finish if any policy calls them otherwise.
 */
export class CallerScope1766100000000 implements MigrationInterface {
  name = 'CallerScope1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA harbour_private;
      REVOKE ALL ON SCHEMA harbour_private FROM PUBLIC;

      -- One row: HMAC-SHA256's key pads (key XOR 0x36.., key XOR 0x5c.., 64 bytes each).
      CREATE TABLE harbour_private.scope_key (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        inner_pad bytea NOT NULL CHECK (length(inner_pad) = 64),
        outer_pad bytea NOT NULL CHECK (length(outer_pad) = 64),
        installed_at timestamptz NOT NULL DEFAULT now()
      );
      REVOKE ALL ON harbour_private.scope_key FROM PUBLIC;

      CREATE FUNCTION harbour_private.install_scope_key(key bytea) RETURNS void
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        k bytea := CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END;
        ipad bytea := ''::bytea;
        opad bytea := ''::bytea;
        b int;
      BEGIN
        IF length(key) < 32 THEN RAISE EXCEPTION 'the scope key must have at least 32 bytes'; END IF;
        k := k || decode(repeat('00', 64 - length(k)), 'hex');
        FOR i IN 0..63 LOOP
          b := get_byte(k, i);
          ipad := ipad || decode(lpad(to_hex(b # 54), 2, '0'), 'hex');
          opad := opad || decode(lpad(to_hex(b # 92), 2, '0'), 'hex');
        END LOOP;
        INSERT INTO harbour_private.scope_key (id, inner_pad, outer_pad) VALUES (1, ipad, opad)
          ON CONFLICT (id) DO UPDATE SET inner_pad = EXCLUDED.inner_pad, outer_pad = EXCLUDED.outer_pad, installed_at = now();
      END $$;

      -- HMAC-SHA256 of msg (hex), or NULL without a key.
      CREATE FUNCTION harbour_private.scope_mac(msg text) RETURNS text
        LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(msg, 'UTF8'))), 'hex')
          FROM harbour_private.scope_key k WHERE k.id = 1
      $$;

      -- The verified caller: {role, agency, shelters}, or NULL (no caller).
      CREATE FUNCTION harbour_private.caller_scope() RETURNS text[]
        LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        raw text := current_setting('harbour.scope', true);
        parts text[];
      BEGIN
        IF raw IS NULL OR raw = '' THEN RETURN NULL; END IF;
        parts := string_to_array(raw, '|');
        IF array_length(parts, 1) <> 7 OR parts[1] <> 'v1'
           OR parts[2] !~ '^[A-Z_]{1,40}$'
           OR parts[3] !~ '^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$'
           OR parts[4] !~ '^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}(,[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})*)?$'
           OR parts[5] <> pg_backend_pid()::text
           OR parts[6] !~ '^[0-9]{1,12}$' OR parts[6]::bigint < extract(epoch FROM now())
        THEN
          RETURN NULL;
        END IF;
        IF harbour_private.scope_mac(array_to_string(parts[1:6], '|')) IS DISTINCT FROM parts[7] THEN RETURN NULL; END IF;
        RETURN parts[2:4];
      END $$;

      -- A SERVICE scope for this backend, valid 10 minutes: for definer functions that act as SERVICE briefly.
      CREATE FUNCTION harbour_private.service_scope() RETURNS text
        LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        msg text := 'v1|SERVICE|||' || pg_backend_pid() || '|' || (extract(epoch FROM now())::bigint + 600);
      BEGIN
        RETURN msg || '|' || harbour_private.scope_mac(msg);
      END $$;

      REVOKE ALL ON FUNCTION harbour_private.install_scope_key(bytea), harbour_private.scope_mac(text),
        harbour_private.caller_scope(), harbour_private.service_scope() FROM PUBLIC;
    `);
    // A random key until runMigrations installs the configured one (gen_random_uuid: strong random, built in).
    await q.query(`SELECT harbour_private.install_scope_key(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))`);

    await q.query(`
      -- The four functions every policy reads. SECURITY DEFINER (owned by the owner role) so they
      -- can read the key; their callers cannot.
      CREATE OR REPLACE FUNCTION harbour_caller_role() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT coalesce((harbour_private.caller_scope())[1], '') $$;
      CREATE OR REPLACE FUNCTION harbour_caller_sees_all() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT coalesce((harbour_private.caller_scope())[1], '') IN ('SERVICE', 'COORDINATOR') $$;
      CREATE OR REPLACE FUNCTION harbour_caller_agency() RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT nullif((harbour_private.caller_scope())[2], '')::uuid $$;
      CREATE OR REPLACE FUNCTION harbour_caller_shelters() RETURNS uuid[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT coalesce(string_to_array(nullif((harbour_private.caller_scope())[3], ''), ',')::uuid[], '{}'::uuid[]) $$;

      -- The referrals a staff member's holds name (migration 1764835200000): the caller is now
      -- read once for the query (a scalar subquery) instead of once per hold row, since each
      -- read checks a MAC.
      CREATE OR REPLACE FUNCTION harbour_staff_referral_ids() RETURNS uuid[] LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN ARRAY(SELECT referral_id FROM hold
                      WHERE shelter_id = ANY((SELECT harbour_caller_shelters())::uuid[]) AND status IN ('ACTIVE', 'CONFIRMED'));
      END $$;

      -- Ranks among ALL waiting entries (most of which an officer may not see), for any
      -- caller with a valid scope; only numbers come out. Acts as SERVICE for its one
      -- query, then puts the caller's scope back.
      CREATE OR REPLACE FUNCTION harbour_waitlist_positions(referral_ids uuid[]) RETURNS TABLE (referral_id uuid, place bigint)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        caller text := coalesce(current_setting('harbour.scope', true), '');
      BEGIN
        IF public.harbour_caller_role() = '' THEN RETURN; END IF;
        PERFORM set_config('harbour.scope', harbour_private.service_scope(), true);
        RETURN QUERY SELECT w.referral_id, w.place FROM (
            SELECT e.referral_id, row_number() OVER (ORDER BY e.priority DESC, e.joined_at, e.id) AS place
              FROM public.waitlist_entry e WHERE e.status = 'WAITING') w
          WHERE w.referral_id = ANY(referral_ids);
        PERFORM set_config('harbour.scope', caller, true);
      END $$;

      -- Seals one audit event (the worker: AuditChainService.seal). The runtime role has
      -- only INSERT and SELECT on audit_event; this runs as the owner, for SERVICE only,
      -- and the append-only trigger still allows nothing but setting the seal once.
      CREATE FUNCTION harbour_seal_audit_event(event_id bigint, seq bigint, prev text, new_hash text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        IF public.harbour_caller_role() <> 'SERVICE' THEN
          RAISE EXCEPTION 'only SERVICE seals audit events' USING ERRCODE = 'insufficient_privilege';
        END IF;
        UPDATE public.audit_event SET chain_seq = seq, prev_hash = prev, hash = new_hash WHERE id = event_id AND hash IS NULL;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit event % is missing or already sealed', event_id USING ERRCODE = 'insufficient_privilege';
        END IF;
      END $$;
    `);

    // Every policy must read the caller once per statement (a scalar subquery), never per row.
    const policies: { tablename: string; policyname: string; expr: string }[] = await q.query(
      `SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS expr FROM pg_policies WHERE schemaname = 'public'`,
    );
    for (const p of policies) {
      const bare = p.expr.replace(/\(\s*SELECT\s+harbour_caller_\w+\(\)/gi, '').match(/harbour_caller_\w+\(\)/);
      if (bare) throw new Error(`policy ${p.policyname} on ${p.tablename} calls ${bare[0]} per row; wrap it in (SELECT …)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION harbour_caller_role() RETURNS text LANGUAGE sql STABLE SECURITY INVOKER
        AS $$ SELECT coalesce(current_setting('harbour.role', true), '') $$;
      CREATE OR REPLACE FUNCTION harbour_caller_sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY INVOKER
        AS $$ SELECT coalesce(current_setting('harbour.role', true), '') IN ('SERVICE', 'COORDINATOR') $$;
      CREATE OR REPLACE FUNCTION harbour_caller_agency() RETURNS uuid LANGUAGE sql STABLE SECURITY INVOKER
        AS $$ SELECT nullif(current_setting('harbour.agency_id', true), '')::uuid $$;
      CREATE OR REPLACE FUNCTION harbour_caller_shelters() RETURNS uuid[] LANGUAGE sql STABLE SECURITY INVOKER
        AS $$ SELECT coalesce(string_to_array(nullif(current_setting('harbour.shelter_ids', true), ''), ',')::uuid[], '{}'::uuid[]) $$;
      ALTER FUNCTION harbour_caller_role() RESET search_path;
      ALTER FUNCTION harbour_caller_sees_all() RESET search_path;
      ALTER FUNCTION harbour_caller_agency() RESET search_path;
      ALTER FUNCTION harbour_caller_shelters() RESET search_path;
      CREATE OR REPLACE FUNCTION harbour_staff_referral_ids() RETURNS uuid[] LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN ARRAY(SELECT referral_id FROM hold
                      WHERE shelter_id = ANY(harbour_caller_shelters()) AND status IN ('ACTIVE', 'CONFIRMED'));
      END $$;
      DROP FUNCTION harbour_waitlist_positions(uuid[]);
      CREATE FUNCTION harbour_waitlist_positions(referral_ids uuid[]) RETURNS TABLE (referral_id uuid, place bigint)
        LANGUAGE plpgsql AS $$
      DECLARE
        caller text := coalesce(current_setting('harbour.role', true), '');
      BEGIN
        PERFORM set_config('harbour.role', 'SERVICE', true);
        RETURN QUERY SELECT w.referral_id, w.place FROM (
            SELECT e.referral_id, row_number() OVER (ORDER BY e.priority DESC, e.joined_at, e.id) AS place
              FROM waitlist_entry e WHERE e.status = 'WAITING') w
          WHERE w.referral_id = ANY(referral_ids);
        PERFORM set_config('harbour.role', caller, true);
      END $$;
      DROP FUNCTION harbour_seal_audit_event(bigint, bigint, text, text);
      DROP SCHEMA harbour_private CASCADE;
    `);
  }
}
