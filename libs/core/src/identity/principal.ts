import { Role } from '@harbour/domain';

/**
 * The authenticated caller, from a verified bearer token. Shelter staff carry
 * the shelters they work at; referral officers carry their agency.
 */
export interface Principal {
  /** Token subject: a stable, non-personal user id. */
  sub: string;
  role: Role;
  /** SHELTER_STAFF only: the shelters this user may act for. */
  shelterIds: string[];
  /** REFERRAL_OFFICER only: the agency this user acts for. */
  agencyId: string | null;
  /** Client address, for the audit trail. */
  ip?: string | null;
}

/** The worker's own identity when it acts (hold expiry, waitlist offers). */
export const SERVICE_PRINCIPAL: Principal = {
  sub: 'service:worker',
  role: Role.SERVICE,
  shelterIds: [],
  agencyId: null,
};
