/**
 * Typed reasons through the GraphQL API: a representative error of each
 * domain answers with its code and its `extensions.reason` (docs/errors.md).
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

jest.setTimeout(120_000);

describe('typed error reasons', () => {
  let h: Harbour;
  let net: Network;

  beforeAll(async () => {
    h = await Harbour.start('error_reasons');
    net = await smallNetwork(h, { beds: 3 });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The first error of an operation that must fail. */
  async function firstError(token: string | null, query: string, variables: Record<string, unknown> = {}) {
    const r = await h.gql(token, query, variables);
    expect(r.errors?.length ? 'failed' : JSON.stringify(r.data)).toBe('failed');
    return { message: r.errors![0].message, ...r.errors![0].extensions };
  }

  async function hold(): Promise<{ referralId: string; holdId: string }> {
    const referralId = await createReferral(h, net.officer);
    const r = await h.ok<{ requestPlacement: { hold: { id: string } } }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    return { referralId, holdId: r.requestPlacement.hold.id };
  }

  const DECLINE = 'mutation($id: ID!) { declineHold(holdId: $id, reason: "no room", reasonCode: OTHER) { id } }';
  const CONFIRM = 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }';
  const END = 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }';

  it('holds: acting on a hold that is no longer ACTIVE is CONFLICT HOLD_NOT_ACTIVE', async () => {
    const { holdId } = await hold();
    await h.ok(net.staff, DECLINE, { id: holdId });
    expect(await firstError(net.staff, CONFIRM, { i: { holdId } })).toMatchObject({
      code: 'CONFLICT',
      reason: 'HOLD_NOT_ACTIVE',
      message: `Hold ${holdId} is DECLINED`,
    });
  });

  it('placements and recovery periods: NO_RECOVERY_PERIOD, then PLACEMENT_ALREADY_ENDED', async () => {
    const { holdId } = await hold();
    const placementId = (await h.ok<{ confirmArrival: { id: string } }>(net.staff, CONFIRM, { i: { holdId } })).confirmArrival.id;
    const extend = 'mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { sequence } }';
    expect(await firstError(net.staff, extend, { i: { placementId, reason: 'awaiting a decision' } })).toMatchObject({
      code: 'CONFLICT',
      reason: 'NO_RECOVERY_PERIOD',
    });
    await h.ok(net.staff, END, { i: { placementId, exitReason: 'MOVED_ON' } });
    // The same exit again is answered with the exit; a different one is the conflict.
    expect(await firstError(net.staff, END, { i: { placementId, exitReason: 'TRANSFERRED' } })).toMatchObject({
      code: 'CONFLICT',
      reason: 'PLACEMENT_ALREADY_ENDED',
    });
  });

  it('referrals: a second referral with the same agency reference is CONFLICT DUPLICATE_AGENCY_REFERENCE', async () => {
    const input = {
      agencyReference: 'REASONS-1',
      initials: 'AB',
      ageBand: 'AGE_25_34',
      gender: 'FEMALE',
      languages: ['en'],
      exploitationTypes: ['SEXUAL'],
      urgency: 'URGENT',
      consentGiven: true,
    };
    const create = 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }';
    await h.ok(net.officer, create, { i: input });
    expect(await firstError(net.officer, create, { i: input })).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_AGENCY_REFERENCE' });
  });

  it('NRM decisions: recording a different decision of a type already recorded is CONFLICT DECISION_ALREADY_RECORDED', async () => {
    const referralId = await createReferral(h, net.officer);
    const record = 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }';
    const today = (await h.ok<{ clock: { today: string } }>(net.coordinator, '{ clock { today } }')).clock.today;
    await h.ok(net.coordinator, record, { i: { referralId, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: today } });
    expect(await firstError(net.coordinator, record, { i: { referralId, type: 'REASONABLE_GROUNDS', outcome: 'NEGATIVE', decidedOn: today } })).toMatchObject({
      code: 'CONFLICT',
      reason: 'DECISION_ALREADY_RECORDED',
    });
  });

  it('NOT_FOUND names the kind of record in its reason', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(await firstError(net.staff, CONFIRM, { i: { holdId: id } })).toMatchObject({ code: 'NOT_FOUND', reason: 'HOLD_NOT_FOUND', entity: 'Hold', id });
    expect(await firstError(net.officer, REQUEST_PLACEMENT, { id })).toMatchObject({ code: 'NOT_FOUND', reason: 'REFERRAL_NOT_FOUND', entity: 'Referral' });
  });

  it('escalations: claiming one that does not exist is NOT_FOUND ESCALATION_NOT_FOUND', async () => {
    const id = '00000000-0000-4000-8000-000000000002';
    expect(await firstError(net.coordinator, 'mutation($id: ID!) { claimEscalation(escalationId: $id) { id } }', { id })).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'ESCALATION_NOT_FOUND',
    });
  });

  it('auth: no token is UNAUTHENTICATED TOKEN_MISSING; a header that is not Bearer is AUTHORIZATION_HEADER_MALFORMED', async () => {
    expect(await firstError(null, '{ clock { now } }')).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ clock { now } }' }),
    });
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'AUTHORIZATION_HEADER_MALFORMED' });
  });

  it('access: a mutation the role may not use is FORBIDDEN ROLE_NOT_ALLOWED', async () => {
    expect(await firstError(net.officer, 'mutation { advanceClock(hours: 1) }')).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
  });

  it('validation: an out-of-range number is BAD_USER_INPUT OUT_OF_RANGE naming the field', async () => {
    expect(await firstError(net.coordinator, 'mutation { advanceClock(hours: -1) }')).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OUT_OF_RANGE',
      field: 'hours',
    });
  });

  it('surge intake: a refused item refuses the batch, BULK_REFERRALS_REFUSED, each problem named', async () => {
    const item = {
      agencyReference: 'SURGE-1',
      initials: 'AB',
      ageBand: 'AGE_25_34',
      gender: 'FEMALE',
      languages: ['en'],
      exploitationTypes: ['LABOUR'],
      urgency: 'URGENT',
    };
    const e = await firstError(net.officer, 'mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) { stillWaiting } }', {
      i: [
        { ...item, consentGiven: true },
        { ...item, agencyReference: 'SURGE-2', consentGiven: false },
      ],
    });
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BULK_REFERRALS_REFUSED' });
    expect((e as { problems?: unknown[] }).problems).toEqual([expect.objectContaining({ index: 1, code: 'BAD_USER_INPUT', field: 'input.1.consentGiven' })]);
  });

  it('webhooks: a URL at a cloud metadata endpoint is BAD_USER_INPUT WEBHOOK_URL_BLOCKED', async () => {
    expect(await firstError(net.coordinator, 'mutation($u: String!) { testWebhook(url: $u) { ok } }', { u: 'http://169.254.169.254/latest' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'WEBHOOK_URL_BLOCKED',
      field: 'url',
    });
  });

  it('a rule of libs/domain refusing input is BAD_USER_INPUT with a reason too', async () => {
    expect(
      await firstError(net.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
        i: { regionCode: net.regionCode, category: 'ALL', threshold: 0, resolveAt: 2 },
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.threshold' });
  });

  it('network: a second agency of the same name is CONFLICT AGENCY_NAME_TAKEN', async () => {
    const create = 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }';
    await h.ok(net.coordinator, create, { i: { name: 'Reasons agency', kind: 'NGO' } });
    expect(await firstError(net.coordinator, create, { i: { name: 'Reasons agency', kind: 'NGO' } })).toMatchObject({
      code: 'CONFLICT',
      reason: 'AGENCY_NAME_TAKEN',
      field: 'name',
    });
  });
});
