/**
 * Capacity alerts with hysteresis (docs/architecture.md, Main flows 8: alerts "open,
 * notify, and resolve with hysteresis, never flapping or repeating").
 *
 * An alert opens when free beds drop BELOW `threshold` and resolves only when
 * they climb back to at least `resolveAt` (> threshold). Between the two
 * nothing changes, so a count flapping between threshold-1 and threshold opens
 * one alert and never repeats it.
 */
import { DomainError } from './errors';

/** Thresholds of an alert rule, in beds. `resolveAt` defaults to threshold + 1. */
export interface AlertThresholds {
  threshold: number;
  resolveAt?: number | null;
}

/** Validated thresholds, with `resolveAt` filled in. */
export interface ResolvedAlertThresholds {
  threshold: number;
  resolveAt: number;
}

/** What to do with an alert rule after a bed change. */
export type CapacityAlertAction = 'OPEN' | 'RESOLVE' | 'NONE';

/**
 * Validates alert thresholds: `threshold` an integer >= 1; `resolveAt` an
 * integer > threshold (default threshold + 1).
 * @throws DomainError INVALID_INPUT naming `threshold` or `resolveAt`
 */
export function validateAlertThresholds(t: AlertThresholds): ResolvedAlertThresholds {
  const { threshold } = t;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1) {
    throw new DomainError('INVALID_INPUT', 'threshold must be an integer >= 1 (beds)', 'threshold');
  }
  const resolveAt = t.resolveAt ?? threshold + 1;
  if (typeof resolveAt !== 'number' || !Number.isInteger(resolveAt) || resolveAt <= threshold) {
    throw new DomainError('INVALID_INPUT', `resolveAt must be an integer greater than threshold (${threshold})`, 'resolveAt');
  }
  return { threshold, resolveAt };
}

/**
 * Decides an alert rule's next step from the current free-bed count.
 * - 'OPEN' when `freeBeds < threshold` and no alert is open;
 * - 'RESOLVE' when an alert is open and `freeBeds >= resolveAt`;
 * - 'NONE' otherwise.
 * @param freeBeds - integer >= 0, AVAILABLE beds in the rule's region and category
 * @throws DomainError INVALID_INPUT (`threshold`, `resolveAt`, `freeBeds`)
 */
export function evaluateCapacityAlert(t: AlertThresholds, freeBeds: number, alertOpen: boolean): CapacityAlertAction {
  const { threshold, resolveAt } = validateAlertThresholds(t);
  if (typeof freeBeds !== 'number' || !Number.isInteger(freeBeds) || freeBeds < 0) {
    throw new DomainError('INVALID_INPUT', 'freeBeds must be an integer >= 0', 'freeBeds');
  }
  if (!alertOpen && freeBeds < threshold) return 'OPEN';
  if (alertOpen && freeBeds >= resolveAt) return 'RESOLVE';
  return 'NONE';
}
