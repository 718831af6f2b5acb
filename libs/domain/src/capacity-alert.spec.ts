import fc from 'fast-check';
import { CapacityAlertAction, evaluateCapacityAlert, validateAlertThresholds } from './capacity-alert';

/** Feeds a sequence of free-bed counts through the rule, tracking whether an alert is open. */
function run(t: { threshold: number; resolveAt?: number }, counts: number[]): CapacityAlertAction[] {
  let open = false;
  return counts.map((n) => {
    const a = evaluateCapacityAlert(t, n, open);
    if (a === 'OPEN') open = true;
    if (a === 'RESOLVE') open = false;
    return a;
  });
}

describe('validateAlertThresholds', () => {
  it('resolveAt defaults to threshold + 1', () => {
    expect(validateAlertThresholds({ threshold: 2 })).toEqual({ threshold: 2, resolveAt: 3 });
    expect(validateAlertThresholds({ threshold: 2, resolveAt: null })).toEqual({ threshold: 2, resolveAt: 3 });
  });
  it('keeps an explicit resolveAt above the threshold', () => {
    expect(validateAlertThresholds({ threshold: 2, resolveAt: 5 })).toEqual({ threshold: 2, resolveAt: 5 });
  });
  it.each([0, -1, 1.5, NaN])('rejects threshold %p naming threshold', (threshold) => {
    expect(() => validateAlertThresholds({ threshold })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'threshold' }));
  });
  it.each([2, 1, 3.5])('rejects resolveAt %p (must be an integer > threshold 2) naming resolveAt', (resolveAt) => {
    expect(() => validateAlertThresholds({ threshold: 2, resolveAt })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'resolveAt' }));
  });
});

describe('evaluateCapacityAlert (hysteresis)', () => {
  const t = { threshold: 2 }; // open below 2, resolve at 3 or more
  it('opens when free beds drop below the threshold and none is open', () => {
    expect(evaluateCapacityAlert(t, 1, false)).toBe('OPEN');
    expect(evaluateCapacityAlert(t, 0, false)).toBe('OPEN');
  });
  it('does not open at the threshold itself', () => {
    expect(evaluateCapacityAlert(t, 2, false)).toBe('NONE');
  });
  it('does not open a second alert while one is open', () => {
    expect(evaluateCapacityAlert(t, 0, true)).toBe('NONE');
  });
  it('resolves only at resolveAt or above', () => {
    expect(evaluateCapacityAlert(t, 2, true)).toBe('NONE');
    expect(evaluateCapacityAlert(t, 3, true)).toBe('RESOLVE');
    expect(evaluateCapacityAlert(t, 9, true)).toBe('RESOLVE');
  });
  it('a count flapping between threshold-1 and threshold opens once and never repeats', () => {
    expect(run(t, [3, 1, 2, 1, 2, 1, 2, 1])).toEqual(['NONE', 'OPEN', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE']);
  });
  it('opens again only after a resolve', () => {
    expect(run(t, [1, 3, 1, 2, 3])).toEqual(['OPEN', 'RESOLVE', 'OPEN', 'NONE', 'RESOLVE']);
  });
  it('a wider band (resolveAt 5) holds the alert open until 5 beds are free', () => {
    expect(run({ threshold: 2, resolveAt: 5 }, [1, 2, 3, 4, 5, 4, 1])).toEqual(['OPEN', 'NONE', 'NONE', 'NONE', 'RESOLVE', 'NONE', 'OPEN']);
  });
  it('rejects a negative or fractional freeBeds naming freeBeds', () => {
    expect(() => evaluateCapacityAlert(t, -1, false)).toThrow(expect.objectContaining({ field: 'freeBeds' }));
    expect(() => evaluateCapacityAlert(t, 1.5, false)).toThrow(expect.objectContaining({ field: 'freeBeds' }));
  });
  it('property: on any sequence, OPEN and RESOLVE strictly alternate, starting with OPEN', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 }),
        (threshold, gap, counts) => {
          const actions = run({ threshold, resolveAt: threshold + gap }, counts).filter((a) => a !== 'NONE');
          actions.forEach((a, i) => expect(a).toBe(i % 2 === 0 ? 'OPEN' : 'RESOLVE'));
        },
      ),
    );
  });
  it('property: while open, the state matches the last action; an alert is open whenever beds are below the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 }), (threshold, counts) => {
        let open = false;
        for (const n of counts) {
          const a = evaluateCapacityAlert({ threshold }, n, open);
          if (a === 'OPEN') open = true;
          if (a === 'RESOLVE') open = false;
          if (n < threshold) expect(open).toBe(true);
          if (n >= threshold + 1) expect(open).toBe(false);
        }
      }),
    );
  });
});
