import fc from 'fast-check';
import {
  DEFAULT_RECOVERY_PERIOD_DAYS,
  DEFAULT_TIME_ZONE,
  addDays,
  dayOfPeriod,
  daysBetween,
  localDate,
  localDateTimeToInstant,
  nextRecoveryPeriod,
  parseCalendarDate,
  recoveryPeriod,
  reminderDueAt,
  reminderSchedule,
} from './recovery-period';

const iso = (d: Date) => d.toISOString();

describe('constants', () => {
  it('default period is 45 days (England & Wales) in Europe/London', () => {
    expect(DEFAULT_RECOVERY_PERIOD_DAYS).toBe(45);
    expect(DEFAULT_TIME_ZONE).toBe('Europe/London');
  });
});

describe('parseCalendarDate: strict YYYY-MM-DD, real dates only', () => {
  it.each(['2026-03-01', '2028-02-29', '2026-12-31', '2000-02-29'])('accepts %s', (s) => {
    expect(parseCalendarDate(s, 'startDate')).toBe(s);
  });
  it.each([
    '2026-02-30',
    '2027-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-04-31',
    '2026-00-10',
    '2026-3-1',
    '2026-03-01T00:00',
    ' 2026-03-01',
    '20260301',
    '',
    'tomorrow',
  ])('rejects %p with INVALID_INPUT naming the field', (s) => {
    expect(() => parseCalendarDate(s, 'startDate')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'startDate' }));
  });
  it('rejects a non-string', () => {
    expect(() => parseCalendarDate(20260301 as unknown as string, 'd')).toThrow(expect.objectContaining({ field: 'd' }));
  });
});

describe('addDays / daysBetween: calendar days, never 24-hour multiples', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('crosses clock changes without drifting a day', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });
  it('daysBetween is signed b - a', () => {
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysBetween('2026-03-01', '2026-04-14')).toBe(44);
    expect(daysBetween('2026-04-14', '2026-03-01')).toBe(-44);
  });
  it('rejects a fractional n and a bad date', () => {
    expect(() => addDays('2026-03-01', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'n' }));
    expect(() => addDays('2026-02-30', 1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'date' }));
    expect(() => daysBetween('2026-03-01', 'x')).toThrow(expect.objectContaining({ field: 'b' }));
  });
  it('property: daysBetween(d, addDays(d, n)) = n', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -1000, max: 1000 }),
        (d, n) => {
          const s = d.toISOString().slice(0, 10);
          expect(daysBetween(s, addDays(s, n))).toBe(n);
        },
      ),
    );
  });
});

describe('localDate: the calendar date on a wall clock in the zone', () => {
  it('late evening UTC in summer is already the next day in London (BST)', () => {
    expect(localDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(localDate(new Date('2026-06-30T23:30:00Z'), 'UTC')).toBe('2026-06-30');
  });
  it('in winter London is on UTC', () => {
    expect(localDate(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
  });
  it('rejects an invalid Date or zone', () => {
    expect(() => localDate(new Date('nope'))).toThrow(expect.objectContaining({ field: 'instant' }));
    expect(() => localDate(new Date(), 'Mars/Olympus')).toThrow(expect.objectContaining({ field: 'zone' }));
  });
});

describe('recoveryPeriod: day 1 is the start date, day N the (inclusive) end date', () => {
  it('a 45-day period starting 2026-03-01 ends 2026-04-14', () => {
    expect(recoveryPeriod('2026-03-01', 45)).toEqual({ startDate: '2026-03-01', endDate: '2026-04-14', lengthDays: 45 });
  });
  it('a 1-day period ends on its start date', () => {
    expect(recoveryPeriod('2026-03-01', 1).endDate).toBe('2026-03-01');
  });
  it('a 30-day period (ECAT minimum) across 29 February 2028 counts the leap day', () => {
    expect(recoveryPeriod('2028-02-15', 30).endDate).toBe('2028-03-15');
    expect(recoveryPeriod('2027-02-15', 30).endDate).toBe('2027-03-16');
  });
  it('a period starting on the leap day 2028-02-29', () => {
    const p = recoveryPeriod('2028-02-29', 45);
    expect(p.endDate).toBe('2028-04-13');
    expect(dayOfPeriod(p, '2028-02-29')).toBe(1);
    expect(dayOfPeriod(p, '2028-03-01')).toBe(2);
  });
  it('a 90-day (Scotland) period across both 2026 clock changes is still 90 calendar days', () => {
    const p = recoveryPeriod('2026-03-01', 90);
    expect(p.endDate).toBe('2026-05-29');
    expect(daysBetween(p.startDate, p.endDate)).toBe(89);
  });
  it.each([0, -1, 366, 1.5, NaN])('rejects lengthDays %p naming lengthDays', (n) => {
    expect(() => recoveryPeriod('2026-03-01', n)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'lengthDays' }));
  });
  it('accepts 365 days', () => {
    expect(recoveryPeriod('2026-01-01', 365).endDate).toBe('2026-12-31');
  });
  it('rejects an invalid start date naming startDate', () => {
    expect(() => recoveryPeriod('2026-02-30', 45)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'startDate' }));
  });
  it('property: endDate - startDate = N - 1 and dayOfPeriod(endDate) = N for every date and length', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 365 }),
        (d, n) => {
          const p = recoveryPeriod(d.toISOString().slice(0, 10), n);
          expect(daysBetween(p.startDate, p.endDate)).toBe(n - 1);
          expect(dayOfPeriod(p, p.endDate)).toBe(n);
          expect(dayOfPeriod(p, p.startDate)).toBe(1);
        },
      ),
    );
  });
});

