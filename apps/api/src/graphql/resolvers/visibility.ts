import { canActForAgency, PlacementEntity, Principal, ReferralEntity } from '@harbour/core';
import { HoldStatus, Role } from '@harbour/domain';
import { Loaders } from '../../loaders/loaders';

/**
 * Field-level visibility, checked on loaded (batched) data so field resolvers
 * never query per row. Mirrors ReferralService.canSee: coordinators any
 * referral; officers their agency's; shelter staff those with an ACTIVE or
 * CONFIRMED hold at one of their shelters.
 */
export async function canSeeReferral(p: Principal, referral: ReferralEntity, loaders: Loaders): Promise<boolean> {
  if (canActForAgency(p, referral.agencyId)) return true;
  if (p.role !== Role.SHELTER_STAFF || p.shelterIds.length === 0) return false;
  const holds = await loaders.holdsByReferral.load(referral.id);
  return holds.some(
    (h) => p.shelterIds.includes(h.shelterId) && (h.status === HoldStatus.ACTIVE || h.status === HoldStatus.CONFIRMED),
  );
}

/** A referral by id if `p` may see it, else null (never says whether it exists). */
export async function visibleReferral(p: Principal, id: string, loaders: Loaders): Promise<ReferralEntity | null> {
  const referral = await loaders.referral.load(id);
  return referral && (await canSeeReferral(p, referral, loaders)) ? referral : null;
}

/** Coordinators any placement; staff their shelters'; officers their agency's. */
export async function canSeePlacement(p: Principal, placement: PlacementEntity, loaders: Loaders): Promise<boolean> {
  if (p.role === Role.COORDINATOR || p.role === Role.SERVICE) return true;
  if (p.role === Role.SHELTER_STAFF) return p.shelterIds.includes(placement.shelterId);
  const referral = await loaders.referral.load(placement.referralId);
  return !!referral && p.role === Role.REFERRAL_OFFICER && referral.agencyId === p.agencyId;
}

/** Rooms and beds of a shelter: coordinators and its own staff (officers need only the code name and contact line). */
export function canSeeShelterLayout(p: Principal, shelterId: string): boolean {
  return p.role === Role.COORDINATOR || (p.role === Role.SHELTER_STAFF && p.shelterIds.includes(shelterId));
}
