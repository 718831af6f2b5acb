/**
 * Role and scope checks on the API: officers see only their agency's
 * referrals, staff act only on their own shelters, nobody acts without a token,
 * and officers never see a shelter's location.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

describe('access control', () => {
  let h: Harbour;
  let a: Network;
  let b: Network;
  beforeAll(async () => {
    h = await Harbour.start('access', { worker: false });
    a = await smallNetwork(h, { beds: 2 });
    b = await smallNetwork(h, { beds: 1 });
  });
  afterAll(async () => h?.close());

  const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

  it('an officer cannot see or act on another agency’s referral', async () => {
    const referralId = await createReferral(h, a.officer);
    const seen = await h.gql(b.officer, 'query($id: ID!) { referral(id: $id) { id initials } }', { id: referralId });
    expect(code(seen)).toBe('NOT_FOUND');
    expect(seen.data?.referral ?? null).toBeNull();
    const list = await h.ok<{ referrals: any }>(b.officer, '{ referrals(first: 50) { totalCount } }');
    expect(list.referrals.totalCount).toBe(0);
    expect(code(await h.gql(b.officer, REQUEST_PLACEMENT, { id: referralId }))).toBe('NOT_FOUND');
    expect(code(await h.gql(b.officer, 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', { id: referralId }))).toBe('NOT_FOUND');
    // The owning agency still sees it.
    const own = await h.ok<{ referral: any }>(a.officer, 'query($id: ID!) { referral(id: $id) { id initials } }', { id: referralId });
    expect(own.referral).toEqual({ id: referralId, initials: 'AB' });
  });

  it('staff change only their own shelters’ beds, and cannot tell another shelter’s ids from unknown ones', async () => {
    const r = await h.gql(b.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
      i: { bedId: a.bedIds[0], status: 'OUT_OF_SERVICE', reason: 'leak' },
    });
    expect(code(r)).toBe('NOT_FOUND');
    const add = await h.gql(b.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
      i: { shelterId: a.shelterId, roomLabel: 'X', count: 1 },
    });
    expect(code(add)).toBe('NOT_FOUND');
    const update = await h.gql(b.staff, 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }', {
      id: a.shelterId,
      i: { contactLine: 'x' },
    });
    expect(code(update)).toBe('NOT_FOUND');
    // Staff may not redirect their own shelter's notifications (only coordinators set webhooks).
    const hook = await h.gql(a.staff, 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }', {
      id: a.shelterId,
      i: { webhookUrl: 'http://127.0.0.1:6379/' },
    });
    expect(code(hook)).toBe('FORBIDDEN');
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM bed WHERE shelter_id = $1`, [a.shelterId]);
    expect(n).toBe(2);
  });

  it('officers and staff cannot do coordinators’ work', async () => {
    for (const token of [a.officer, a.staff]) {
      const r = await h.gql(token, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
        i: { category: 'ALL', threshold: 1 },
      });
      expect(code(r)).toBe('FORBIDDEN');
    }
  });

  it('requires a valid token', async () => {
    expect(code(await h.gql(null, '{ me { sub } }'))).toBe('UNAUTHENTICATED');
    expect(code(await h.gql('not-a-jwt', '{ me { sub } }'))).toBe('UNAUTHENTICATED');
    const expired = await h.token({ role: Role.COORDINATOR }, '-1h');
    expect(code(await h.gql(expired, '{ me { sub } }'))).toBe('UNAUTHENTICATED');
    const officerWithoutAgency = await h.token({ role: Role.REFERRAL_OFFICER });
    expect(code(await h.gql(officerWithoutAgency, '{ me { sub } }'))).toBe('UNAUTHENTICATED');
    // Issued 25 hours ago with a far-off expiry: refused (tokens live 24 h at most).
    const old = await new SignJWT({ role: 'COORDINATOR', shelterIds: [], agencyId: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 25 * 3600)
      .setExpirationTime('100y')
      .sign(new TextEncoder().encode(h.config.JWT_SECRET));
    expect(code(await h.gql(old, '{ me { sub } }'))).toBe('UNAUTHENTICATED');
  });

  it('an officer sees the held shelter’s code name, region and contact line, never its address', async () => {
    const referralId = await createReferral(h, a.officer, { acceptableRegions: [a.regionCode] });
    const r = await h.ok<{ requestPlacement: any }>(a.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(r.requestPlacement.__typename).toBe('HoldOffered');
    const q = `query($id: ID!) { referral(id: $id) { activeHold { shelter { codeName regionCode contactLine address postcode latitude longitude } } } }`;
    // The location fields are null, each with a typed FORBIDDEN error (access matrix: officers DENY).
    const officerResult = await h.gql<{ referral: any }>(a.officer, q, { id: referralId });
    expect(officerResult.errors?.map((e) => [e.path?.at(-1), e.extensions?.code]).sort()).toEqual([
      ['address', 'FORBIDDEN'],
      ['latitude', 'FORBIDDEN'],
      ['longitude', 'FORBIDDEN'],
      ['postcode', 'FORBIDDEN'],
    ]);
    const officerView = officerResult.data!;
    expect(officerView.referral.activeHold.shelter).toMatchObject({
      regionCode: a.regionCode,
      contactLine: '0800 000 000',
      address: null,
      postcode: null,
      latitude: null,
      longitude: null,
    });
    const staffView = await h.ok<{ referral: any }>(a.staff, q, { id: referralId });
    expect(staffView.referral.activeHold.shelter).toMatchObject({ address: '1 Secret Street', postcode: 'AB1 2CD' });
    // Officers cannot list shelters at all.
    expect(code(await h.gql(a.officer, '{ shelters(first: 5) { totalCount } }'))).toBe('FORBIDDEN');
    expect(code(await h.gql(b.officer, 'query($id: ID!) { shelter(id: $id) { codeName } }', { id: a.shelterId }))).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  it('unknown ids are NOT_FOUND', async () => {
    expect(code(await h.gql(a.officer, 'query($id: ID!) { referral(id: $id) { id } }', { id: randomUUID() }))).toBe('NOT_FOUND');
    expect(code(await h.gql(a.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', { i: { holdId: randomUUID() } }))).toBe(
      'NOT_FOUND',
    );
  });
});
