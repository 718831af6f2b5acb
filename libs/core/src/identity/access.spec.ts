import { HoldStatus, Role } from '@harbour/domain';
import { canSeePlacement, canSeeReferral, canSeeShelterLocation } from './access';
import { Principal } from './principal';

const who = (role: Role, extra: Partial<Principal> = {}): Principal => ({ sub: 's', role, shelterIds: [], agencyId: null, ...extra });
const referral = { agencyId: 'agency-a' };

describe('who may see a referral', () => {
  it('coordinators and the worker: any', () => {
    expect(canSeeReferral(who(Role.COORDINATOR), referral, [])).toBe(true);
    expect(canSeeReferral(who(Role.SERVICE), referral, [])).toBe(true);
  });
  it('officers: only their agency’s', () => {
    expect(canSeeReferral(who(Role.REFERRAL_OFFICER, { agencyId: 'agency-a' }), referral, [])).toBe(true);
    expect(canSeeReferral(who(Role.REFERRAL_OFFICER, { agencyId: 'agency-b' }), referral, [])).toBe(false);
  });
  it('staff: only while it is offered to or placed at one of their shelters', () => {
    const staff = who(Role.SHELTER_STAFF, { shelterIds: ['s1'] });
    for (const status of [HoldStatus.ACTIVE, HoldStatus.CONFIRMED]) {
      expect(canSeeReferral(staff, referral, [{ shelterId: 's1', status }])).toBe(true);
    }
    for (const status of [HoldStatus.DECLINED, HoldStatus.EXPIRED, HoldStatus.CANCELLED]) {
      expect(canSeeReferral(staff, referral, [{ shelterId: 's1', status }])).toBe(false);
    }
    expect(canSeeReferral(staff, referral, [{ shelterId: 's2', status: HoldStatus.ACTIVE }])).toBe(false);
  });
});

describe('who may see a placement, and a shelter’s location', () => {
  it('placements: coordinators any, staff their shelters’, officers their agency’s', () => {
    expect(canSeePlacement(who(Role.COORDINATOR), { shelterId: 's1' }, null)).toBe(true);
    expect(canSeePlacement(who(Role.SHELTER_STAFF, { shelterIds: ['s1'] }), { shelterId: 's1' }, null)).toBe(true);
    expect(canSeePlacement(who(Role.SHELTER_STAFF, { shelterIds: ['s2'] }), { shelterId: 's1' }, referral)).toBe(false);
    expect(canSeePlacement(who(Role.REFERRAL_OFFICER, { agencyId: 'agency-a' }), { shelterId: 's1' }, referral)).toBe(true);
    expect(canSeePlacement(who(Role.REFERRAL_OFFICER, { agencyId: 'agency-b' }), { shelterId: 's1' }, referral)).toBe(false);
  });
  it('locations: coordinators and that shelter’s staff only, never officers or the worker', () => {
    expect(canSeeShelterLocation(who(Role.COORDINATOR), 's1')).toBe(true);
    expect(canSeeShelterLocation(who(Role.SHELTER_STAFF, { shelterIds: ['s1'] }), 's1')).toBe(true);
    expect(canSeeShelterLocation(who(Role.SHELTER_STAFF, { shelterIds: ['s2'] }), 's1')).toBe(false);
    expect(canSeeShelterLocation(who(Role.REFERRAL_OFFICER, { agencyId: 'agency-a' }), 's1')).toBe(false);
    expect(canSeeShelterLocation(who(Role.SERVICE), 's1')).toBe(false);
  });
});