describe('nextRecoveryPeriod: an extension starts the day after the previous end', () => {
  it('45 days from 2026-03-01, then 45 more start 2026-04-15 and end 2026-05-29', () => {
    const first = recoveryPeriod('2026-03-01', 45);
    expect(nextRecoveryPeriod(first, 45)).toEqual({ startDate: '2026-04-15', endDate: '2026-05-29', lengthDays: 45 });
  });
  it('property: consecutive periods leave no gap and no overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 1, max: 365 }), fc.integer({ min: 1, max: 365 }), (offset, n, m) => {
        const first = recoveryPeriod(addDays('1990-01-01', offset), n);
        const next = nextRecoveryPeriod(first, m);
        expect(daysBetween(first.endDate, next.startDate)).toBe(1);
      }),
    );
  });
});

describe('dayOfPeriod: 1-based, may fall outside 1..N', () => {
  const p = recoveryPeriod('2026-03-01', 45);
  it('is 1 on the start date, 45 on the end date, 0 the day before, 46 the day after', () => {
    expect(dayOfPeriod(p, '2026-03-01')).toBe(1);
    expect(dayOfPeriod(p, '2026-04-14')).toBe(45);
    expect(dayOfPeriod(p, '2026-02-28')).toBe(0);
    expect(dayOfPeriod(p, '2026-04-15')).toBe(46);
  });
});

describe('localDateTimeToInstant: wall-clock time in a zone', () => {
  it('09:00 London is 09:00Z in GMT and 08:00Z in BST', () => {
    expect(iso(localDateTimeToInstant('2026-03-28', '09:00'))).toBe('2026-03-28T09:00:00.000Z');
    expect(iso(localDateTimeToInstant('2026-03-29', '09:00'))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(localDateTimeToInstant('2026-10-25', '09:00'))).toBe('2026-10-25T09:00:00.000Z');
  });
  it('a non-existent time in the spring-forward gap (01:30 on 2026-03-29) moves forward to 02:30 BST = 01:30Z', () => {
    expect(iso(localDateTimeToInstant('2026-03-29', '01:30', 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z');
  });
  it('an ambiguous time at fall-back (01:30 on 2026-10-25) resolves to the GMT reading = 01:30Z', () => {
    expect(iso(localDateTimeToInstant('2026-10-25', '01:30', 'Europe/London'))).toBe('2026-10-25T01:30:00.000Z');
  });
  it('works in other zones', () => {
    expect(iso(localDateTimeToInstant('2026-07-01', '09:00', 'America/New_York'))).toBe('2026-07-01T13:00:00.000Z');
  });
  it.each(['9:00', '24:00', '09:60', '0900', '09:00:00', ''])('rejects time %p naming time', (t) => {
    expect(() => localDateTimeToInstant('2026-03-01', t)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'time' }));
  });
  it('rejects an unknown zone naming zone', () => {
    expect(() => localDateTimeToInstant('2026-03-01', '09:00', 'Europe/Atlantis')).toThrow(expect.objectContaining({ field: 'zone' }));
  });
});

describe('reminderDueAt: localTime on (endDate - offsetDays), stays local across clock changes', () => {
  it('defaults to 09:00 Europe/London', () => {
    expect(iso(reminderDueAt('2026-04-14', 0))).toBe('2026-04-14T08:00:00.000Z');
    expect(iso(reminderDueAt('2026-04-14', 7))).toBe('2026-04-07T08:00:00.000Z');
  });
  it('honours a custom local time and zone', () => {
    expect(iso(reminderDueAt('2026-01-10', 1, '17:30', 'Europe/London'))).toBe('2026-01-09T17:30:00.000Z');
    expect(iso(reminderDueAt('2026-01-10', 0, '09:00', 'UTC'))).toBe('2026-01-10T09:00:00.000Z');
  });
  it('rejects a negative or fractional offset, and a bad end date', () => {
    expect(() => reminderDueAt('2026-04-14', -1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'offsetDays' }));
    expect(() => reminderDueAt('2026-04-14', 0.5)).toThrow(expect.objectContaining({ field: 'offsetDays' }));
    expect(() => reminderDueAt('2026-04-31', 0)).toThrow(expect.objectContaining({ field: 'endDate' }));
  });
});

