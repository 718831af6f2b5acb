import { HoldStatus, Role } from '@harbour/domain';
import { AccessReason, ForbiddenError } from '@harbour/platform';
import { Principal } from './principal';

/**
 * Role and scope checks shared by every service (docs/architecture.md, Who uses it):
 * coordinators do everything; shelter staff act on their own shelters; referral
 * officers act on their own agency's referrals; the worker acts as SERVICE.
 */

/** Throws FORBIDDEN unless the principal has one of `roles`. */
export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) {
    throw new ForbiddenError(AccessReason.ROLE_NOT_ALLOWED, `This needs one of the roles ${roles.join(', ')}; you are ${p.role}`);
  }
}

/** Coordinators, the worker, and staff of this shelter may change it. */
export function canManageShelter(p: Principal, shelterId: string): boolean {
  return p.role === Role.COORDINATOR || p.role === Role.SERVICE || (p.role === Role.SHELTER_STAFF && p.shelterIds.includes(shelterId));
}

/** Throws FORBIDDEN unless `canManageShelter`. */
export function requireShelterManager(p: Principal, shelterId: string): void {
  if (!canManageShelter(p, shelterId)) throw new ForbiddenError(AccessReason.OTHER_SHELTER, 'You may only act on your own shelters');
}

/** May see a shelter's location (address, postcode, coordinates) and layout (rooms, beds)? */
export function canSeeShelterLocation(p: Principal, shelterId: string): boolean {
  return p.role === Role.COORDINATOR || (p.role === Role.SHELTER_STAFF && p.shelterIds.includes(shelterId));
}

/** Coordinators, the worker, and officers of the referring agency act on a referral. */
export function canActForAgency(p: Principal, agencyId: string): boolean {
  return p.role === Role.COORDINATOR || p.role === Role.SERVICE || (p.role === Role.REFERRAL_OFFICER && p.agencyId === agencyId);
}

/** Hold states through which a shelter's staff see the referral (offered to them, or placed with them). */
export const HOLD_STATES_SHOWING_REFERRAL: readonly HoldStatus[] = [HoldStatus.ACTIVE, HoldStatus.CONFIRMED];

/**
 * May `p` read this referral? Coordinators and the worker any; officers their
 * agency's; shelter staff one held or placed at one of their shelters (given
 * the referral's holds). The one rule behind ReferralService, QueryService and
 * the API's field resolvers.
 */
export function canSeeReferral(p: Principal, referral: { agencyId: string }, holds: readonly { shelterId: string; status: HoldStatus }[]): boolean {
  if (canActForAgency(p, referral.agencyId)) return true;
  if (p.role !== Role.SHELTER_STAFF) return false;
  return holds.some((h) => p.shelterIds.includes(h.shelterId) && HOLD_STATES_SHOWING_REFERRAL.includes(h.status));
}

/** May `p` read this placement? Coordinators and the worker any; staff their shelters'; officers their agency's (given its referral). */
export function canSeePlacement(p: Principal, placement: { shelterId: string }, referral: { agencyId: string } | null): boolean {
  if (p.role === Role.COORDINATOR || p.role === Role.SERVICE) return true;
  if (p.role === Role.SHELTER_STAFF) return p.shelterIds.includes(placement.shelterId);
  return p.role === Role.REFERRAL_OFFICER && !!referral && referral.agencyId === p.agencyId;
}
