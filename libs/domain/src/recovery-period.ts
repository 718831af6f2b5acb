/**
 * Recovery-period calendar (docs/architecture.md, Time; ECAT art. 13).
 *
 * Rules:
 * - Calendar dates are strings 'YYYY-MM-DD' ({@link CalendarDate}); they carry
 *   no time zone. Date arithmetic here is pure calendar arithmetic: adding a
 *   day always moves to the next calendar date, never adds 24 hours, so clock
 *   changes (BST/GMT) cannot shift a date.
 * - Day 1 is the start date: the arrival date, as read on a wall clock in the
 *   jurisdiction's time zone (default {@link DEFAULT_TIME_ZONE}, Europe/London;
 *   use {@link localDate} to turn an arrival instant into that date).
 * - A period of N days ends on day N: endDate = startDate + (N - 1) calendar
 *   days. The end date is INCLUSIVE: the person may stay all of that day.
 *   Example: 45 days from 2026-03-01 ends 2026-04-14.
 * - An extension ({@link nextRecoveryPeriod}) starts the day after the previous
 *   end date, so periods never overlap and leave no gap.
 * - Reminders fire at a local wall-clock time (default 09:00) on a date counted
 *   back from the end date; 09:00 stays 09:00 local across clock changes
 *   (08:00Z in BST, 09:00Z in GMT).
 * - A local time that does not exist (spring-forward gap, e.g. 01:30 on
 *   2026-03-29 in London) is moved forward by the gap (luxon's behaviour):
 *   01:30 becomes 02:30 BST = 01:30Z. A local time that exists twice
 *   (fall-back, 01:30 on 2026-10-25 in London) resolves, as luxon does, to the
 *   GMT reading (the second occurrence) = 01:30Z. Reminder times should avoid
 *   01:00-02:00 for that reason; the default 09:00 is never affected.
 *
 * Policy lengths: 45 days in England & Wales (the default), a minimum of 30
 * under ECAT art. 13, 90 days in Scotland.
 */
import { DateTime, IANAZone } from 'luxon';
import { DomainError } from './errors';

/** A calendar date 'YYYY-MM-DD' (no time, no zone). */
export type CalendarDate = string;

/** A local wall-clock time 'HH:mm' (24-hour). */
export type LocalTime = string;

/** Jurisdiction time zone used when none is given (England & Wales). */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** Recovery and reflection period in England & Wales, in days (Home Office guidance at ratification; ECAT art. 13 minimum is 30, Scotland 90). */
export const DEFAULT_RECOVERY_PERIOD_DAYS = 45;

/** ECAT art. 13 minimum recovery and reflection period, in days. */
export const ECAT_MINIMUM_RECOVERY_PERIOD_DAYS = 30;

/** Scotland's recovery and reflection period, in days. */
export const SCOTLAND_RECOVERY_PERIOD_DAYS = 90;

/** Longest period length accepted by {@link recoveryPeriod}, in days. */
export const MAX_RECOVERY_PERIOD_DAYS = 365;

/** Default reminder offsets, in days before the end date (7 days before, 2 days before, on the last day). */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = Object.freeze([7, 2, 0]);

/** Default local time reminders fire at. */
export const DEFAULT_REMINDER_LOCAL_TIME = '09:00';

/** A recovery period: `lengthDays` calendar days from `startDate` (day 1) to `endDate` (day N, inclusive). */
export interface RecoveryPeriod {
  startDate: CalendarDate;
  endDate: CalendarDate;
  lengthDays: number;
}

/** One scheduled reminder: `offsetDays` before the end, on `dueDate` at the local time, i.e. the instant `dueAt`. */
export interface ReminderSlot {
  offsetDays: number;
  dueDate: CalendarDate;
  dueAt: Date;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function toDateTime(date: CalendarDate, field: string): DateTime {
  if (typeof date !== 'string' || !DATE_RE.test(date)) {
    throw new DomainError('INVALID_INPUT', `${field} must be a calendar date YYYY-MM-DD`, field);
  }
  const dt = DateTime.fromISO(date, { zone: 'UTC' });
  if (!dt.isValid) {
    throw new DomainError('INVALID_INPUT', `${field} is not a real calendar date: ${date}`, field);
  }
  return dt;
}

function assertInteger(n: unknown, field: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new DomainError('INVALID_INPUT', `${field} must be an integer`, field);
  }
}

function assertZone(zone: string, field = 'zone'): void {
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new DomainError('INVALID_INPUT', `${field} must be an IANA time zone name, got ${String(zone)}`, field);
  }
}

/**
 * Validates a calendar date 'YYYY-MM-DD' strictly (exact format, real date:
 * 2026-02-30 and 2027-02-29 are rejected, 2028-02-29 is accepted).
 * @param field - the input field name reported in the error
 * @returns the same string
 * @throws DomainError INVALID_INPUT naming `field`
 */
export function parseCalendarDate(s: string, field: string): CalendarDate {
  return toDateTime(s, field).toISODate() as CalendarDate;
}

/**
 * Adds `n` calendar days (may be negative) to a date.
 * @throws DomainError INVALID_INPUT (`date`, `n`) for a bad date or a non-integer n
 */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  assertInteger(n, 'n');
  return toDateTime(date, 'date').plus({ days: n }).toISODate() as CalendarDate;
}

/**
 * Signed number of calendar days from `a` to `b` (b - a): 0 for the same date,
 * 1 for the next day, negative if `b` is before `a`.
 * @throws DomainError INVALID_INPUT (`a`, `b`)
 */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  const da = toDateTime(a, 'a');
  const db = toDateTime(b, 'b');
  return Math.round(db.diff(da, 'days').days);
}

