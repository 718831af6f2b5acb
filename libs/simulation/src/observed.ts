import type { ObservedMix } from '@harbour/core/reports/observed-mix';
import { Urgency } from '@harbour/domain';
import type { ReferralMix } from './nrm-mix';
import type { ScenarioOptions } from './scenario';

/** Fewest referrals in the history the simulator will take as a mix (fewer: a few people, not a mix). */
export const MIN_OBSERVED_REFERRALS = 20;

/**
 * The simulator's inputs from Harbour's own history (`harbour simulate --mix
 * observed`): the referral mix and the scenario knobs the history measures,
 * each falling back to `fallback` (the NRM mix) or the scenario default where
 * the history has nothing to measure, and the arrival rate observed
 * (`referralsPerDay`, which replaces `--load`). `sources` names, per figure,
 * whether it came from the history or the fallback.
 * @throws RangeError with fewer than {@link MIN_OBSERVED_REFERRALS} referrals
 */
export function observedInputs(
  observed: ObservedMix,
  fallback: ReferralMix,
): { mix: ReferralMix; options: Partial<ScenarioOptions>; sources: Record<string, 'history' | 'fallback'> } {
  if (observed.referrals < MIN_OBSERVED_REFERRALS) {
    throw new RangeError(
      `the history has ${observed.referrals} referrals from ${observed.from} to ${observed.to}; at least ${MIN_OBSERVED_REFERRALS} are needed for a mix`,
    );
  }
  const sources: Record<string, 'history' | 'fallback'> = {};
  const pick = <T>(name: string, value: T | null, otherwise: T): T => {
    sources[name] = value === null ? 'fallback' : 'history';
    return value ?? otherwise;
  };
  const mix: ReferralMix = {
    year: Number(observed.to.slice(0, 4)),
    referrals: observed.referrals,
    childShare: pick('childShare', observed.childShare, fallback.childShare),
    maleShare: pick('maleShare', observed.maleShare, fallback.maleShare),
    exploitation: pick('exploitation', observed.exploitation, fallback.exploitation),
    sources: { ...fallback.sources },
    observed: { from: observed.from, to: observed.to, referrals: observed.referrals, sources },
  };
  const options: Partial<ScenarioOptions> = { referralsPerDay: observed.referralsPerDay };
  sources.referralsPerDay = 'history';
  const set = <K extends keyof ScenarioOptions>(name: K, value: ScenarioOptions[K] | null) => {
    sources[name] = value === null ? 'fallback' : 'history';
    if (value !== null) options[name] = value;
  };
  set('nonBinaryShare', observed.nonBinaryShare);
  set('familyShareFemale', observed.familyShareFemale);
  set('familyShareMale', observed.familyShareMale);
  set('wheelchairShare', observed.accessibilityShare);
  set('declineShare', observed.declineShare);
  set('noShowShare', observed.noShowShare);
  set('meanStayDays', observed.meanStayDays);
  set(
    'urgency',
    observed.urgency && {
      [Urgency.EMERGENCY]: observed.urgency.EMERGENCY,
      [Urgency.URGENT]: observed.urgency.URGENT,
      [Urgency.ROUTINE]: observed.urgency.ROUTINE,
    },
  );
  return { mix, options, sources };
}
