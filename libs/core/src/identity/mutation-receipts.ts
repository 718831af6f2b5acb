import { EntityManager } from 'typeorm';
import { BadUserInputError } from '@harbour/platform';
import { Principal } from './principal';
import { MutationReceiptEntity } from './mutation-receipt.entity';

/**
 * Runs `work` once per (actor, mutation, clientMutationId): a retried request
 * with the same id gets the first result back instead of acting twice. Without a
 * clientMutationId, `work` simply runs. Must be called inside the transaction
 * that does the work, so the receipt commits with it.
 * @returns the first run's result, read back as stored (JSON).
 */
export async function onceForClientMutationId<T>(
  em: EntityManager,
  p: Principal,
  mutation: string,
  clientMutationId: string | null | undefined,
  work: () => Promise<T>,
  toStored: (result: T) => unknown,
  fromStored: (stored: unknown) => Promise<T>,
): Promise<T> {
  if (!clientMutationId) return work();
  if (clientMutationId.length > 100) {
    throw new BadUserInputError('clientMutationId is at most 100 characters', 'input.clientMutationId');
  }
  const key = `${p.sub}|${mutation}|${clientMutationId}`;
  // Serialise concurrent retries of the same request on the receipt key.
  await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  const existing = await em.getRepository(MutationReceiptEntity).findOneBy({ key });
  if (existing) return fromStored(existing.result);
  const result = await work();
  await em.insert(MutationReceiptEntity, { key, result: toStored(result) as object });
  return result;
}
