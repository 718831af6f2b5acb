import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turnaways name the rule that blocked the household (docs/reports.md,
 * "Turnaways"): the TURNAWAY report event's reason becomes the finding's
 * `blockingRule` (libs/domain provision.ts `blockingRule`: the rule that rules
 * out the most open shelters the household could go to, i.e. inside its
 * acceptable regions and outside its exclusion areas), not the rule that rules
 * out the most shelters of the whole network, which for a household with
 * acceptable regions is nearly always OUTSIDE_ACCEPTABLE_REGIONS.
 *
 * Findings stored before this migration have no `blockingRule`; their events
 * keep the old reason (events already written are history and are not
 * rewritten).
 */
/** The TURNAWAY trigger function of migration 1766000000000, with `reason` as the event's reason. */
const turnawayFunction = (reason: string) => `
  CREATE OR REPLACE FUNCTION harbour_report_turnaway() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.provision_finding IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.provision_checked_at IS DISTINCT FROM OLD.provision_checked_at
            OR OLD.provision_finding IS NULL) THEN
      PERFORM harbour_report_event('TURNAWAY', coalesce(NEW.provision_checked_at, NEW.created_at), NEW.id, NULL, ${reason}, NULL);
    END IF;
    RETURN NULL;
  END $$;`;

export class TurnawayBlockingRule1766500000000 implements MigrationInterface {
  name = 'TurnawayBlockingRule1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      turnawayFunction(`coalesce(NEW.provision_finding->>'blockingRule', NEW.provision_finding->'exclusions'->0->>'rule', 'NO_SUITABLE_PROVISION')`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(turnawayFunction(`coalesce(NEW.provision_finding->'exclusions'->0->>'rule', 'NO_SUITABLE_PROVISION')`));
  }
}
