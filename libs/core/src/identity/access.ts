import { Role } from '@harbour/domain';
import { ForbiddenError } from '@harbour/platform';
import { Principal } from './principal';

/**
 * Role and scope checks shared by every service (DESIGN.md, "Who uses it"):
 * coordinators do everything; shelter staff act on their own shelters; referral
 * officers act on their own agency's referrals; the worker acts as SERVICE.
 */

/** Throws FORBIDDEN unless the principal has one of `roles`. */
export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) {
    throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}; you are ${p.role}`);
  }
}

/** Coordinators, the worker, and staff of this shelter may change it. */
export function canManageShelter(p: Principal, shelterId: string): boolean {
  return (
    p.role === Role.COORDINATOR ||
    p.role === Role.SERVICE ||
    (p.role === Role.SHELTER_STAFF && p.shelterIds.includes(shelterId))
  );
}

/** Throws FORBIDDEN unless `canManageShelter`. */
export function requireShelterManager(p: Principal, shelterId: string): void {
  if (!canManageShelter(p, shelterId)) throw new ForbiddenError('You may only act on your own shelters');
}

/** May see the full details of a shelter (address, postcode, coordinates)? */
export function canSeeShelterLocation(p: Principal, shelterId: string): boolean {
  return p.role === Role.COORDINATOR || (p.role === Role.SHELTER_STAFF && p.shelterIds.includes(shelterId));
}

/** Coordinators, the worker, and officers of the referring agency act on a referral. */
export function canActForAgency(p: Principal, agencyId: string): boolean {
  return (
    p.role === Role.COORDINATOR ||
    p.role === Role.SERVICE ||
    (p.role === Role.REFERRAL_OFFICER && p.agencyId === agencyId)
  );
}
