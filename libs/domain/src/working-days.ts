/**
 * Working days per UK nation, for the NRM deadlines that are counted in
 * working days (reasonable grounds target, Place of Safety stay, support after
 * a negative decision).
 *
 * Rules:
 * - A working day is Monday to Friday and not a public (bank) holiday of the
 *   jurisdiction's nation. The holidays come from the `date-holidays` library
 *   (country GB, states ENG, WLS, SCT, NIR; types `public` and `bank`), which
 *   includes substitute days (e.g. Christmas on a Saturday moves to Monday
 *   27 December) and one-off holidays (e.g. the State Funeral on 19 September
 *   2022). Observances such as Mother's Day are not holidays.
 * - The generic ECAT profile ({@link Jurisdiction.GENERIC_ECAT}) knows no
 *   national holidays: Monday to Friday.
 * - "N working days after D" is the N-th working day strictly after D (D itself
 *   never counts, whether or not it is a working day); 0 working days after D
 *   is D. Example: 5 working days after Friday 18 December 2026 in England is
 *   Tuesday 29 December 2026 (25 December and the substitute Boxing Day on
 *   28 December are holidays).
 * - Dates are calendar dates ({@link CalendarDate}); no time zone, no clock
 *   changes (a day is a day, whatever the clocks do).
 */
import Holidays from 'date-holidays';
import { DomainError } from './errors';
import { addDays, CalendarDate, parseCalendarDate } from './recovery-period';

/** A jurisdiction whose rules govern a region's placements (see nrm-policy.ts). */
export enum Jurisdiction {
  ENGLAND = 'ENGLAND',
  WALES = 'WALES',
  SCOTLAND = 'SCOTLAND',
  NORTHERN_IRELAND = 'NORTHERN_IRELAND',
  /** Networks outside the UK (e.g. the HIC import): the Council of Europe Convention's minimum. */
  GENERIC_ECAT = 'GENERIC_ECAT',
}

/** The `date-holidays` state code of each UK nation (country GB); null: no national holidays. */
export const HOLIDAY_REGION: Readonly<Record<Jurisdiction, string | null>> = Object.freeze({
  [Jurisdiction.ENGLAND]: 'ENG',
  [Jurisdiction.WALES]: 'WLS',
  [Jurisdiction.SCOTLAND]: 'SCT',
  [Jurisdiction.NORTHERN_IRELAND]: 'NIR',
  [Jurisdiction.GENERIC_ECAT]: null,
});

/** Longest count accepted by {@link addWorkingDays} (a year and a half of working days). */
export const MAX_WORKING_DAYS = 400;

const calendars = new Map<string, Holidays>();
const holidayYears = new Map<string, ReadonlySet<CalendarDate>>();

function assertJurisdiction(j: unknown): asserts j is Jurisdiction {
  if (typeof j !== 'string' || !(j in HOLIDAY_REGION)) {
    throw new DomainError('INVALID_INPUT', `jurisdiction must be one of ${Object.keys(HOLIDAY_REGION).join(', ')}`, 'jurisdiction');
  }
}

/**
 * The public holidays of `jurisdiction`'s nation in `year`, as dates
 * 'YYYY-MM-DD' (empty for {@link Jurisdiction.GENERIC_ECAT}).
 * @throws DomainError INVALID_INPUT (`jurisdiction`, `year`)
 */
export function publicHolidays(jurisdiction: Jurisdiction, year: number): ReadonlySet<CalendarDate> {
  assertJurisdiction(jurisdiction);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) {
    throw new DomainError('INVALID_INPUT', 'year must be an integer from 1900 to 2200', 'year');
  }
  const state = HOLIDAY_REGION[jurisdiction];
  if (!state) return new Set();
  const key = `${state}:${year}`;
  let set = holidayYears.get(key);
  if (!set) {
    let cal = calendars.get(state);
    if (!cal) {
      cal = new Holidays('GB', state, { types: ['public', 'bank'] });
      calendars.set(state, cal);
    }
    set = new Set((cal.getHolidays(year) || []).filter((h) => h.type === 'public' || h.type === 'bank').map((h) => h.date.slice(0, 10)));
    holidayYears.set(key, set);
  }
  return set;
}

/** Day of the week of a calendar date: 0 Sunday .. 6 Saturday. */
function weekday(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * True when `date` is a working day in `jurisdiction`: Monday to Friday and not
 * one of its nation's public holidays.
 * @throws DomainError INVALID_INPUT (`date`, `jurisdiction`)
 */
export function isWorkingDay(date: CalendarDate, jurisdiction: Jurisdiction): boolean {
  const d = parseCalendarDate(date, 'date');
  const wd = weekday(d);
  if (wd === 0 || wd === 6) return false;
  return !publicHolidays(jurisdiction, Number(d.slice(0, 4))).has(d);
}

/**
 * The `n`-th working day strictly after `date` in `jurisdiction` (`n` = 0: `date` itself).
 * @param n - integer 0..{@link MAX_WORKING_DAYS}
 * @throws DomainError INVALID_INPUT (`date`, `n`, `jurisdiction`)
 */
export function addWorkingDays(date: CalendarDate, n: number, jurisdiction: Jurisdiction): CalendarDate {
  let d = parseCalendarDate(date, 'date');
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new DomainError('INVALID_INPUT', `n must be an integer from 0 to ${MAX_WORKING_DAYS}`, 'n');
  }
  assertJurisdiction(jurisdiction);
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, jurisdiction)) left--;
  }
  return d;
}

/**
 * How many working days of `jurisdiction` lie after `from` up to and including
 * `to` (0 when `to` <= `from`). `workingDaysBetween(d, addWorkingDays(d, n, j), j) === n`.
 * @throws DomainError INVALID_INPUT (`date`, `jurisdiction`)
 */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate, jurisdiction: Jurisdiction): number {
  let d = parseCalendarDate(from, 'date');
  const end = parseCalendarDate(to, 'date');
  assertJurisdiction(jurisdiction);
  let n = 0;
  while (d < end) {
    d = addDays(d, 1);
    if (isWorkingDay(d, jurisdiction)) n++;
  }
  return n;
}
