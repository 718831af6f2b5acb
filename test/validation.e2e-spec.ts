/**
 * Bad input is refused with a typed error naming the field, and loses nothing:
 * no partial writes, never a 500 or a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { Harbour } from './support/harbour-harness';
import { Network, smallNetwork } from './support/fixtures';

describe('input validation', () => {
  let h: Harbour;
  let net: Network;
  beforeAll(async () => {
    h = await Harbour.start('validation', { worker: false });
    net = await smallNetwork(h, { beds: 1 });
  });
  afterAll(async () => h?.close());

  const counts = async () =>
    (
      await h.db.query(`SELECT (SELECT count(*) FROM referral)::int AS referrals, (SELECT count(*) FROM bed)::int AS beds,
                              (SELECT count(*) FROM outbox_event)::int AS events`)
    )[0];

  function expectBadInput(r: { status: number; errors?: any[] }, field: RegExp) {
    expect(r.errors?.length).toBeGreaterThan(0);
    const e = r.errors![0];
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(e.extensions?.code);
    expect(`${e.extensions?.field ?? ''} ${e.message}`).toMatch(field);
    expect(JSON.stringify(r.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    expect(r.status).toBeLessThan(500);
  }

  const REFERRAL = {
    agencyReference: 'OK-1',
    initials: 'CD',
    ageBand: 'AGE_18_24',
    gender: 'FEMALE',
    consentGiven: true,
  };
  const CREATE = 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }';

  it('rejects a negative or zero bed count naming the field', async () => {
    const before = await counts();
    for (const count of [-3, 0, 51]) {
      const r = await h.gql(net.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
        i: { shelterId: net.shelterId, roomLabel: 'A', count },
      });
      expectBadInput(r, /count/);
    }
    expect(await counts()).toEqual(before);
  });

  it('rejects a 10,000-item list naming the field, and writes nothing', async () => {
    const before = await counts();
    const dependants = Array.from({ length: 10_000 }, () => ({ ageBand: 'UNDER_18' }));
    expectBadInput(await h.gql(net.officer, CREATE, { i: { ...REFERRAL, dependants } }), /dependants/);
    const languages = Array.from({ length: 10_000 }, (_, i) => `l${i}`);
    expectBadInput(await h.gql(net.officer, CREATE, { i: { ...REFERRAL, languages } }), /languages/);
    expect(await counts()).toEqual(before);
  });

  it('rejects bad fields of a referral, naming each', async () => {
    const before = await counts();
    expectBadInput(await h.gql(net.officer, CREATE, { i: { ...REFERRAL, initials: 'Jane Doe' } }), /initials/);
    expectBadInput(await h.gql(net.officer, CREATE, { i: { ...REFERRAL, ageBand: 'FORTY' } }), /ageBand|AgeBand/);
    expectBadInput(await h.gql(net.officer, CREATE, { i: { ...REFERRAL, exclusionRegions: ['X'], preferredRegions: ['X'] } }), /preferredRegions/);
    expect(await counts()).toEqual(before);
  });

  it('names the input path of a type or coercion error (extensions.field), in variables and in literals, and writes nothing', async () => {
    const before = await counts();
    const [{ shelters }] = await h.db.query('SELECT count(*)::int AS shelters FROM shelter');
    const SHELTER = 'mutation($s: CreateShelterInput!) { createShelter(input: $s) { id } }';
    const shelter = { codeName: 'TYPED-1', regionCode: net.regionCode, genderPolicy: 'WOMEN_ONLY', acceptsMinors: true };
    const fieldOf = (r: { status: number; errors?: any[] }) => {
      expect(r.errors).toHaveLength(1);
      expect(r.status).toBeLessThan(500);
      return [r.errors![0].extensions?.code, r.errors![0].extensions?.field];
    };
    // Variables (the variable's own name does not matter: the field is the argument's path).
    expect(fieldOf(await h.gql(net.coordinator, SHELTER, { s: { ...shelter, adultMaxAge: 1.5 } }))).toEqual(['BAD_USER_INPUT', 'input.adultMaxAge']);
    expect(fieldOf(await h.gql(net.coordinator, SHELTER, { s: { ...shelter, genderPolicy: 'ANYONE' } }))).toEqual(['BAD_USER_INPUT', 'input.genderPolicy']);
    expect(fieldOf(await h.gql(net.coordinator, SHELTER, { s: { codeName: 'TYPED-2', genderPolicy: 'MIXED' } }))).toEqual([
      'BAD_USER_INPUT',
      'input.regionCode',
    ]);
    expect(fieldOf(await h.gql(net.officer, CREATE, { i: { ...REFERRAL, dependants: [{ ageBand: 'UNDER_18' }, { ageBand: 'OLD' }] } }))).toEqual([
      'BAD_USER_INPUT',
      'input.dependants.1.ageBand',
    ]);
    // Literals in the document (refused by validation before anything runs).
    const literal = (fields: string) => `mutation { createShelter(input: { codeName: "TYPED-3", regionCode: "${net.regionCode}", ${fields} }) { id } }`;
    expect(fieldOf(await h.gql(net.coordinator, literal('genderPolicy: MIXED, acceptsMinors: true, adultMaxAge: 1.5')))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
      'input.adultMaxAge',
    ]);
    expect(fieldOf(await h.gql(net.coordinator, literal('genderPolicy: ANYONE')))).toEqual(['GRAPHQL_VALIDATION_FAILED', 'input.genderPolicy']);
    expect(fieldOf(await h.gql(net.coordinator, literal('acceptsMinors: true')))).toEqual(['GRAPHQL_VALIDATION_FAILED', 'input.genderPolicy']);
    // Harbour's own field names are kept as they were (class-validator: the pipe names the field).
    expect(fieldOf(await h.gql(net.coordinator, SHELTER, { s: { ...shelter, adultMaxAge: 12 } }))).toEqual(['BAD_USER_INPUT', 'input.adultMaxAge']);
    expect(await counts()).toEqual(before);
    expect((await h.db.query('SELECT count(*)::int AS shelters FROM shelter'))[0].shelters).toBe(shelters);
  });

  it('rejects a duplicate agency reference with CONFLICT and keeps the first', async () => {
    await h.ok(net.officer, CREATE, { i: { ...REFERRAL, agencyReference: 'DUP-1' } });
    const r = await h.gql(net.officer, CREATE, { i: { ...REFERRAL, agencyReference: 'DUP-1' } });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM referral WHERE agency_reference = 'DUP-1'`);
    expect(n).toBe(1);
  });

  it('rejects unknown ids with NOT_FOUND and a page size over the cap with BAD_USER_INPUT', async () => {
    const r = await h.gql(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
      i: { bedId: randomUUID(), status: 'OUT_OF_SERVICE', reason: 'x' },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expectBadInput(await h.gql(net.coordinator, '{ referrals(first: 101) { totalCount } }'), /first/);
    // Far over the cap, the cost limit refuses it before any resolver runs.
    expectBadInput(await h.gql(net.coordinator, '{ referrals(first: 10000) { totalCount } }'), /first|Cost limit/);
    expectBadInput(await h.gql(net.coordinator, '{ referrals(first: -1) { totalCount } }'), /first/);
  });

  it('refuses an out-of-service bed without a reason, and a hand-set HELD status', async () => {
    const bedId = net.bedIds[0];
    expectBadInput(
      await h.gql(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', { i: { bedId, status: 'OUT_OF_SERVICE' } }),
      /reason/,
    );
    expectBadInput(await h.gql(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', { i: { bedId, status: 'HELD' } }), /status/);
    const [{ status }] = await h.db.query(`SELECT status FROM bed WHERE id = $1`, [bedId]);
    expect(status).toBe('AVAILABLE');
  });
});

describe('HTTP body limits', () => {
  let h: Harbour;
  beforeAll(async () => {
    h = await Harbour.start('bodylimit', { worker: false });
  });
  afterAll(async () => h?.close());

  it('answers an oversized or malformed body with a JSON error, never an HTML page or stack', async () => {
    const token = await h.token({ role: 'COORDINATOR' });
    const big = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { sub } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      errors: [{ message: expect.stringMatching(/larger than/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    const bad = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    const body = await bad.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body).not.toMatch(/at .*\.js:\d+/);
  });
});
