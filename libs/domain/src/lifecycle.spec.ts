import { DomainError } from './errors';
import {
  HOLD_TRANSITIONS,
  HoldStatus,
  PlacementStatus,
  REFERRAL_TRANSITIONS,
  ReferralStatus,
  assertHoldTransition,
  assertManualBedStatusChange,
  assertPlacementTransition,
  assertReferralTransition,
  canTransitionHold,
  canTransitionReferral,
  isTerminalReferralStatus,
} from './lifecycle';
import { BedStatus } from './model';

const R = ReferralStatus;
const allPairs = <S extends string>(values: S[]) => values.flatMap((a) => values.map((b) => [a, b] as [S, S]));

describe('referral lifecycle', () => {
  const allowed: [ReferralStatus, ReferralStatus][] = [
    [R.OPEN, R.WAITLISTED],
    [R.OPEN, R.HELD],
    [R.OPEN, R.WITHDRAWN],
    [R.WAITLISTED, R.HELD],
    [R.WAITLISTED, R.WITHDRAWN],
    [R.WAITLISTED, R.OPEN],
    [R.HELD, R.PLACED],
    [R.HELD, R.OPEN],
    [R.HELD, R.WAITLISTED],
    [R.HELD, R.WITHDRAWN],
    [R.PLACED, R.EXITED],
  ];
  const key = ([a, b]: [string, string]) => `${a}->${b}`;
  const allowedKeys = new Set(allowed.map(key));

  it.each(allowed)('allows %s -> %s', (from, to) => {
    expect(canTransitionReferral(from, to)).toBe(true);
    expect(() => assertReferralTransition(from, to)).not.toThrow();
  });

  it.each(allPairs(Object.values(R)).filter((p) => !allowedKeys.has(key(p))))('refuses %s -> %s with INVALID_TRANSITION', (from, to) => {
    expect(canTransitionReferral(from, to)).toBe(false);
    expect(() => assertReferralTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('the table is exactly the allowed list', () => {
    const fromTable = Object.entries(REFERRAL_TRANSITIONS).flatMap(([a, bs]) => bs.map((b) => `${a}->${b}`));
    expect(new Set(fromTable)).toEqual(allowedKeys);
  });

  it('EXITED and WITHDRAWN are terminal, and the message says so', () => {
    expect(Object.values(R).filter(isTerminalReferralStatus)).toEqual([R.EXITED, R.WITHDRAWN]);
    expect(() => assertReferralTransition(R.EXITED, R.OPEN)).toThrow(/referral cannot go from EXITED to OPEN \(EXITED is terminal\)/);
  });

  it('the message lists what is allowed', () => {
    try {
      assertReferralTransition(R.PLACED, R.OPEN);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).message).toBe('referral cannot go from PLACED to OPEN (allowed from PLACED: EXITED)');
    }
  });
});

describe('hold lifecycle', () => {
  it.each([HoldStatus.CONFIRMED, HoldStatus.DECLINED, HoldStatus.EXPIRED, HoldStatus.CANCELLED])('ACTIVE -> %s is allowed', (to) => {
    expect(() => assertHoldTransition(HoldStatus.ACTIVE, to)).not.toThrow();
  });
  it('every final state is terminal; ACTIVE -> ACTIVE is refused', () => {
    for (const [from, to] of allPairs(Object.values(HoldStatus))) {
      if (from === HoldStatus.ACTIVE && to !== HoldStatus.ACTIVE) continue;
      expect(canTransitionHold(from, to)).toBe(false);
      expect(() => assertHoldTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    }
    expect(HOLD_TRANSITIONS[HoldStatus.EXPIRED]).toEqual([]);
  });
});

describe('placement lifecycle', () => {
  it('ACTIVE -> ENDED only', () => {
    expect(() => assertPlacementTransition(PlacementStatus.ACTIVE, PlacementStatus.ENDED)).not.toThrow();
    expect(() => assertPlacementTransition(PlacementStatus.ENDED, PlacementStatus.ACTIVE)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});

describe('assertManualBedStatusChange: staff switch only AVAILABLE <-> OUT_OF_SERVICE', () => {
  const ok: [BedStatus, BedStatus][] = [
    [BedStatus.AVAILABLE, BedStatus.OUT_OF_SERVICE],
    [BedStatus.OUT_OF_SERVICE, BedStatus.AVAILABLE],
    ...Object.values(BedStatus).map((s) => [s, s] as [BedStatus, BedStatus]),
  ];
  const okKeys = new Set(ok.map(([a, b]) => `${a}->${b}`));
  it.each(ok)('allows %s -> %s (same status is a no-op)', (from, to) => {
    expect(() => assertManualBedStatusChange(from, to)).not.toThrow();
  });
  it.each(allPairs(Object.values(BedStatus)).filter(([a, b]) => !okKeys.has(`${a}->${b}`)))(
    'refuses %s -> %s by hand (HELD/OCCUPIED come only from holds and placements)',
    (from, to) => {
      expect(() => assertManualBedStatusChange(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    },
  );
  it('explains why', () => {
    expect(() => assertManualBedStatusChange(BedStatus.OCCUPIED, BedStatus.AVAILABLE)).toThrow(/freed only by its hold or placement/);
    expect(() => assertManualBedStatusChange(BedStatus.AVAILABLE, BedStatus.HELD)).toThrow(/HELD is set only by holds and placements/);
  });
});
