import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Harbour's first schema. Enumerations are varchar + CHECK (easy to extend in a
 * later migration). The database itself forbids double-booking: at most one
 * live claim per bed (`bed_claim_one_live_per_bed`).
 */
export class InitialSchema1764403200000 implements MigrationInterface {
  name = 'InitialSchema1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        code varchar(32) PRIMARY KEY,
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE agency (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        kind varchar(32) NOT NULL CHECK (kind IN ('POLICE','BORDER_FORCE','LOCAL_AUTHORITY','NGO','OTHER')),
        webhook_url text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX agency_name_unique_ci ON agency (lower(name));

      CREATE TABLE shelter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code_name varchar(64) NOT NULL,
        region_code varchar(32) NOT NULL REFERENCES region(code),
        gender_policy varchar(16) NOT NULL CHECK (gender_policy IN ('WOMEN_ONLY','MEN_ONLY','MIXED')),
        accepts_families boolean NOT NULL DEFAULT false,
        accepts_minors boolean NOT NULL DEFAULT false,
        languages text[] NOT NULL DEFAULT '{}',
        specialisms text[] NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','CLOSED')),
        address text,
        postcode varchar(16),
        latitude double precision,
        longitude double precision,
        contact_line varchar(200),
        webhook_url text,
        external_ref varchar(128) UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX shelter_region_idx ON shelter (region_code);
      CREATE UNIQUE INDEX shelter_code_name_unique_ci ON shelter (lower(code_name));

      CREATE TABLE room (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shelter_id uuid NOT NULL REFERENCES shelter(id),
        label varchar(64) NOT NULL,
        accessibility_features text[] NOT NULL DEFAULT '{}',
        UNIQUE (shelter_id, label)
      );

      CREATE TABLE bed (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES room(id),
        shelter_id uuid NOT NULL REFERENCES shelter(id),
        label varchar(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'AVAILABLE'
          CHECK (status IN ('AVAILABLE','HELD','OCCUPIED','OUT_OF_SERVICE')),
        out_of_service_reason text,
        expected_return date,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (room_id, label),
        CHECK (status = 'OUT_OF_SERVICE' OR (out_of_service_reason IS NULL AND expected_return IS NULL))
      );
      CREATE INDEX bed_shelter_status_idx ON bed (shelter_id, status);
      CREATE INDEX bed_room_status_idx ON bed (room_id, status);

      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id),
        agency_reference varchar(64) NOT NULL,
        initials varchar(4) NOT NULL,
        age_band varchar(16) NOT NULL,
        gender varchar(16) NOT NULL CHECK (gender IN ('FEMALE','MALE','NON_BINARY')),
        languages text[] NOT NULL DEFAULT '{}',
        exploitation_types text[] NOT NULL DEFAULT '{}',
        dependants jsonb NOT NULL DEFAULT '[]',
        accessibility_needs text[] NOT NULL DEFAULT '{}',
        exclusion_regions text[] NOT NULL DEFAULT '{}',
        preferred_regions text[] NOT NULL DEFAULT '{}',
        acceptable_regions text[] NOT NULL DEFAULT '{}',
        urgency varchar(16) NOT NULL CHECK (urgency IN ('EMERGENCY','URGENT','ROUTINE')),
        status varchar(16) NOT NULL
          CHECK (status IN ('OPEN','WAITLISTED','HELD','PLACED','EXITED','WITHDRAWN')),
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      );
      -- One referral per agency reference, whatever the case ('ab/1' is 'AB/1').
      CREATE UNIQUE INDEX referral_agency_reference_unique_ci ON referral (agency_id, lower(agency_reference));
      CREATE INDEX referral_agency_idx ON referral (agency_id, created_at);
      CREATE INDEX referral_status_idx ON referral (status);

