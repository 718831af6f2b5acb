/**
 * A surge of referrals for `harbour bench surge` and the surge e2e test: the
 * mix of one coordinated operation (issue 5: Operation Pentameter 2 found 167
 * victims at once). Deterministic: item i is always the same referral.
 *
 * Most people prefer the first region given (where the operation happened), so
 * spreading them across regions is the assignment's work; some are men, some
 * have children, some are minors, some exclude a region or may only go to two,
 * some need step-free access.
 */
export interface SurgeReferralInput {
  agencyReference: string;
  initials: string;
  ageBand: string;
  gender: string;
  languages: string[];
  exploitationTypes: string[];
  dependants: { ageBand: string; gender?: string | null }[];
  accessibilityNeeds: string[];
  exclusionRegions: string[];
  preferredRegions: string[];
  acceptableRegions: string[];
  urgency: string;
  consentGiven: boolean | null;
}

/**
 * `count` referral inputs for createReferral/bulkCreateReferrals.
 * @param regions - region codes of the network (at least one); regions[0] is where the operation took place.
 * @param tag - makes agency references unique per call (e.g. a random hex string).
 */
export function surgeReferrals(count: number, regions: readonly string[], tag: string): SurgeReferralInput[] {
  if (regions.length === 0) throw new Error('surgeReferrals needs at least one region');
  const at = (k: number) => regions[k % regions.length];
  return Array.from({ length: count }, (_, i) => {
    const minor = i % 17 === 5;
    const children = i % 9 === 0 ? 2 : i % 4 === 1 ? 1 : 0;
    return {
      agencyReference: `SURGE-${tag}-${String(i).padStart(3, '0')}`,
      initials: 'XY',
      ageBand: minor ? 'UNDER_18' : i % 3 === 0 ? 'AGE_18_24' : 'AGE_25_34',
      gender: i % 5 === 2 ? 'MALE' : i % 23 === 7 ? 'NON_BINARY' : 'FEMALE',
      languages: i % 2 === 0 ? ['ro'] : ['en'],
      exploitationTypes: i % 3 === 1 ? ['LABOUR'] : ['SEXUAL'],
      dependants: minor ? [] : Array.from({ length: children }, () => ({ ageBand: 'UNDER_18' })),
      accessibilityNeeds: i % 13 === 3 ? ['STEP_FREE'] : [],
      exclusionRegions: regions.length > 2 && i % 6 === 4 ? [at(1)] : [],
      preferredRegions: i % 10 === 9 && regions.length > 1 ? [at(2)] : [at(0)],
      acceptableRegions: regions.length > 4 && i % 11 === 6 ? [at(3), at(4)] : [],
      urgency: i % 7 === 0 ? 'EMERGENCY' : i % 3 === 0 ? 'URGENT' : 'ROUTINE',
      consentGiven: minor ? null : true,
    };
  });
}
