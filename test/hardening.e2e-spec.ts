/**
 * Findings of a break-it session, each kept as a test: NUL bytes, reused
 * clientMutationIds, conflicting retries, impossible dates, unknown regions,
 * webhook targets, query fan-out, and non-GraphQL paths.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

describe('hardening', () => {
  let h: Harbour;
  let net: Network;
  beforeAll(async () => {
    h = await Harbour.start('hardening', { worker: false });
    net = await smallNetwork(h, { beds: 3 });
  });
  afterAll(async () => h?.close());

  const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
  const field = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.field;

  async function placed(): Promise<{ referralId: string; placementId: string }> {
    const referralId = await createReferral(h, net.officer);
    await recordPositiveRg(h, net.officer, referralId);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const p = await h.ok<{ confirmArrival: any }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: r.requestPlacement.hold.id },
    });
    return { referralId, placementId: p.confirmArrival.id };
  }

  it('refuses the NUL character in any string input, naming the field, instead of a 500', async () => {
    const r = await h.gql(net.officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', {
      i: { agencyReference: 'NUL-1', initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE', consentGiven: true, languages: ['e\u0000n'] },
    });
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('input.languages.0');
    const region = await h.gql(net.coordinator, 'mutation($c: String!, $n: String!) { createRegion(code: $c, name: $n) { code } }', {
      c: 'NULREGION',
      n: 'a\u0000b',
    });
    expect(code(region)).toBe('BAD_USER_INPUT');
    expect(field(region)).toBe('name');
  });

  it('a clientMutationId reused for another placement is a CONFLICT, not the other placement’s answer', async () => {
    const staffOfBoth = net.staff;
    const p1 = await placed();
    const p2 = await placed();
    const extend = (placementId: string, reason: string) =>
      h.gql<{ extendRecoveryPeriod: any }>(staffOfBoth, 'mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { sequence reason } }', {
        i: { placementId, reason, clientMutationId: 'same-id' },
      });
    expect((await extend(p1.placementId, 'p1 reason')).data?.extendRecoveryPeriod).toEqual({ sequence: 2, reason: 'p1 reason' });
    // The same request again: the first answer, no third period.
    expect((await extend(p1.placementId, 'p1 reason')).data?.extendRecoveryPeriod).toEqual({ sequence: 2, reason: 'p1 reason' });
    const other = await extend(p2.placementId, 'p2 reason');
    expect(code(other)).toBe('CONFLICT');
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM recovery_period WHERE placement_id = $1`, [p2.placementId]);
    expect(n).toBe(1);
  });

  it('a retried exit with a different reason is a CONFLICT; the same one is answered', async () => {
    const { placementId } = await placed();
    const end = (exitReason: string) =>
      h.gql(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { status exitReason } }', {
        i: { placementId, exitReason },
      });
    expect((await end('MOVED_ON')).data).toEqual({ endPlacement: { status: 'ENDED', exitReason: 'MOVED_ON' } });
    expect((await end('MOVED_ON')).data).toEqual({ endPlacement: { status: 'ENDED', exitReason: 'MOVED_ON' } });
    expect(code(await end('OTHER'))).toBe('CONFLICT');
  });

  it('refuses an arrival dated before the referral existed, and an expected return in the past', async () => {
    const referralId = await createReferral(h, net.officer);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const early = await h.gql(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: r.requestPlacement.hold.id, arrivedOn: '2020-01-01' },
    });
    expect(code(early)).toBe('BAD_USER_INPUT');
    expect(field(early)).toBe('input.arrivedOn');
    await h.ok(net.staff, 'mutation($id: ID!) { declineHold(holdId: $id, reasonCode: NO_ROOM_FOR_HOUSEHOLD) { id } }', { id: r.requestPlacement.hold.id });
    const [{ id: freeBed }] = await h.db.query(`SELECT id FROM bed WHERE status = 'AVAILABLE' LIMIT 1`);
    const past = await h.gql(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
      i: { bedId: freeBed, status: 'OUT_OF_SERVICE', reason: 'boiler', expectedReturn: '2001-01-01' },
    });
    expect(field(past)).toBe('input.expectedReturn');
  });

  it('treats codes and references that differ only by case as the same', async () => {
    const CREATE = 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }';
    const base = { initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE', consentGiven: true };
    await h.ok(net.officer, CREATE, { i: { ...base, agencyReference: 'CASE/7' } });
    expect(code(await h.gql(net.officer, CREATE, { i: { ...base, agencyReference: 'case/7' } }))).toBe('CONFLICT');
    const region = await h.ok<{ createRegion: any }>(net.coordinator, 'mutation { createRegion(code: "zz-101", name: "Z") { code } }');
    expect(region.createRegion.code).toBe('ZZ-101');
    const shelter = (codeName: string) =>
      h.gql(net.coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
        i: { codeName, regionCode: 'ZZ-101', genderPolicy: 'MIXED' },
      });
    expect((await shelter('LILY-9')).errors).toBeUndefined();
    expect(code(await shelter('lily-9'))).toBe('CONFLICT');
  });

  it('refuses empty or malformed language codes', async () => {
    const r = await h.gql(net.officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', {
      i: { agencyReference: 'LANG-1', initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE', consentGiven: true, languages: [''] },
    });
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toMatch(/^input\.languages/);
  });

  it('a confirmed arrival retried with another date is a CONFLICT, not the old answer', async () => {
    const referralId = await createReferral(h, net.officer);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    const confirm = (arrivedOn?: string) =>
      h.gql<{ confirmArrival: any }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id arrivedOn } }', {
        i: { holdId: r.requestPlacement.hold.id, ...(arrivedOn ? { arrivedOn } : {}) },
      });
    const first = await confirm();
    const again = await confirm(first.data!.confirmArrival.arrivedOn);
    expect(again.data).toEqual(first.data);
    expect(code(await confirm('2020-01-01'))).toBe('CONFLICT');
    await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
      i: { placementId: first.data!.confirmArrival.id, exitReason: 'MOVED_ON' },
    });
  });

  it('refuses a blank region on an alert rule (found by the property test: it was a 500)', async () => {
    const r = await h.gql(net.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
      i: { regionCode: '', category: 'ALL', threshold: 1 },
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.regionCode' });
  });

  it('refuses a staff token that names no shelter', async () => {
    const t = await h.token({ role: 'SHELTER_STAFF', shelterIds: [] });
    expect(code(await h.gql(t, '{ me { sub } }'))).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown preferred or acceptable regions (a typo would mean waiting for ever)', async () => {
    const r = await h.gql(net.officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', {
      i: { agencyReference: 'REG-1', initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE', consentGiven: true, acceptableRegions: ['NOPE-999'] },
    });
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(field(r)).toBe('input.acceptableRegions');
  });

  it('refuses webhooks aimed at link-local or metadata addresses, and duplicate agency names in another case', async () => {
    const bad = await h.gql(net.coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
      i: { name: 'Metadata fans', kind: 'NGO', webhookUrl: 'http://169.254.169.254/latest' },
    });
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(field(bad)).toBe('input.webhookUrl');
    await h.ok(net.coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', { i: { name: 'Case Test', kind: 'NGO' } });
    const dup = await h.gql(net.coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
      i: { name: 'case test', kind: 'NGO' },
    });
    expect(code(dup)).toBe('CONFLICT');
  });

  it('refuses a request that fans out with many aliases before any resolver runs', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: availability { regionCode }`).join(' ');
    const r = await h.gql(net.officer, `{ ${aliases} }`);
    expect(code(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/aliases/i);
    const deep = await h.gql(net.coordinator, `{ ${'referrals(first: 1) { edges { node { placement { referral { '.repeat(3)}id${' } } } } }'.repeat(3)} }`);
    expect(code(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('prices page sizes given as variables like literals: the cost limit cannot be dodged with $first', async () => {
    const costly = (first: string) =>
      `query($n: Int) { referrals(first: ${first}) { edges { node { id activeHold { id shelter { id codeName regionCode } } placement { id shelter { id codeName } } } } } }`;
    const literal = await h.gql(net.coordinator, costly('100'));
    expect(code(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.errors?.[0]?.message).toMatch(/Cost limit/);
    const viaVariable = await h.gql(net.coordinator, costly('$n'), { n: 100 });
    expect(code(viaVariable)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(viaVariable.errors?.[0]?.message).toBe(literal.errors?.[0]?.message);
    // A small page is fine either way.
    const small = await h.gql(net.coordinator, costly('$n'), { n: 2 });
    expect(small.errors).toBeUndefined();
    expect(Array.isArray((small.data as any).referrals.edges)).toBe(true);
  });

  it('answers unknown paths with a JSON error, never an HTML page or a stack trace', async () => {
    // An API client (a browser asking for text/html gets the web app, which has its own not-found page).
    const res = await fetch(h.url.replace('/graphql', '/nope'), { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    // Secure headers on every answer (helmet).
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const body = await res.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(body).not.toMatch(/node_modules|at \w+ \(/);
  });
});

describe('rate limits', () => {
  let h: Harbour;
  beforeAll(async () => {
    h = await Harbour.start('ratelimit', { worker: false, env: { RATE_LIMIT_PER_USER_PER_MINUTE: '5', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '8' } });
  });
  afterAll(async () => h?.close());

  it('answers 429 RATE_LIMITED with Retry-After once a user, then an address, spends its minute', async () => {
    const alice = await h.token({ role: 'COORDINATOR', sub: 'alice' });
    const bob = await h.token({ role: 'COORDINATOR', sub: 'bob' });
    for (let i = 0; i < 5; i++) expect((await h.gql(alice, '{ me { sub } }')).data).toEqual({ me: { sub: 'alice' } });
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}` },
      body: JSON.stringify({ query: '{ me { sub } }' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    // Another user from the same address still has the address's remaining quota (8 - 6 = 2).
    expect((await h.gql(bob, '{ me { sub } }')).data).toEqual({ me: { sub: 'bob' } });
    expect((await h.gql(bob, '{ me { sub } }')).data).toEqual({ me: { sub: 'bob' } });
    expect((await h.gql(bob, '{ me { sub } }')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
