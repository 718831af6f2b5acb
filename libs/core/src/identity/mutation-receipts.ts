import { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, RequestReason, ValidationReason } from '@harbour/platform';
import { Principal } from './principal';
import { MutationReceiptEntity } from './mutation-receipt.entity';

/**
 * Runs `work` once per (actor, mutation, clientMutationId): a retried request
 * with the same id gets the first result back instead of acting twice. Without a
 * clientMutationId, `work` simply runs. Must be called inside the transaction
 * that does the work, so the receipt commits with it.
 * @param request - the request's own input; a reused clientMutationId with a
 *   different request is refused (CONFLICT) rather than answered with the other one's result.
 * @returns the first run's result, read back as stored (JSON).
 * @throws ConflictError when the id was used for a different request.
 */
export async function onceForClientMutationId<T>(
  em: EntityManager,
  p: Principal,
  mutation: string,
  clientMutationId: string | null | undefined,
  request: Record<string, unknown>,
  work: () => Promise<T>,
  toStored: (result: T) => unknown,
  fromStored: (stored: unknown) => Promise<T>,
): Promise<T> {
  if (!clientMutationId) return work();
  if (clientMutationId.length > 100) {
    throw new BadUserInputError(ValidationReason.TOO_LONG, 'clientMutationId is at most 100 characters', 'input.clientMutationId');
  }
  const key = `${p.sub}|${mutation}|${clientMutationId}`;
  // Serialise concurrent retries of the same request on the receipt key.
  await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  const fingerprint = JSON.stringify(request);
  const existing = await em.getRepository(MutationReceiptEntity).findOneBy({ key });
  if (existing) {
    const stored = existing.result as { request: string; result: unknown };
    if (stored.request !== fingerprint) {
      throw new ConflictError(
        RequestReason.CLIENT_MUTATION_ID_REUSED,
        `clientMutationId ${clientMutationId} was already used for a different ${mutation} request`,
        {
          field: 'input.clientMutationId',
        },
      );
    }
    return fromStored(stored.result);
  }
  const result = await work();
  await em.insert(MutationReceiptEntity, { key, result: { request: fingerprint, result: toStored(result) } as object });
  return result;
}
