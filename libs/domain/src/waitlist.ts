/**
 * Waitlist ordering (docs/architecture.md, Main flows 7): higher urgency first, then the
 * longest wait, then id as a deterministic tie-break.
 */
import { DomainError } from './errors';
import { Urgency } from './model';

/** Numeric rank of an urgency: EMERGENCY 3, URGENT 2, ROUTINE 1 (higher = sooner). */
export function urgencyRank(u: Urgency): number {
  switch (u) {
    case Urgency.EMERGENCY:
      return 3;
    case Urgency.URGENT:
      return 2;
    case Urgency.ROUTINE:
      return 1;
    default:
      throw new DomainError('INVALID_INPUT', `unknown urgency: ${String(u)}`, 'urgency');
  }
}

/**
 * The priority to store on a waitlist entry (an integer column). Equal to
 * {@link urgencyRank}, so `ORDER BY priority DESC, joined_at ASC, id ASC` in SQL
 * gives the same order as {@link compareWaitlistEntries}.
 * @throws DomainError INVALID_INPUT (`urgency`) for an unknown urgency
 */
export function waitlistPriority(urgency: Urgency): number {
  return urgencyRank(urgency);
}

/** The fields of a waitlist entry that decide its place in the queue. */
export interface WaitlistOrderKey {
  urgency: Urgency;
  joinedAt: Date;
  id: string;
}

/**
 * Comparator for `Array.prototype.sort`: negative if `a` goes before `b`.
 * Order: higher urgency first; then earlier `joinedAt` (longer wait); then `id`
 * ascending (code-unit order).
 * @throws DomainError INVALID_INPUT (`joinedAt`) for an invalid Date
 */
export function compareWaitlistEntries(a: WaitlistOrderKey, b: WaitlistOrderKey): number {
  const byUrgency = urgencyRank(b.urgency) - urgencyRank(a.urgency);
  if (byUrgency !== 0) return byUrgency;
  const ta = a.joinedAt instanceof Date ? a.joinedAt.getTime() : NaN;
  const tb = b.joinedAt instanceof Date ? b.joinedAt.getTime() : NaN;
  if (Number.isNaN(ta) || Number.isNaN(tb)) {
    throw new DomainError('INVALID_INPUT', 'joinedAt must be a valid Date', 'joinedAt');
  }
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
