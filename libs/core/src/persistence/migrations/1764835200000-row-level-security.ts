import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security: PostgreSQL itself scopes the rows that hold personal data
 * or secrets to the caller, as a second line behind the application's checks
 * (libs/core/src/identity/access.ts), so a resolver that forgets a WHERE clause
 * cannot leak rows (issue 3; docs/row-level-security.md).
 *
 * The caller reaches PostgreSQL as settings: `harbour.role` (COORDINATOR,
 * SHELTER_STAFF, REFERRAL_OFFICER, AUDITOR, SERVICE), `harbour.agency_id`
 * (officers) and `harbour.shelter_ids` (staff, comma-separated), set
 * transaction-locally by withCaller / inTransaction, or for a whole connection
 * by the worker's and CLI's startup option. No role set: no protected row.
 *
 * A shelter's location was a column set of `shelter`, whose other columns every
 * role reads (code name, region, contact line) and which network-wide matching
 * scans. It moves to a table of its own, `shelter_location`, so it can be
 * protected per row while matching keeps reading `shelter` without any policy.
 *
 * Tables are ENABLEd and FORCEd: Harbour's own login role owns them, and an
 * owner is exempt unless FORCE. (A superuser or BYPASSRLS role is always exempt:
 * Harbour must not connect as one.)
 */
export class RowLevelSecurity1764835200000 implements MigrationInterface {
  name = 'RowLevelSecurity1764835200000';

  async up(q: QueryRunner): Promise<void> {
    // Migrations act as SERVICE whatever connection runs them.
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      CREATE TABLE shelter_location (
        shelter_id uuid PRIMARY KEY REFERENCES shelter(id),
        address text,
        postcode varchar(16),
        latitude double precision,
        longitude double precision
      );
      INSERT INTO shelter_location (shelter_id, address, postcode, latitude, longitude)
        SELECT id, address, postcode, latitude, longitude FROM shelter
         WHERE address IS NOT NULL OR postcode IS NOT NULL OR latitude IS NOT NULL OR longitude IS NOT NULL;
      ALTER TABLE shelter DROP COLUMN address, DROP COLUMN postcode, DROP COLUMN latitude, DROP COLUMN longitude;

      -- The caller. Plain SQL functions: PostgreSQL inlines them into the policies.
      CREATE FUNCTION harbour_caller_role() RETURNS text LANGUAGE sql STABLE
        AS $$ SELECT coalesce(current_setting('harbour.role', true), '') $$;
      -- Coordinators and the worker see every row; tested first so their queries skip the rest.
      CREATE FUNCTION harbour_caller_sees_all() RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT coalesce(current_setting('harbour.role', true), '') IN ('SERVICE', 'COORDINATOR') $$;
      CREATE FUNCTION harbour_caller_agency() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('harbour.agency_id', true), '')::uuid $$;
      CREATE FUNCTION harbour_caller_shelters() RETURNS uuid[] LANGUAGE sql STABLE
        AS $$ SELECT coalesce(string_to_array(nullif(current_setting('harbour.shelter_ids', true), ''), ',')::uuid[], '{}'::uuid[]) $$;