describe('reminderSchedule', () => {
  it('a period across the March clock change (ends 2026-04-02): 7-day reminder in GMT at 09:00Z, others in BST at 08:00Z', () => {
    const p = recoveryPeriod('2026-02-17', 45);
    expect(p.endDate).toBe('2026-04-02');
    expect(reminderSchedule(p).map((r) => [r.offsetDays, r.dueDate, iso(r.dueAt)])).toEqual([
      [7, '2026-03-26', '2026-03-26T09:00:00.000Z'],
      [2, '2026-03-31', '2026-03-31T08:00:00.000Z'],
      [0, '2026-04-02', '2026-04-02T08:00:00.000Z'],
    ]);
  });
  it('a period across the October clock change (ends 2026-10-27): 7-day reminder in BST at 08:00Z, others in GMT at 09:00Z', () => {
    const p = recoveryPeriod('2026-09-13', 45);
    expect(p.endDate).toBe('2026-10-27');
    expect(reminderSchedule(p).map((r) => [r.offsetDays, r.dueDate, iso(r.dueAt)])).toEqual([
      [7, '2026-10-20', '2026-10-20T08:00:00.000Z'],
      [2, '2026-10-25', '2026-10-25T09:00:00.000Z'],
      [0, '2026-10-27', '2026-10-27T09:00:00.000Z'],
    ]);
  });
  it('reminders on the clock-change days themselves stay at 09:00 local', () => {
    expect(iso(reminderSchedule({ endDate: '2026-03-29' }, [0])[0].dueAt)).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(reminderSchedule({ endDate: '2026-10-25' }, [0])[0].dueAt)).toBe('2026-10-25T09:00:00.000Z');
  });
  it('a period across 29 February 2028 counts the leap day in reminder dates', () => {
    const p = recoveryPeriod('2028-01-20', 45);
    expect(p.endDate).toBe('2028-03-04');
    expect(reminderSchedule(p).map((r) => r.dueDate)).toEqual(['2028-02-26', '2028-03-02', '2028-03-04']);
  });
  it('deduplicates offsets and sorts by dueAt whatever the input order', () => {
    const r = reminderSchedule({ endDate: '2026-04-14' }, [0, 7, 2, 7, 0]);
    expect(r.map((x) => x.offsetDays)).toEqual([7, 2, 0]);
  });
  it('rejects a negative offset, naming its index', () => {
    expect(() => reminderSchedule({ endDate: '2026-04-14' }, [7, -1])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'offsets[1]' }));
  });
  it('an empty offset list gives no reminders', () => {
    expect(reminderSchedule({ endDate: '2026-04-14' }, [])).toEqual([]);
  });
  it('property: every reminder is at 09:00 London wall-clock time, on endDate - offset, sorted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }), (d, offsets) => {
        const endDate = addDays('2000-01-01', d);
        const r = reminderSchedule({ endDate }, offsets);
        expect(r).toHaveLength(new Set(offsets).size);
        for (const x of r) {
          expect(x.dueDate).toBe(addDays(endDate, -x.offsetDays));
          expect(localDate(x.dueAt)).toBe(x.dueDate);
          const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(x.dueAt);
          expect(hm).toBe('09:00');
        }
        for (let i = 1; i < r.length; i++) expect(r[i - 1].dueAt.getTime()).toBeLessThan(r[i].dueAt.getTime());
      }),
      { numRuns: 200 },
    );
  });
});
