/**
 * Corrections to the NRM record, through GraphQL with the worker running and
 * the adjustable clock (docs/nrm-stages.md):
 * - the policy table in the database cites the sources of the domain's seed
 *   (two citations corrected by migration 1766800000000);
 */
import { NRM_POLICY_FIELDS, NRM_POLICY_SEED } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { Network, smallNetwork, WebhookSink } from './support/fixtures';

describe('NRM corrections', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let eng: Network;

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('nrm-corrections', { env: { COORDINATOR_WEBHOOK_URL: sink.url } });
    eng = await smallNetwork(h, { beds: 3, webhookUrl: sink.url, jurisdiction: 'ENGLAND' });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('the seeded policy versions cite the sources of NRM_POLICY_SEED; the Place of Safety figure is the 2020 announcement', async () => {
    const r = await h.ok<{ nrmPolicies: any[] }>(
      eng.officer,
      '{ nrmPolicies { jurisdiction effectiveFrom placeOfSafetyMaxWorkingDays negativeDecisionSupportWorkingDays sources { field source } } }',
    );
    for (const seed of NRM_POLICY_SEED) {
      const row = r.nrmPolicies.find((v) => v.jurisdiction === seed.jurisdiction && v.effectiveFrom === seed.effectiveFrom);
      expect(row).toBeDefined();
      const sources = Object.fromEntries(row.sources.map((s: any) => [s.field, s.source]));
      for (const f of NRM_POLICY_FIELDS) expect([seed.jurisdiction, seed.effectiveFrom, f, sources[f]]).toEqual([seed.jurisdiction, seed.effectiveFrom, f, seed.sources[f]]);
    }
    const england = r.nrmPolicies.find((v) => v.jurisdiction === 'ENGLAND' && v.effectiveFrom === '2022-12-13');
    const src = Object.fromEntries(england.sources.map((s: any) => [s.field, s.source]));
    // The values are unchanged; only their citations were corrected.
    expect(england).toMatchObject({ placeOfSafetyMaxWorkingDays: 3, negativeDecisionSupportWorkingDays: 9 });
    expect(src.placeOfSafetyMaxWorkingDays).toContain('29 June 2020');
    expect(src.placeOfSafetyMaxWorkingDays).toContain('up to three working days');
    expect(src.placeOfSafetyMaxWorkingDays).toContain('1 November 2023');
    expect(src.placeOfSafetyMaxWorkingDays).not.toContain('statutory guidance');
    expect(src.negativeDecisionSupportWorkingDays).toContain('NRPF Network');
  });
});