      -- Referrals a shelter's staff see: held (ACTIVE) or placed (CONFIRMED) at one of
      -- their shelters (access.ts HOLD_STATES_SHOWING_REFERRAL). PL/pgSQL, so it is
      -- never inlined: hold's own policy looks at referral, and naming hold in
      -- referral's policy directly would be an infinite recursion of policies.
      -- Inside, hold is read as the same caller (staff see their shelters' holds).
      -- VOLATILE: the planner pre-evaluates STABLE calls to estimate selectivity,
      -- which would plan hold's policy inside referral's, and so on without end.
      -- Called from an uncorrelated subquery, it still runs once per query.
      CREATE FUNCTION harbour_staff_referral_ids() RETURNS uuid[] LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN ARRAY(SELECT referral_id FROM hold
                      WHERE shelter_id = ANY(harbour_caller_shelters()) AND status IN ('ACTIVE', 'CONFIRMED'));
      END $$;

      -- Waitlist positions are ranks among ALL waiting entries, most of which an
      -- officer may not see: computed as SERVICE for the moment of the query (the
      -- caller's role is put back before returning), returning only numbers. The
      -- caller filters the result by the referrals it may see.
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
    `);

    // What each role may read (access.ts and docs/access.md). Child rows hang off
    // a parent the caller may see, by a subquery on the parent, which applies the
    // parent's own policy. Every reading of the caller is a scalar subquery
    // `(SELECT harbour_caller_…())`: PostgreSQL runs it once per query (an
    // InitPlan) instead of once per row, so SERVICE and coordinators pay one
    // comparison per row and an officer's agency test is a plain equality.
    const reads: Record<string, string> = {
      referral: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'REFERRAL_OFFICER' AND agency_id = (SELECT harbour_caller_agency()))
        OR ((SELECT harbour_caller_role()) = 'SHELTER_STAFF' AND id IN (SELECT unnest(harbour_staff_referral_ids())))`,
      decision: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) IN ('REFERRAL_OFFICER', 'SHELTER_STAFF') AND referral_id IN (SELECT id FROM referral))`,
      hold: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'SHELTER_STAFF' AND shelter_id = ANY((SELECT harbour_caller_shelters())::uuid[]))
        OR ((SELECT harbour_caller_role()) = 'REFERRAL_OFFICER' AND referral_id IN (SELECT id FROM referral))`,
      placement: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'SHELTER_STAFF' AND shelter_id = ANY((SELECT harbour_caller_shelters())::uuid[]))
        OR ((SELECT harbour_caller_role()) = 'REFERRAL_OFFICER' AND referral_id IN (SELECT id FROM referral))`,
      bed_claim: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) IN ('REFERRAL_OFFICER', 'SHELTER_STAFF') AND hold_id IN (SELECT id FROM hold))`,
      recovery_period: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) IN ('REFERRAL_OFFICER', 'SHELTER_STAFF') AND placement_id IN (SELECT id FROM placement))`,
      reminder: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) IN ('REFERRAL_OFFICER', 'SHELTER_STAFF') AND placement_id IN (SELECT id FROM placement))`,
      waitlist_entry: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'REFERRAL_OFFICER' AND referral_id IN (SELECT id FROM referral))`,
      // Payloads name referrals and shelters: coordinators and the worker only.
      notification: `(SELECT harbour_caller_sees_all())`,
      outbox_event: `(SELECT harbour_caller_sees_all())`,
      // Stored mutation results: only ever read inside the command's own (SERVICE) transaction.
      mutation_receipt: `(SELECT harbour_caller_role()) = 'SERVICE'`,
      // The audit trail: coordinators, auditors and the worker (which seals it).
      audit_event: `(SELECT harbour_caller_role()) IN ('SERVICE', 'COORDINATOR', 'AUDITOR')`,
      shelter_location: `(SELECT harbour_caller_sees_all())
        OR ((SELECT harbour_caller_role()) = 'SHELTER_STAFF' AND shelter_id = ANY((SELECT harbour_caller_shelters())::uuid[]))`,
    };
    for (const [table, rule] of Object.entries(reads)) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${rule});
        -- Writes come from the command side only (inTransaction acts as SERVICE after the application's check).
        CREATE POLICY ${table}_service_write ON ${table} FOR ALL
          USING ((SELECT harbour_caller_role()) = 'SERVICE') WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    for (const table of [
      'referral',
      'decision',
      'hold',
      'placement',
      'bed_claim',
      'recovery_period',
      'reminder',
      'waitlist_entry',
      'notification',
      'outbox_event',
      'mutation_receipt',
      'audit_event',
      'shelter_location',
    ]) {
      await q.query(`
        DROP POLICY IF EXISTS ${table}_read ON ${table};
        DROP POLICY IF EXISTS ${table}_service_write ON ${table};
        ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY;
        ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;
      `);
    }
    await q.query(`
      DROP FUNCTION IF EXISTS harbour_waitlist_positions(uuid[]), harbour_staff_referral_ids(), harbour_caller_shelters(),
        harbour_caller_agency(), harbour_caller_sees_all(), harbour_caller_role();
      ALTER TABLE shelter ADD COLUMN address text, ADD COLUMN postcode varchar(16),
        ADD COLUMN latitude double precision, ADD COLUMN longitude double precision;
      UPDATE shelter s SET address = l.address, postcode = l.postcode, latitude = l.latitude, longitude = l.longitude
        FROM shelter_location l WHERE l.shelter_id = s.id;
      DROP TABLE shelter_location;
    `);
  }
}
