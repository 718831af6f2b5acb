/**
 * Test builders for the simulator (not exported from `@harbour/simulation`):
 * `@harbour/simulation/testing/builders`.
 */
import { DAY, DEFAULT_SCENARIO_OPTIONS, Scenario, SimReferral } from '../scenario';

/** A hand-made scenario: the given referrals over `spanDays`, no outages or residents unless given in `extra`. */
export function scenarioOf(referrals: SimReferral[], spanDays: number, extra: Partial<Scenario> = {}): Scenario {
  return {
    spanSeconds: spanDays * DAY,
    referrals,
    outages: [],
    residents: [],
    outOfScope: 0,
    inScopeRatePerDay: 0,
    meanHouseholdSize: 1,
    options: { ...DEFAULT_SCENARIO_OPTIONS, seed: 1 },
    ...extra,
  };
}
