import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report history (docs/reports.md): what commissioners' reports are computed
 * from, kept so that the figures survive retention's anonymisation.
 *
 * - `report_event`: one row per referral, waitlist, offer (hold), arrival,
 *   exit, extension and NRM decision, written by triggers in the same
 *   transaction as the change, whatever code path made it. Each row copies the
 *   grouping attributes at the time of the event (gender, household type,
 *   urgency, exploitation types, whether an accessibility need was stated,
 *   agency kind, region), so anonymising the referral later (which clears its
 *   needs and regions) changes no report. No initials, references, notes,
 *   languages or locations are copied.
 * - `bed_status_event`: every bed's status over time (from its creation), so
 *   occupancy can be rebuilt for any past range.
 * - `occupancy_snapshot`: per day (UTC), shelter and bed category, the beds in
 *   each status at the end of the day. Written by the worker daily, and
 *   rebuildable from `bed_status_event` for any range (idempotent).
 *
 * Row-level security: readable by SERVICE, COORDINATOR and COMMISSIONER;
 * written only as SERVICE (the command side), like every protected table.
 */
export class ReportHistory1766000000000 implements MigrationInterface {
  name = 'ReportHistory1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_event (
        id bigserial PRIMARY KEY,
        kind varchar(32) NOT NULL CHECK (kind IN (
          'REFERRAL_CREATED','WAITLISTED','WAITLIST_CLOSED',
          'OFFER_MADE','OFFER_ACCEPTED','OFFER_DECLINED','NO_SHOW','OFFER_CANCELLED',
          'ARRIVED','EXITED','PERIOD_STARTED','PERIOD_EXTENDED',
          'RG_DECISION','CG_DECISION','TURNAWAY','ESCALATION_OPENED')),
        occurred_at timestamptz NOT NULL,
        referral_id uuid,
        referral_created_at timestamptz,
        region_code varchar(32),
        shelter_id uuid,
        agency_kind varchar(32),
        gender varchar(16),
        household_type varchar(24),
        urgency varchar(16),
        exploitation_types text[] NOT NULL DEFAULT '{}',
        accessibility_need boolean,
        reason varchar(64),
        value double precision
      );
      COMMENT ON COLUMN report_event.value IS
        'OFFER_MADE, ARRIVED: hours since the referral was made; EXITED: length of stay in days; PERIOD_*: period length in days; CG_DECISION: days since the positive RG decision';
      CREATE INDEX report_event_kind_time_idx ON report_event (kind, occurred_at);
      CREATE INDEX report_event_referral_idx ON report_event (referral_id);

      CREATE TABLE bed_status_event (
        id bigserial PRIMARY KEY,
        bed_id uuid NOT NULL,
        shelter_id uuid NOT NULL,
        status varchar(16) NOT NULL,
        out_of_service_reason text,
        occurred_at timestamptz NOT NULL
      );
      CREATE INDEX bed_status_event_bed_time_idx ON bed_status_event (bed_id, occurred_at DESC, id DESC);
      CREATE INDEX bed_status_event_time_idx ON bed_status_event (occurred_at);

      CREATE TABLE occupancy_snapshot (
        day date NOT NULL,
        shelter_id uuid NOT NULL,
        category varchar(16) NOT NULL,
        region_code varchar(32) NOT NULL,
        beds int NOT NULL CHECK (beds >= 0),
        available int NOT NULL CHECK (available >= 0),
        held int NOT NULL CHECK (held >= 0),
        occupied int NOT NULL CHECK (occupied >= 0),
        out_of_service int NOT NULL CHECK (out_of_service >= 0),
        out_of_service_reasons jsonb NOT NULL DEFAULT '{}',
        built_at timestamptz NOT NULL,
        PRIMARY KEY (day, shelter_id, category)
      );
      CREATE INDEX occupancy_snapshot_region_day_idx ON occupancy_snapshot (region_code, day);

      -- Household type, as reports group it (docs/reports.md).
      CREATE FUNCTION harbour_household_type(age_band text, dependants jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN age_band = 'UNDER_18' THEN 'UNACCOMPANIED_MINOR'
          WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(dependants, '[]'::jsonb)) d
                        WHERE d->>'ageBand' = 'UNDER_18') THEN 'FAMILY_WITH_CHILDREN'
          WHEN jsonb_array_length(coalesce(dependants, '[]'::jsonb)) > 0 THEN 'ADULTS_TOGETHER'
          ELSE 'SINGLE_ADULT' END $$;

      -- Records one report event for a referral, copying its grouping attributes now.
      -- region: the shelter's for offers and stays, else the referral's first preferred
      -- (or acceptable) region, else NULL ("any region").
      CREATE FUNCTION harbour_report_event(p_kind text, p_at timestamptz, p_referral uuid,
                                           p_shelter uuid, p_reason text, p_value double precision)
        RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_event (kind, occurred_at, referral_id, referral_created_at, region_code, shelter_id,
                                  agency_kind, gender, household_type, urgency, exploitation_types,
                                  accessibility_need, reason, value)
        SELECT p_kind, p_at, r.id, r.created_at,
               coalesce((SELECT s.region_code FROM shelter s WHERE s.id = p_shelter),
                        r.preferred_regions[1], r.acceptable_regions[1]),
               p_shelter, a.kind, r.gender, harbour_household_type(r.age_band, r.dependants), r.urgency,
               r.exploitation_types, cardinality(r.accessibility_needs) > 0, p_reason, p_value
          FROM referral r LEFT JOIN agency a ON a.id = r.agency_id
         WHERE r.id = p_referral;
      END $$;

      CREATE FUNCTION harbour_report_referral() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM harbour_report_event('REFERRAL_CREATED', NEW.created_at, NEW.id, NULL, NULL, NULL);
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_referral AFTER INSERT ON referral
        FOR EACH ROW EXECUTE FUNCTION harbour_report_referral();

      -- A turnaway: an intake check found no suitable provision anywhere (reason: the rule
      -- that rules out most shelters). Counted per check, so a later request that is
      -- turned away again counts again.
      CREATE FUNCTION harbour_report_turnaway() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.provision_finding IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.provision_checked_at IS DISTINCT FROM OLD.provision_checked_at
                OR OLD.provision_finding IS NULL) THEN
          PERFORM harbour_report_event('TURNAWAY', coalesce(NEW.provision_checked_at, NEW.created_at), NEW.id, NULL,
                                       coalesce(NEW.provision_finding->'exclusions'->0->>'rule', 'NO_SUITABLE_PROVISION'), NULL);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_turnaway AFTER INSERT OR UPDATE OF provision_finding, provision_checked_at ON referral
        FOR EACH ROW EXECUTE FUNCTION harbour_report_turnaway();

      CREATE FUNCTION harbour_report_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM harbour_report_event('ESCALATION_OPENED', NEW.opened_at, NEW.referral_id, NULL, NEW.urgency, NULL);
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_escalation AFTER INSERT ON escalation
        FOR EACH ROW EXECUTE FUNCTION harbour_report_escalation();

      CREATE FUNCTION harbour_report_waitlist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM harbour_report_event('WAITLISTED', NEW.joined_at, NEW.referral_id, NULL, NULL, NULL);
        ELSIF NEW.status = 'CLOSED' AND OLD.status <> 'CLOSED' THEN
          PERFORM harbour_report_event('WAITLIST_CLOSED', coalesce(NEW.closed_at, NEW.joined_at), NEW.referral_id,
                                       NULL, NEW.close_reason, NULL);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_waitlist AFTER INSERT OR UPDATE OF status ON waitlist_entry
        FOR EACH ROW EXECUTE FUNCTION harbour_report_waitlist();

      CREATE FUNCTION harbour_report_hold() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        made timestamptz;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT created_at INTO made FROM referral WHERE id = NEW.referral_id;
          PERFORM harbour_report_event('OFFER_MADE', NEW.created_at, NEW.referral_id, NEW.shelter_id, NEW.source,
                                       greatest(0, extract(epoch FROM NEW.created_at - made) / 3600.0));
        ELSIF NEW.status <> OLD.status THEN
          PERFORM harbour_report_event(
            CASE NEW.status WHEN 'CONFIRMED' THEN 'OFFER_ACCEPTED' WHEN 'DECLINED' THEN 'OFFER_DECLINED'
                            WHEN 'EXPIRED' THEN 'NO_SHOW' ELSE 'OFFER_CANCELLED' END,
            coalesce(NEW.resolved_at, NEW.created_at), NEW.referral_id, NEW.shelter_id,
            CASE NEW.status WHEN 'DECLINED' THEN coalesce(NEW.decline_reason, 'OTHER') END, NULL);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_hold AFTER INSERT OR UPDATE OF status ON hold
        FOR EACH ROW EXECUTE FUNCTION harbour_report_hold();

      CREATE FUNCTION harbour_report_placement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        made timestamptz;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT created_at INTO made FROM referral WHERE id = NEW.referral_id;
          PERFORM harbour_report_event('ARRIVED', NEW.started_at, NEW.referral_id, NEW.shelter_id, NULL,
                                       greatest(0, extract(epoch FROM NEW.started_at - made) / 3600.0));
        ELSIF NEW.status = 'ENDED' AND OLD.status <> 'ENDED' THEN
          PERFORM harbour_report_event('EXITED', coalesce(NEW.ended_at, NEW.started_at), NEW.referral_id,
                                       NEW.shelter_id, NEW.exit_reason, (NEW.ended_on - NEW.arrived_on)::double precision);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_placement AFTER INSERT OR UPDATE OF status ON placement
        FOR EACH ROW EXECUTE FUNCTION harbour_report_placement();

      CREATE FUNCTION harbour_report_period() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        pl record;
      BEGIN
        SELECT referral_id, shelter_id INTO pl FROM placement WHERE id = NEW.placement_id;
        PERFORM harbour_report_event(CASE WHEN NEW.sequence = 1 THEN 'PERIOD_STARTED' ELSE 'PERIOD_EXTENDED' END,
                                     NEW.created_at, pl.referral_id, pl.shelter_id, NULL, NEW.length_days);
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_period AFTER INSERT ON recovery_period
        FOR EACH ROW EXECUTE FUNCTION harbour_report_period();

      CREATE FUNCTION harbour_report_decision() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rg date;
      BEGIN
        IF NEW.type = 'REASONABLE_GROUNDS' THEN
          PERFORM harbour_report_event('RG_DECISION', NEW.recorded_at, NEW.referral_id, NULL, NEW.outcome, NULL);
        ELSE
          SELECT max(decided_on) INTO rg FROM decision
           WHERE referral_id = NEW.referral_id AND type = 'REASONABLE_GROUNDS' AND outcome = 'POSITIVE'
             AND decided_on <= NEW.decided_on;
          PERFORM harbour_report_event('CG_DECISION', NEW.recorded_at, NEW.referral_id, NULL, NEW.outcome,
                                       (NEW.decided_on - rg)::double precision);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_decision AFTER INSERT ON decision
        FOR EACH ROW EXECUTE FUNCTION harbour_report_decision();

      -- Bed status history, one statement at a time (an import adds beds by the thousand).
      CREATE FUNCTION harbour_bed_status_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO bed_status_event (bed_id, shelter_id, status, out_of_service_reason, occurred_at)
          SELECT n.id, n.shelter_id, n.status, n.out_of_service_reason, n.status_changed_at FROM new_beds n;
        RETURN NULL;
      END $$;
      CREATE TRIGGER bed_status_history_insert AFTER INSERT ON bed
        REFERENCING NEW TABLE AS new_beds FOR EACH STATEMENT EXECUTE FUNCTION harbour_bed_status_inserted();

      CREATE FUNCTION harbour_bed_status_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO bed_status_event (bed_id, shelter_id, status, out_of_service_reason, occurred_at)
          SELECT n.id, n.shelter_id, n.status, n.out_of_service_reason, n.status_changed_at
            FROM new_beds n JOIN old_beds o ON o.id = n.id
           WHERE n.status IS DISTINCT FROM o.status
              OR n.out_of_service_reason IS DISTINCT FROM o.out_of_service_reason;
        RETURN NULL;
      END $$;
      CREATE TRIGGER bed_status_history_update AFTER UPDATE ON bed
        REFERENCING OLD TABLE AS old_beds NEW TABLE AS new_beds FOR EACH STATEMENT
        EXECUTE FUNCTION harbour_bed_status_updated();

      -- History for what exists already: beds as they are now, referrals as made.
      INSERT INTO bed_status_event (bed_id, shelter_id, status, out_of_service_reason, occurred_at)
        SELECT id, shelter_id, status, out_of_service_reason, status_changed_at FROM bed;
    `);
    // Back-fill report events for the history that exists (as SERVICE: RLS hides rows otherwise).
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      SELECT harbour_report_event('REFERRAL_CREATED', created_at, id, NULL, NULL, NULL) FROM referral;
      SELECT harbour_report_event('OFFER_MADE', h.created_at, h.referral_id, h.shelter_id, h.source,
                                  greatest(0, extract(epoch FROM h.created_at - r.created_at) / 3600.0))
        FROM hold h JOIN referral r ON r.id = h.referral_id;
      SELECT harbour_report_event('ARRIVED', p.started_at, p.referral_id, p.shelter_id, NULL,
                                  greatest(0, extract(epoch FROM p.started_at - r.created_at) / 3600.0))
        FROM placement p JOIN referral r ON r.id = p.referral_id;
    `);

    const roles = `('SERVICE', 'COORDINATOR', 'COMMISSIONER')`;
    for (const table of ['report_event', 'bed_status_event', 'occupancy_snapshot']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT USING ((SELECT harbour_caller_role()) IN ${roles});
        CREATE POLICY ${table}_service_write ON ${table} FOR ALL
          USING ((SELECT harbour_caller_role()) = 'SERVICE') WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS bed_status_history_update ON bed;
      DROP TRIGGER IF EXISTS bed_status_history_insert ON bed;
      DROP TRIGGER IF EXISTS report_decision ON decision;
      DROP TRIGGER IF EXISTS report_period ON recovery_period;
      DROP TRIGGER IF EXISTS report_placement ON placement;
      DROP TRIGGER IF EXISTS report_hold ON hold;
      DROP TRIGGER IF EXISTS report_waitlist ON waitlist_entry;
      DROP TRIGGER IF EXISTS report_referral ON referral;
      DROP TRIGGER IF EXISTS report_turnaway ON referral;
      DROP TRIGGER IF EXISTS report_escalation ON escalation;
      DROP FUNCTION IF EXISTS harbour_report_turnaway();
      DROP FUNCTION IF EXISTS harbour_report_escalation();
      DROP FUNCTION IF EXISTS harbour_bed_status_updated();
      DROP FUNCTION IF EXISTS harbour_bed_status_inserted();
      DROP FUNCTION IF EXISTS harbour_report_decision();
      DROP FUNCTION IF EXISTS harbour_report_period();
      DROP FUNCTION IF EXISTS harbour_report_placement();
      DROP FUNCTION IF EXISTS harbour_report_hold();
      DROP FUNCTION IF EXISTS harbour_report_waitlist();
      DROP FUNCTION IF EXISTS harbour_report_referral();
      DROP FUNCTION IF EXISTS harbour_report_event(text, timestamptz, uuid, uuid, text, double precision);
      DROP FUNCTION IF EXISTS harbour_household_type(text, jsonb);
      DROP TABLE IF EXISTS occupancy_snapshot;
      DROP TABLE IF EXISTS bed_status_event;
      DROP TABLE IF EXISTS report_event;
    `);
  }
}
