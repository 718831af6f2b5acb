import { EntityManager } from 'typeorm';
import { NotFoundError } from '@harbour/platform';
import { ReferralEntity } from '../referrals/referral.entity';
import { HoldEntity } from './hold.entity';
import { PlacementEntity } from './placement.entity';

/**
 * Row locks (SELECT … FOR UPDATE) the placement lifecycle takes inside its
 * transaction. Each throws NOT_FOUND naming the entity and id when the row does
 * not exist.
 */
export async function lockReferral(em: EntityManager, id: string): Promise<ReferralEntity> {
  const referral = await em.getRepository(ReferralEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!referral) throw new NotFoundError('Referral', id);
  return referral;
}

/** Locks one hold row; NOT_FOUND if there is none. */
export async function lockHold(em: EntityManager, id: string): Promise<HoldEntity> {
  const hold = await em.getRepository(HoldEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!hold) throw new NotFoundError('Hold', id);
  return hold;
}

/** Locks one placement row; NOT_FOUND if there is none. */
export async function lockPlacement(em: EntityManager, id: string): Promise<PlacementEntity> {
  const placement = await em.getRepository(PlacementEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!placement) throw new NotFoundError('Placement', id);
  return placement;
}
