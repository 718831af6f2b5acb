import { Role } from '@harbour/domain';
import { loadConfig } from '@harbour/platform';
import { claimAt, ClaimMappingError, claimsMappingOf, HARBOUR_CLAIMS, mapClaims } from './claims-mapping';

const SHELTER = '11111111-2222-4333-8444-555555555555';
const SHELTER2 = '66666666-7777-4888-9999-000000000000';
const AGENCY = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/** The reason and claim of the refusal, or 'accepted'. */
function refusal(payload: Record<string, unknown>, mapping = HARBOUR_CLAIMS): { reason: string; claim: string } | 'accepted' {
  try {
    mapClaims(payload, mapping);
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ClaimMappingError)) throw e;
    return { reason: e.reason, claim: e.claim };
  }
}

describe('claims mapping', () => {
  it("reads Harbour's own claims by default (development tokens and identity providers that use the same names)", () => {
    expect(mapClaims({ role: 'COORDINATOR' }, HARBOUR_CLAIMS)).toEqual({ role: Role.COORDINATOR, shelterIds: [], agencyId: null });
    expect(mapClaims({ role: 'SHELTER_STAFF', shelterIds: [SHELTER, SHELTER.toUpperCase(), SHELTER2] }, HARBOUR_CLAIMS)).toEqual({
      role: Role.SHELTER_STAFF,
      shelterIds: [SHELTER, SHELTER2],
      agencyId: null,
    });
    expect(mapClaims({ role: 'REFERRAL_OFFICER', agencyId: AGENCY, shelterIds: [SHELTER] }, HARBOUR_CLAIMS)).toEqual({
      role: Role.REFERRAL_OFFICER,
      shelterIds: [],
      agencyId: AGENCY,
    });
    // A coordinator's stray scope claims give it no scope.
    expect(mapClaims({ role: 'COORDINATOR', agencyId: AGENCY }, HARBOUR_CLAIMS).agencyId).toBeNull();
  });

  it('maps Keycloak-style nested role lists and attribute claims through the configuration', () => {
    const mapping = claimsMappingOf(
      loadConfig({
        JWT_ROLE_CLAIM: 'realm_access.roles',
        JWT_ROLE_VALUES: 'harbour-staff=SHELTER_STAFF, harbour-officer=REFERRAL_OFFICER,harbour-coordinator=COORDINATOR',
        JWT_SHELTER_IDS_CLAIM: 'harbour_shelters',
        JWT_AGENCY_ID_CLAIM: 'harbour_agency',
      }),
    );
    // The provider's other roles (offline_access, …) are ignored; a single-valued attribute may come as a string or a list of one.
    expect(mapClaims({ realm_access: { roles: ['offline_access', 'harbour-staff', 'uma_authorization'] }, harbour_shelters: SHELTER }, mapping)).toEqual({
      role: Role.SHELTER_STAFF,
      shelterIds: [SHELTER],
      agencyId: null,
    });
    expect(mapClaims({ realm_access: { roles: ['harbour-officer'] }, harbour_agency: [AGENCY] }, mapping)).toEqual({
      role: Role.REFERRAL_OFFICER,
      shelterIds: [],
      agencyId: AGENCY,
    });
    // With a value map, Harbour's role names are not accepted as is.
    expect(refusal({ realm_access: { roles: ['COORDINATOR'] } }, mapping)).toEqual({ reason: 'ROLE_UNMAPPED', claim: 'realm_access.roles' });
  });

  it('refuses a token whose role claim is missing, unmapped, of the wrong type or ambiguous, naming the claim', () => {
    expect(refusal({})).toEqual({ reason: 'ROLE_UNMAPPED', claim: 'role' });
    expect(refusal({ role: 'SERVICE' })).toEqual({ reason: 'ROLE_UNMAPPED', claim: 'role' });
    expect(refusal({ role: 'coordinator' })).toEqual({ reason: 'ROLE_UNMAPPED', claim: 'role' });
    expect(refusal({ role: 42 })).toEqual({ reason: 'ROLE_UNMAPPED', claim: 'role' });
    expect(refusal({ role: { name: 'COORDINATOR' } })).toEqual({ reason: 'ROLE_UNMAPPED', claim: 'role' });
    expect(refusal({ role: ['COORDINATOR', 'AUDITOR'] })).toEqual({ reason: 'ROLE_AMBIGUOUS', claim: 'role' });
    // The same role twice is one role.
    expect(refusal({ role: ['AUDITOR', 'AUDITOR'] })).toBe('accepted');
  });

  it("refuses a shelter staff token without shelters or with a bad id, and an officer's without exactly one agency", () => {
    expect(refusal({ role: 'SHELTER_STAFF' })).toEqual({ reason: 'CLAIM_INVALID', claim: 'shelterIds' });
    expect(refusal({ role: 'SHELTER_STAFF', shelterIds: [] })).toEqual({ reason: 'CLAIM_INVALID', claim: 'shelterIds' });
    expect(refusal({ role: 'SHELTER_STAFF', shelterIds: ['shelter-1'] })).toEqual({ reason: 'CLAIM_INVALID', claim: 'shelterIds' });
    expect(refusal({ role: 'SHELTER_STAFF', shelterIds: Array.from({ length: 201 }, () => SHELTER) })).toEqual({
      reason: 'CLAIM_INVALID',
      claim: 'shelterIds',
    });
    expect(refusal({ role: 'REFERRAL_OFFICER' })).toEqual({ reason: 'CLAIM_INVALID', claim: 'agencyId' });
    expect(refusal({ role: 'REFERRAL_OFFICER', agencyId: null })).toEqual({ reason: 'CLAIM_INVALID', claim: 'agencyId' });
    expect(refusal({ role: 'REFERRAL_OFFICER', agencyId: [AGENCY, AGENCY] })).toEqual({ reason: 'CLAIM_INVALID', claim: 'agencyId' });
    expect(refusal({ role: 'REFERRAL_OFFICER', agencyId: 'police' })).toEqual({ reason: 'CLAIM_INVALID', claim: 'agencyId' });
  });

  it('finds a claim by a dotted path, or by a name that itself has dots (URL-named claims)', () => {
    expect(claimAt({ a: { b: { c: 'x' } } }, 'a.b.c')).toBe('x');
    expect(claimAt({ 'https://harbour.example/role': 'COORDINATOR' }, 'https://harbour.example/role')).toBe('COORDINATOR');
    expect(claimAt({ a: ['b'] }, 'a.0')).toBeUndefined();
    expect(claimAt({ a: 1 }, 'a.b')).toBeUndefined();
    expect(claimAt({}, 'constructor')).toBeUndefined();
  });
});
