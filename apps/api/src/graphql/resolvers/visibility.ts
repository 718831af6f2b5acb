import { canSeePlacement as placementRule, canSeeReferral as referralRule, PlacementEntity, Principal, ReferralEntity } from '@harbour/core';
import { Role } from '@harbour/domain';
import { Loaders } from '../../loaders/loaders';

/**
 * Field-level visibility for resolvers: the rules of libs/core identity/access.ts
 * applied to batched data from the request's DataLoaders, so no field resolver
 * queries per row.
 */
export async function canSeeReferral(p: Principal, referral: ReferralEntity, loaders: Loaders): Promise<boolean> {
  const holds = p.role === Role.SHELTER_STAFF ? await loaders.holdsByReferral.load(referral.id) : [];
  return referralRule(p, referral, holds);
}

/** A referral by id if `p` may see it, else null (never says whether it exists). */
export async function visibleReferral(p: Principal, id: string, loaders: Loaders): Promise<ReferralEntity | null> {
  const referral = await loaders.referral.load(id);
  return referral && (await canSeeReferral(p, referral, loaders)) ? referral : null;
}

/** Coordinators any placement; staff their shelters'; officers their agency's. */
export async function canSeePlacement(p: Principal, placement: PlacementEntity, loaders: Loaders): Promise<boolean> {
  const referral = p.role === Role.REFERRAL_OFFICER ? await loaders.referral.load(placement.referralId) : null;
  return placementRule(p, placement, referral);
}
