import { addWorkingDays, isWorkingDay, Jurisdiction, publicHolidays, workingDaysBetween } from './working-days';
import { DomainError } from './errors';

const { ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND, GENERIC_ECAT } = Jurisdiction;

describe("working days per nation (hand-checked against each nation's bank holidays)", () => {
  it('Christmas 2026: 25 Dec is a Friday and Boxing Day (a Saturday) is observed on Monday 28 Dec', () => {
    // Fri 18 Dec + 5 working days: 21, 22, 23, 24, (25, 28 holidays) 29.
    expect(addWorkingDays('2026-12-18', 5, ENGLAND)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-18', 5, WALES)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-18', 5, SCOTLAND)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-18', 5, NORTHERN_IRELAND)).toBe('2026-12-29');
    // The generic profile has no holidays: 21, 22, 23, 24, 25.
    expect(addWorkingDays('2026-12-18', 5, GENERIC_ECAT)).toBe('2026-12-25');
    expect(isWorkingDay('2026-12-28', ENGLAND)).toBe(false);
    expect(isWorkingDay('2026-12-28', GENERIC_ECAT)).toBe(true);
  });

  it('New Year 2027: Scotland also keeps 2 January (a Saturday, observed Monday 4 January)', () => {
    // Wed 30 Dec: England 31, (1 Jan) 4, 5, 6, 7; Scotland 31, (1, 4 Jan) 5, 6, 7, 8.
    expect(addWorkingDays('2026-12-30', 5, ENGLAND)).toBe('2027-01-07');
    expect(addWorkingDays('2026-12-30', 5, SCOTLAND)).toBe('2027-01-08');
    expect(isWorkingDay('2027-01-04', SCOTLAND)).toBe(false);
    expect(isWorkingDay('2027-01-04', ENGLAND)).toBe(true);
  });

  it('Easter 2026: Good Friday everywhere, Easter Monday not in Scotland', () => {
    // Thu 2 Apr + 3: England (3 Apr, 6 Apr holidays) 7, 8, 9; Scotland (3 Apr) 6, 7, 8.
    expect(addWorkingDays('2026-04-02', 3, ENGLAND)).toBe('2026-04-09');
    expect(addWorkingDays('2026-04-02', 3, WALES)).toBe('2026-04-09');
    expect(addWorkingDays('2026-04-02', 3, NORTHERN_IRELAND)).toBe('2026-04-09');
    expect(addWorkingDays('2026-04-02', 3, SCOTLAND)).toBe('2026-04-08');
  });

  it('August 2026: the summer bank holiday is the first Monday in Scotland, the last elsewhere', () => {
    expect(addWorkingDays('2026-07-31', 5, ENGLAND)).toBe('2026-08-07');
    expect(addWorkingDays('2026-07-31', 5, SCOTLAND)).toBe('2026-08-10');
    expect(addWorkingDays('2026-08-28', 5, ENGLAND)).toBe('2026-09-07');
    expect(addWorkingDays('2026-08-28', 5, SCOTLAND)).toBe('2026-09-04');
  });

  it("Northern Ireland keeps St Patrick's Day and the Twelfth; Scotland St Andrew's Day", () => {
    expect(addWorkingDays('2026-03-16', 1, NORTHERN_IRELAND)).toBe('2026-03-18');
    expect(addWorkingDays('2026-03-16', 1, ENGLAND)).toBe('2026-03-17');
    expect(isWorkingDay('2026-07-13', NORTHERN_IRELAND)).toBe(false); // 12 July 2026 is a Sunday: observed Monday 13
    expect(isWorkingDay('2026-11-30', SCOTLAND)).toBe(false);
    expect(isWorkingDay('2026-11-30', ENGLAND)).toBe(true);
  });

  it('one-off holidays (the State Funeral, 19 Sep 2022) count; observances do not', () => {
    expect(isWorkingDay('2022-09-19', ENGLAND)).toBe(false);
    // The eight bank holidays of England in 2026 that fall on weekdays (gov.uk list), nine in Scotland, ten in NI.
    const weekdays = (j: Jurisdiction) => [...publicHolidays(j, 2026)].filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())).sort();
    expect(weekdays(ENGLAND)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']);
    expect(weekdays(SCOTLAND)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(weekdays(NORTHERN_IRELAND)).toHaveLength(10);
    expect(publicHolidays(GENERIC_ECAT, 2026).size).toBe(0);
  });

  it('29 February is an ordinary working day; a leap-year count steps through it', () => {
    expect(addWorkingDays('2028-02-28', 1, ENGLAND)).toBe('2028-02-29');
    expect(addWorkingDays('2028-02-25', 2, ENGLAND)).toBe('2028-02-29');
    expect(addWorkingDays('2027-02-26', 1, ENGLAND)).toBe('2027-03-01');
  });

  it('clock changes do not move a date (29 Mar and 25 Oct 2026 are Sundays)', () => {
    expect(addWorkingDays('2026-03-27', 1, ENGLAND)).toBe('2026-03-30');
    expect(addWorkingDays('2026-10-23', 1, ENGLAND)).toBe('2026-10-26');
  });

  it('counts strictly after the start; 0 is the start itself, even on a holiday; inverse of workingDaysBetween', () => {
    expect(addWorkingDays('2026-12-25', 0, ENGLAND)).toBe('2026-12-25');
    expect(addWorkingDays('2026-12-26', 1, ENGLAND)).toBe('2026-12-29');
    for (const [d, n] of [
      ['2026-12-18', 5],
      ['2026-04-02', 3],
      ['2026-08-28', 9],
    ] as const) {
      expect(workingDaysBetween(d, addWorkingDays(d, n, SCOTLAND), SCOTLAND)).toBe(n);
    }
    expect(workingDaysBetween('2026-12-29', '2026-12-18', ENGLAND)).toBe(0);
  });

  it('refuses bad input with a typed error naming the field', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).field;
      }
      throw new Error('did not throw');
    };
    expect(fieldOf(() => addWorkingDays('2026-02-30', 1, ENGLAND))).toBe('date');
    expect(fieldOf(() => addWorkingDays('2026-02-03', -1, ENGLAND))).toBe('n');
    expect(fieldOf(() => addWorkingDays('2026-02-03', 1.5, ENGLAND))).toBe('n');
    expect(fieldOf(() => addWorkingDays('2026-02-03', 1, 'MARS' as Jurisdiction))).toBe('jurisdiction');
  });
});
