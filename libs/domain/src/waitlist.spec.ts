import fc from 'fast-check';
import { Urgency } from './model';
import { compareWaitlistEntries, urgencyRank, waitlistPriority } from './waitlist';

const e = (id: string, urgency: Urgency, joinedAt: string) => ({ id, urgency, joinedAt: new Date(joinedAt) });

describe('urgencyRank / waitlistPriority', () => {
  it('EMERGENCY 3, URGENT 2, ROUTINE 1', () => {
    expect([Urgency.EMERGENCY, Urgency.URGENT, Urgency.ROUTINE].map(urgencyRank)).toEqual([3, 2, 1]);
  });
  it('the stored priority orders like the rank', () => {
    for (const u of Object.values(Urgency)) expect(waitlistPriority(u)).toBe(urgencyRank(u));
  });
  it('rejects an unknown urgency naming urgency', () => {
    expect(() => urgencyRank('SOMEDAY' as Urgency)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'urgency' }));
  });
});

describe('compareWaitlistEntries', () => {
  it('higher urgency first, even if it joined later', () => {
    const routine = e('a', Urgency.ROUTINE, '2026-01-01T00:00:00Z');
    const emergency = e('b', Urgency.EMERGENCY, '2026-03-01T00:00:00Z');
    expect([routine, emergency].sort(compareWaitlistEntries).map((x) => x.id)).toEqual(['b', 'a']);
  });
  it('same urgency: longer wait (earlier joinedAt) first', () => {
    const late = e('a', Urgency.URGENT, '2026-03-02T00:00:00Z');
    const early = e('z', Urgency.URGENT, '2026-03-01T00:00:00Z');
    expect([late, early].sort(compareWaitlistEntries).map((x) => x.id)).toEqual(['z', 'a']);
  });
  it('same urgency and time: by id', () => {
    const t = '2026-03-01T00:00:00Z';
    expect([e('b', Urgency.ROUTINE, t), e('a', Urgency.ROUTINE, t)].sort(compareWaitlistEntries).map((x) => x.id)).toEqual(['a', 'b']);
    expect(compareWaitlistEntries(e('a', Urgency.ROUTINE, t), e('a', Urgency.ROUTINE, t))).toBe(0);
  });
  it('rejects an invalid joinedAt naming joinedAt', () => {
    expect(() => compareWaitlistEntries(e('a', Urgency.ROUTINE, 'x'), e('b', Urgency.ROUTINE, '2026-01-01'))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'joinedAt' }),
    );
  });
  it('property: a total order (antisymmetric, and sorting is independent of input order)', () => {
    const entry = fc.record({
      id: fc.string({ maxLength: 3 }),
      urgency: fc.constantFrom(...Object.values(Urgency)),
      joinedAt: fc.integer({ min: 0, max: 10 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 3600_000)),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), (xs) => {
        for (const a of xs) for (const b of xs) expect(Math.sign(compareWaitlistEntries(a, b))).toBe(-Math.sign(compareWaitlistEntries(b, a)) || 0);
        const key = (x: (typeof xs)[number]) => `${x.urgency}|${x.joinedAt.getTime()}|${x.id}`;
        expect([...xs].sort(compareWaitlistEntries).map(key)).toEqual([...xs].reverse().sort(compareWaitlistEntries).map(key));
      }),
    );
  });
});
