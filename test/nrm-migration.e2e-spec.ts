/**
 * Migration 1765500000000 (NRM stages) on a placement made before it
 * (issue 11, "Existing placements are migrated with their dates unchanged;
 * their stage is derived from the decisions already recorded"): a database
 * migrated up to the migration before it holds a placement as the old code
 * left it (recovery period 1 from arrival, 45 days, its three reminders, an RG
 * recorded after arrival); then every later migration runs.
 */
import { DataSource } from 'typeorm';
import { addDays, deriveStage, DecisionOutcome, Jurisdiction, NrmPolicyVersion, NrmStage } from '@harbour/domain';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '@harbour/core';
import { loadConfig } from '@harbour/platform';
import { createTestDatabase, dropTestDatabase, Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

/** Copied from the new database into the old one, in foreign-key order (only the columns the old schema has). */
const TABLES = ['region', 'agency', 'shelter', 'room', 'bed', 'referral', 'hold', 'placement', 'bed_claim'];

describe('NRM stages migration on placements made before it', () => {
  let h: Harbour;
  let url: string;
  let old: DataSource;

  beforeAll(async () => {
    h = await Harbour.start('nrm-migration');
    url = await createTestDatabase('nrm_migration_old');
    const config = loadConfig({ DATABASE_URL: url });
    const before = MIGRATIONS.findIndex((m) => m.name === 'NrmStages1765500000000');
    expect(before).toBeGreaterThan(0);
    old = new DataSource({ ...dataSourceOptions(config, 'SERVICE'), migrations: MIGRATIONS.slice(0, before) });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await old?.destroy();
    await h?.close();
    if (url) await dropTestDatabase(url);
  });

  it('keeps the dates, sets the jurisdiction and NRM referral date, names the reminders’ deadline; the stage follows the RG', async () => {
    // A placement made through the API today, as the rows the old schema has.
    const net = await smallNetwork(h, { beds: 1 });
    const referralId = await createReferral(h, net.officer, { acceptableRegions: [net.regionCode] });
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const arrived = await h.ok<{ confirmArrival: { id: string; arrivedOn: string } }>(
      net.staff,
      'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id arrivedOn } }',
      { i: { holdId: r.requestPlacement.hold.id } },
    );
    const { id: placementId, arrivedOn } = arrived.confirmArrival;
    const datesBefore = await old.transaction(async (em) => {
      await em.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
      for (const table of TABLES) {
        const rows: { j: unknown }[] = await h.db.query(`SELECT row_to_json(t) AS j FROM ${table} t`);
        for (const { j } of rows) {
          await em.query(`INSERT INTO ${table} SELECT * FROM json_populate_record(NULL::${table}, $1::json)`, [JSON.stringify(j)]);
        }
      }
      // As the old code left it: period 1 from arrival for 45 days, reminders 7, 2 and 0 days before its end, an RG 10 days in.
      const [{ id: periodId }] = await em.query(
        `INSERT INTO recovery_period (placement_id, sequence, start_date, end_date, length_days, created_by, created_at)
         VALUES ($1, 1, $2, $3, 45, 'old-code', now()) RETURNING id`,
        [placementId, arrivedOn, addDays(arrivedOn, 44)],
      );
      for (const offset of [7, 2, 0]) {
        const due = addDays(arrivedOn, 44 - offset);
        await em.query(
          `INSERT INTO reminder (recovery_period_id, placement_id, offset_days, due_date, due_at, status)
           VALUES ($1, $2, $3, $4, ($4::date + time '09:00') AT TIME ZONE 'Europe/London', 'SCHEDULED')`,
          [periodId, placementId, offset, due],
        );
      }
      await em.query(
        `INSERT INTO decision (referral_id, type, outcome, decided_on, recorded_by, recorded_at)
         VALUES ($1, 'REASONABLE_GROUNDS', 'POSITIVE', $2, 'old-code', now())`,
        [referralId, addDays(arrivedOn, 10)],
      );
      return em.query(`SELECT arrived_on::text, started_at FROM placement WHERE id = $1`, [placementId]);
    });
    expect(datesBefore).toHaveLength(1);

    // Every later migration.
    const full = new DataSource(dataSourceOptions(loadConfig({ DATABASE_URL: url }), 'SERVICE'));
    await full.initialize();
    try {
      await runMigrations(full, loadConfig({ DATABASE_URL: url }));
      await full.transaction(async (em) => {
        await em.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
        // Dates unchanged; the jurisdiction of the shelter's region; referred into the NRM on the referral's date (not after arrival).
        const [p] = await em.query(`SELECT arrived_on::text, started_at, jurisdiction, place_of_safety, nrm_referred_on::text FROM placement WHERE id = $1`, [
          placementId,
        ]);
        expect({ arrived_on: p.arrived_on, started_at: p.started_at }).toEqual(datesBefore[0]);
        expect(p).toMatchObject({ jurisdiction: 'ENGLAND', place_of_safety: false, nrm_referred_on: arrivedOn });
        const periods = await em.query(
          `SELECT sequence, start_date::text AS "startDate", end_date::text AS "endDate" FROM recovery_period WHERE placement_id = $1`,
          [placementId],
        );
        expect(periods).toEqual([{ sequence: 1, startDate: arrivedOn, endDate: addDays(arrivedOn, 44) }]);
        const reminders = await em.query(
          `SELECT deadline_kind, deadline_date::text, offset_days, due_date::text, status FROM reminder WHERE placement_id = $1 ORDER BY offset_days DESC`,
          [placementId],
        );
        expect(reminders).toEqual(
          [7, 2, 0].map((o) => ({
            deadline_kind: 'RECOVERY_PERIOD_END',
            deadline_date: addDays(arrivedOn, 44),
            offset_days: o,
            due_date: addDays(arrivedOn, 44 - o),
            status: 'SCHEDULED',
          })),
        );
        // The stage from the decisions recorded: the recovery period as stored (45 days from arrival), not recomputed.
        const versions: NrmPolicyVersion[] = await em.query(
          `SELECT jurisdiction, effective_from::text AS "effectiveFrom", recovery_period_start AS "recoveryPeriodStart",
                    recovery_period_days AS "recoveryPeriodDays", support_continues_until_cg AS "supportContinuesUntilCg",
                    rg_target_working_days AS "rgTargetWorkingDays", cg_minimum_gap_days AS "cgMinimumGapDays", move_on_days AS "moveOnDays",
                    move_on_extendable AS "moveOnExtendable", negative_decision_support_working_days AS "negativeDecisionSupportWorkingDays",
                    place_of_safety_max_working_days AS "placeOfSafetyMaxWorkingDays", sources
               FROM nrm_policy_version`,
        );
        const state = deriveStage(
          {
            jurisdiction: Jurisdiction.ENGLAND,
            arrivedOn,
            placeOfSafety: false,
            nrmReferredOn: p.nrm_referred_on,
            reasonableGrounds: { outcome: DecisionOutcome.POSITIVE, decidedOn: addDays(arrivedOn, 10) },
            conclusiveGrounds: null,
            recoveryPeriods: periods,
            moveOnExtensionDays: [],
            endedOn: null,
          },
          versions,
          addDays(arrivedOn, 11),
        );
        expect(state).toMatchObject({
          stage: NrmStage.RECOVERY_PERIOD,
          since: arrivedOn,
          recoveryPeriod: { startDate: arrivedOn, endDate: addDays(arrivedOn, 44), lengthDays: 45 },
        });
        expect(state.deadlines.map((d) => [d.kind, d.date, d.supportContinues])).toEqual([
          ['CG_EARLIEST', addDays(arrivedOn, 40), false],
          ['RECOVERY_PERIOD_END', addDays(arrivedOn, 44), true],
        ]);
      });
    } finally {
      await full.destroy();
    }
  });
});
