import type { ObservedMix } from '@harbour/core/reports/observed-mix';
import { AccessibilityFeature, GenderPolicy, ShelterStatus, Urgency } from '@harbour/domain';
import type { ReferralMix } from './nrm-mix';
import { MIN_OBSERVED_REFERRALS, observedInputs } from './observed';
import { drawScenario } from './scenario';
import { SimNetwork } from './network';

const NRM: ReferralMix = {
  year: 2024,
  referrals: 19_125,
  childShare: 0.4,
  maleShare: 0.75,
  exploitation: { LABOUR: 0.5, CRIMINAL: 0.2, SEXUAL: 0.2, DOMESTIC_SERVITUDE: 0.05, OTHER: 0.05 },
  sources: { children: 2024 },
};

const seen = (over: Partial<ObservedMix>): ObservedMix => ({
  from: '2026-01-01',
  to: '2026-03-31',
  days: 90,
  referrals: 45,
  referralsPerDay: 0.5,
  childShare: 0.2,
  maleShare: null,
  nonBinaryShare: 0,
  exploitation: null,
  familyShareFemale: 0.1,
  familyShareMale: null,
  accessibilityShare: 0.05,
  urgency: { EMERGENCY: 0.5, URGENT: 0.5, ROUTINE: 0 },
  declineShare: 0.3,
  noShowShare: null,
  meanStayDays: null,
  regions: ['AK-500'],
  ...over,
});

describe('observedInputs', () => {
  it('takes what the history measured and falls back, figure by figure, to the NRM mix and the defaults', () => {
    const { mix, options, sources } = observedInputs(seen({}), NRM);
    expect(mix).toMatchObject({ year: 2026, referrals: 45, childShare: 0.2, maleShare: 0.75, exploitation: NRM.exploitation });
    expect(options).toEqual({
      referralsPerDay: 0.5,
      nonBinaryShare: 0,
      familyShareFemale: 0.1,
      wheelchairShare: 0.05,
      declineShare: 0.3,
      urgency: { [Urgency.EMERGENCY]: 0.5, [Urgency.URGENT]: 0.5, [Urgency.ROUTINE]: 0 },
    });
    expect(sources).toMatchObject({
      childShare: 'history',
      maleShare: 'fallback',
      exploitation: 'fallback',
      noShowShare: 'fallback',
      meanStayDays: 'fallback',
      referralsPerDay: 'history',
    });
    expect(mix.observed).toEqual({ from: '2026-01-01', to: '2026-03-31', referrals: 45, sources });
  });

  it('refuses a history too small to be a mix', () => {
    expect(() => observedInputs(seen({ referrals: MIN_OBSERVED_REFERRALS - 1 }), NRM)).toThrow(RangeError);
  });

  it('draws referrals at the observed rate, whatever the load', () => {
    const network: SimNetwork = {
      name: 'one house',
      regions: ['AK-500'],
      shelters: [
        {
          id: 'S1',
          profile: {
            status: ShelterStatus.OPEN,
            regionCode: 'AK-500',
            genderPolicy: GenderPolicy.MIXED,
            acceptsFamilies: true,
            acceptsMinors: true,
            adultMaxAge: 24,
            languages: ['en'],
            specialisms: [],
          },
        },
      ],
      rooms: Array.from({ length: 20 }, (_, i) => ({ id: `R${i}`, shelterId: 'S1', beds: 4, accessibilityFeatures: [AccessibilityFeature.WHEELCHAIR] })),
    };
    const { mix, options } = observedInputs(seen({ referralsPerDay: 2 }), NRM);
    const a = drawScenario(network, mix, { seed: 1, spanDays: 200, load: 0.1, ...options });
    const b = drawScenario(network, mix, { seed: 1, spanDays: 200, load: 5, ...options });
    expect(a.referrals.length + a.outOfScope).toBe(b.referrals.length + b.outOfScope);
    // 2 a day over 200 days: 400 expected (Poisson; the seed fixes the draw).
    expect(a.referrals.length + a.outOfScope).toBeGreaterThan(340);
    expect(a.referrals.length + a.outOfScope).toBeLessThan(460);
  });
});