/**
 * The calendar date of an instant on a wall clock in `zone`
 * (e.g. 2026-03-28T23:30Z is 2026-03-28 in London, 2026-06-30T23:30Z is 2026-07-01 in BST).
 * @throws DomainError INVALID_INPUT (`instant`, `zone`)
 */
export function localDate(instant: Date, zone: string = DEFAULT_TIME_ZONE): CalendarDate {
  assertZone(zone);
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new DomainError('INVALID_INPUT', 'instant must be a valid Date', 'instant');
  }
  return DateTime.fromJSDate(instant, { zone }).toISODate() as CalendarDate;
}

/**
 * The instant at which a wall clock in `zone` shows `time` ('HH:mm') on `date`.
 * Non-existent local times (spring-forward gap) move forward by the gap:
 * 2026-03-29 01:30 Europe/London gives 2026-03-29T01:30:00Z (02:30 BST).
 * Ambiguous local times (fall-back) give the later, standard-time reading:
 * 2026-10-25 01:30 Europe/London gives 2026-10-25T01:30:00Z (01:30 GMT).
 * @throws DomainError INVALID_INPUT (`date`, `time`, `zone`)
 */
export function localDateTimeToInstant(date: CalendarDate, time: LocalTime, zone: string = DEFAULT_TIME_ZONE): Date {
  const d = toDateTime(date, 'date');
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (!m) {
    throw new DomainError('INVALID_INPUT', 'time must be a local time HH:mm (00:00-23:59)', 'time');
  }
  assertZone(zone);
  const dt = DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: Number(m[1]), minute: Number(m[2]) }, { zone });
  return dt.toJSDate();
}

/**
 * A recovery period of `lengthDays` calendar days starting on `startDate` (day 1);
 * endDate = startDate + (lengthDays - 1) days, inclusive.
 * @param lengthDays - integer 1..365
 * @throws DomainError INVALID_INPUT (`startDate`, `lengthDays`)
 */
export function recoveryPeriod(startDate: CalendarDate, lengthDays: number): RecoveryPeriod {
  const start = parseCalendarDate(startDate, 'startDate');
  if (typeof lengthDays !== 'number' || !Number.isInteger(lengthDays) || lengthDays < 1 || lengthDays > MAX_RECOVERY_PERIOD_DAYS) {
    throw new DomainError('INVALID_INPUT', `lengthDays must be an integer from 1 to ${MAX_RECOVERY_PERIOD_DAYS}`, 'lengthDays');
  }
  return { startDate: start, endDate: addDays(start, lengthDays - 1), lengthDays };
}

/**
 * The period that extends `previous`: starts the day after `previous.endDate`.
 * @throws DomainError INVALID_INPUT (`startDate` if previous.endDate is bad, `lengthDays`)
 */
export function nextRecoveryPeriod(previous: Pick<RecoveryPeriod, 'endDate'>, lengthDays: number): RecoveryPeriod {
  const end = parseCalendarDate(previous.endDate, 'previous.endDate');
  return recoveryPeriod(addDays(end, 1), lengthDays);
}

/**
 * Which day of the period `date` is, 1-based: 1 on the start date, N on the end
 * date; 0 or less before the period, more than N after it.
 * @throws DomainError INVALID_INPUT for bad dates
 */
export function dayOfPeriod(period: Pick<RecoveryPeriod, 'startDate'>, date: CalendarDate): number {
  return daysBetween(period.startDate, date) + 1;
}

function assertOffset(offsetDays: unknown, field: string): asserts offsetDays is number {
  if (typeof offsetDays !== 'number' || !Number.isInteger(offsetDays) || offsetDays < 0) {
    throw new DomainError('INVALID_INPUT', `${field} must be an integer >= 0 (days before the end date)`, field);
  }
}

/**
 * The instant a reminder is due: `localTime` on (endDate - offsetDays) in `zone`.
 * 09:00 stays 09:00 local across clock changes.
 * @param offsetDays - integer >= 0, days before the end date (0 = on the last day)
 * @throws DomainError INVALID_INPUT (`endDate`, `offsetDays`, `time`, `zone`)
 */
export function reminderDueAt(
  endDate: CalendarDate,
  offsetDays: number,
  localTime: LocalTime = DEFAULT_REMINDER_LOCAL_TIME,
  zone: string = DEFAULT_TIME_ZONE,
): Date {
  const end = parseCalendarDate(endDate, 'endDate');
  assertOffset(offsetDays, 'offsetDays');
  return localDateTimeToInstant(addDays(end, -offsetDays), localTime, zone);
}

/**
 * The reminders for a period: one per distinct offset (days before the end
 * date), each at `localTime` in `zone`, sorted by `dueAt` (earliest first).
 * An offset larger than the period still yields a reminder (before the start
 * date); callers that only want reminders inside the period filter on
 * `dueDate >= period.startDate`. Reminders already due are the caller's to send
 * at once (docs/architecture.md, Time).
 * @throws DomainError INVALID_INPUT (`offsets[i]` for a negative or non-integer offset, `time`, `zone`)
 */
export function reminderSchedule(
  period: Pick<RecoveryPeriod, 'endDate'>,
  offsets: readonly number[] = DEFAULT_REMINDER_OFFSETS,
  localTime: LocalTime = DEFAULT_REMINDER_LOCAL_TIME,
  zone: string = DEFAULT_TIME_ZONE,
): ReminderSlot[] {
  const end = parseCalendarDate(period.endDate, 'period.endDate');
  offsets.forEach((o, i) => assertOffset(o, `offsets[${i}]`));
  return [...new Set(offsets)]
    .map((offsetDays) => {
      const dueDate = addDays(end, -offsetDays);
      return { offsetDays, dueDate, dueAt: localDateTimeToInstant(dueDate, localTime, zone) };
    })
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