      CREATE TABLE decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral(id),
        type varchar(32) NOT NULL CHECK (type IN ('REASONABLE_GROUNDS','CONCLUSIVE_GROUNDS')),
        outcome varchar(16) NOT NULL CHECK (outcome IN ('POSITIVE','NEGATIVE')),
        decided_on date NOT NULL,
        recorded_by varchar(200) NOT NULL,
        recorded_at timestamptz NOT NULL,
        UNIQUE (referral_id, type)
      );

      CREATE TABLE hold (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral(id),
        shelter_id uuid NOT NULL REFERENCES shelter(id),
        room_id uuid NOT NULL REFERENCES room(id),
        status varchar(16) NOT NULL CHECK (status IN ('ACTIVE','CONFIRMED','DECLINED','EXPIRED','CANCELLED')),
        source varchar(16) NOT NULL CHECK (source IN ('REQUEST','WAITLIST_OFFER')),
        score double precision NOT NULL,
        reasons jsonb NOT NULL DEFAULT '[]',
        expires_at timestamptz NOT NULL,
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolution_note text
      );
      CREATE UNIQUE INDEX hold_one_active_per_referral ON hold (referral_id) WHERE status = 'ACTIVE';
      CREATE INDEX hold_active_expiry_idx ON hold (expires_at) WHERE status = 'ACTIVE';
      CREATE INDEX hold_shelter_idx ON hold (shelter_id);

      CREATE TABLE placement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL UNIQUE REFERENCES referral(id),
        hold_id uuid NOT NULL UNIQUE REFERENCES hold(id),
        shelter_id uuid NOT NULL REFERENCES shelter(id),
        room_id uuid NOT NULL REFERENCES room(id),
        status varchar(16) NOT NULL CHECK (status IN ('ACTIVE','ENDED')),
        arrived_on date NOT NULL,
        started_at timestamptz NOT NULL,
        ended_on date,
        exit_reason varchar(32),
        ended_at timestamptz,
        CHECK ((status = 'ENDED') = (ended_on IS NOT NULL AND exit_reason IS NOT NULL)),
        CHECK (ended_on IS NULL OR ended_on >= arrived_on)
      );
      CREATE INDEX placement_shelter_idx ON placement (shelter_id, status);

      CREATE TABLE bed_claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bed_id uuid NOT NULL REFERENCES bed(id),
        referral_id uuid NOT NULL REFERENCES referral(id),
        hold_id uuid NOT NULL REFERENCES hold(id),
        placement_id uuid REFERENCES placement(id),
        claimed_at timestamptz NOT NULL,
        released_at timestamptz
      );
      -- The database's own guarantee against double-booking.
      CREATE UNIQUE INDEX bed_claim_one_live_per_bed ON bed_claim (bed_id) WHERE released_at IS NULL;
      CREATE INDEX bed_claim_hold_idx ON bed_claim (hold_id);
      CREATE INDEX bed_claim_placement_idx ON bed_claim (placement_id);

      CREATE TABLE recovery_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        placement_id uuid NOT NULL REFERENCES placement(id),
        sequence int NOT NULL CHECK (sequence >= 1),
        start_date date NOT NULL,
        end_date date NOT NULL,
        length_days int NOT NULL CHECK (length_days >= 1),
        reason text,
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (placement_id, sequence),
        CHECK (end_date = start_date + (length_days - 1)),
        CHECK (sequence = 1 OR reason IS NOT NULL)
      );

      CREATE TABLE reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recovery_period_id uuid NOT NULL REFERENCES recovery_period(id),
        placement_id uuid NOT NULL REFERENCES placement(id),
        offset_days int NOT NULL CHECK (offset_days >= 0),
        due_date date NOT NULL,
        due_at timestamptz NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('SCHEDULED','SENT','CANCELLED')),
        sent_at timestamptz,
        late boolean NOT NULL DEFAULT false,
        UNIQUE (recovery_period_id, offset_days)
      );
      CREATE INDEX reminder_scheduled_idx ON reminder (due_at) WHERE status = 'SCHEDULED';
      CREATE INDEX reminder_placement_idx ON reminder (placement_id);

      CREATE TABLE waitlist_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral(id),
        urgency varchar(16) NOT NULL,
        priority int NOT NULL,
        joined_at timestamptz NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('WAITING','CLOSED')),
        closed_at timestamptz,
        close_reason varchar(16)
      );
      CREATE UNIQUE INDEX waitlist_one_waiting_per_referral ON waitlist_entry (referral_id) WHERE status = 'WAITING';
      CREATE INDEX waitlist_order_idx ON waitlist_entry (priority DESC, joined_at, id) WHERE status = 'WAITING';

      CREATE TABLE alert_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code varchar(32) REFERENCES region(code),
        category varchar(16) NOT NULL
          CHECK (category IN ('ALL','WOMEN_ONLY','MEN_ONLY','MIXED','FAMILY','ACCESSIBLE','MINORS')),
        threshold int NOT NULL CHECK (threshold >= 1),
        resolve_at int NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL,
        CHECK (resolve_at > threshold)
      );

      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES alert_rule(id),
        region_code varchar(32),
        category varchar(16) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('OPEN','ACKNOWLEDGED','RESOLVED')),
        free_beds_at_open int NOT NULL,
        free_beds_at_resolve int,
        opened_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by varchar(200),
        resolved_at timestamptz
      );
      CREATE UNIQUE INDEX alert_one_unresolved_per_rule ON alert (rule_id) WHERE status <> 'RESOLVED';

      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(40) NOT NULL,
        audience_type varchar(16) NOT NULL CHECK (audience_type IN ('AGENCY','SHELTER','COORDINATORS')),
        audience_id uuid,
        idempotency_key varchar(200) NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('PENDING','SENT','FAILED','UNDELIVERABLE')),
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        last_error text
      );
      CREATE INDEX notification_kind_idx ON notification (kind, created_at);

      CREATE TABLE outbox_event (
        id bigserial PRIMARY KEY,
        aggregate_type varchar(32) NOT NULL,
        aggregate_id varchar(64) NOT NULL,
        type varchar(48) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON outbox_event (id) WHERE published_at IS NULL;

      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        actor varchar(200) NOT NULL,
        role varchar(32) NOT NULL,
        action varchar(64) NOT NULL,
        entity_type varchar(32) NOT NULL,
        entity_id varchar(64),
        at timestamptz NOT NULL,
        ip varchar(64),
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_entity_idx ON audit_event (entity_type, entity_id);

      CREATE TABLE mutation_receipt (
        key varchar(400) PRIMARY KEY,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE clock_setting (
        id smallint PRIMARY KEY CHECK (id = 1),
        offset_ms bigint NOT NULL DEFAULT 0 CHECK (offset_ms >= 0)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS clock_setting, mutation_receipt, audit_event, outbox_event, notification, alert,
        alert_rule, waitlist_entry, reminder, recovery_period, bed_claim, placement, hold, decision, referral,
        bed, room, shelter, agency, region CASCADE;
    `);
  }
}
