/**
 * Calendar dates as ISO strings 'YYYY-MM-DD' (no time, no time zone). All arithmetic goes through
 * UTC midnight so that daylight-saving and the machine's zone can never shift a date.
 */

import holidayJp from '@holiday-jp/holiday_jp';
import { japanTimeZone } from './vocabulary/terms.ts';

export type IsoDate = string;

export interface DateParts {
  y: number;
  m: number;
  d: number;
}

const msPerDay = 86_400_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The last date this module can write (years run 0001..9999). */
export const lastIsoDate: IsoDate = '9999-12-31';

/** True for a real calendar date in years 0001..9999. */
export function isRealDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1 &&
    y <= 9999 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

export function parseIsoDate(s: string): DateParts | null {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  return isRealDate(y, m, d) ? { y, m, d } : null;
}

export function isValidIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

/** Throws a RangeError when (y, m, d) is not a real date. */
export function toIsoDate(y: number, m: number, d: number): IsoDate {
  if (!isRealDate(y, m, d)) throw new RangeError('toIsoDate: not a real calendar date');
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Like parseIsoDate, but throws a RangeError on anything but a real 'YYYY-MM-DD' date. */
export function isoDateParts(iso: IsoDate): DateParts {
  const parts = parseIsoDate(iso);
  if (!parts) throw new RangeError('expected a real date as YYYY-MM-DD');
  return parts;
}

// setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
function utcMidnight({ y, m, d }: DateParts): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

function epochDay(iso: IsoDate): number {
  return Math.round(utcMidnight(isoDateParts(iso)).getTime() / msPerDay);
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError('addDays: n must be an integer');
  const date = new Date((epochDay(iso) + n) * msPerDay);
  return toIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Whole days from a to b (b − a): daysBetween('2021-05-01', '2021-05-22') === 21. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return epochDay(b) - epochDay(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(iso: IsoDate): number {
  return utcMidnight(isoDateParts(iso)).getUTCDay();
}

/**
 * Completed years on a date, counted with the ordinary birthday: one is a year older on the
 * birthday itself (someone born on 02-29 turns older on 03-01 in a common year).
 * Japanese law (年齢計算ニ関スル法律) makes one older at the end of the day before the birthday,
 * which only matters for school years and a few statutes; vaccination eligibility as municipalities
 * announce it ("75 or older on the day") uses the ordinary birthday, so that is what this returns.
 * Negative when onIso is before the birth date.
 */
export function ageOn(birthIso: IsoDate, onIso: IsoDate): number {
  const birth = isoDateParts(birthIso);
  const on = isoDateParts(onIso);
  const beforeBirthday = on.m < birth.m || (on.m === birth.m && on.d < birth.d);
  return on.y - birth.y - (beforeBirthday ? 1 : 0);
}

interface HolidayEntry {
  name: string;
  name_en: string;
}

// The package's table keyed by 'YYYY-MM-DD' (covers 1970..2050); looked up directly because its
// isHoliday() scans every key on each call.
const holidayTable = holidayJp.holidays as Readonly<Record<string, HolidayEntry | undefined>>;

/** Japanese national holidays (including substitute holidays and 国民の休日), 1970..2050. */
export function isJapaneseHoliday(iso: IsoDate): boolean {
  return Object.hasOwn(holidayTable, iso);
}

/** The holiday's name ('ja', default, e.g. 'こどもの日'; or 'en'), or null on a non-holiday. */
export function holidayName(iso: IsoDate, lang: 'ja' | 'en' = 'ja'): string | null {
  if (!Object.hasOwn(holidayTable, iso)) return null;
  const entry = holidayTable[iso];
  if (!entry) return null;
  return lang === 'en' ? entry.name_en : entry.name;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using it (the hub asks per request). */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Today's date in a time zone (Japan by default), whatever zone the machine is set to. */
export function todayIn(timeZone = japanTimeZone, now: Date = new Date()): IsoDate {
  const parts = dayFormatter(timeZone).formatToParts(now);
  const part = (type: 'year' | 'month' | 'day'): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return toIsoDate(part('year'), part('month'), part('day'));
}
