import { Role } from '@harbour/domain';
import { ForbiddenError, HarbourConfig } from '@harbour/platform';
import { DataSource } from 'typeorm';
import { Principal } from '../identity/principal';
import { QueryService } from './query.service';

/**
 * The read side fails closed: a role the list does not name (an auditor, the
 * worker's SERVICE identity, or a role added later) is refused before any SQL
 * runs, instead of falling through to an unfiltered query. The data source is
 * never reached, so none is given: a query would throw a TypeError, not FORBIDDEN.
 */
describe('QueryService fails closed for roles a list does not name', () => {
  const q = new QueryService(undefined as unknown as DataSource, {} as HarbourConfig);
  const principal = (role: Role): Principal => ({ sub: 'u', role, shelterIds: [], agencyId: null });

  it.each([Role.AUDITOR, Role.SERVICE])('%s: holds, placements and referrals are FORBIDDEN', async (role) => {
    await expect(q.holds(principal(role), { first: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(q.placements(principal(role), { first: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(q.referrals(principal(role), { first: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('an unknown role string is FORBIDDEN too', async () => {
    await expect(q.holds(principal('INTRUDER' as Role), { first: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
