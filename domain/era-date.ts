/**
 * Japanese era (和暦) dates: parsing what callers say or type, and formatting back.
 *
 * Each era runs from its start date to the day before the next era's start; a date outside that
 * range does not exist in the era (昭和64年1月8日 is 平成元年1月8日). All era dates are read in the
 * Gregorian calendar. Meiji's start is taken as 1868-10-23 (the proclamation, in Gregorian terms);
 * by law 明治元年 counted from the lunisolar new year, and Japan only adopted the Gregorian calendar
 * on 明治6年1月1日 (1873-01-01), so Meiji dates before 1873 are not convertible by a year offset at
 * all. No living resident was born then, so the simple rule is kept and documented here.
 */
import { type IsoDate, isoDateParts, isRealDate, toIsoDate } from './calendar.ts';

export const eraCodes = ['M', 'T', 'S', 'H', 'R'] as const;
export type EraCode = (typeof eraCodes)[number];

export interface Era {
  code: EraCode;
  /** Kanji name: 昭和 */
  name: string;
  /** Romanized name for the English UI: Showa */
  romaji: string;
  /** First day of the era (its 元年). */
  start: IsoDate;
}

/** Ordered by start date. */
export const eras: readonly Era[] = [
  { code: 'M', name: '明治', romaji: 'Meiji', start: '1868-10-23' },
  { code: 'T', name: '大正', romaji: 'Taisho', start: '1912-07-30' },
  { code: 'S', name: '昭和', romaji: 'Showa', start: '1926-12-25' },
  { code: 'H', name: '平成', romaji: 'Heisei', start: '1989-01-08' },
  { code: 'R', name: '令和', romaji: 'Reiwa', start: '2019-05-01' },
];

export type DateParseError = 'empty' | 'unrecognized' | 'unknown_era' | 'impossible_date' | 'outside_era';

export type DateParse = { ok: true; date: IsoDate; era?: EraCode } | { ok: false; error: DateParseError };

// Every way an era is written before the year: letter, full name, one-kanji abbreviation.
// The one-character ligatures ㍾㍽㍼㍻㋿ become the full names under NFKC.
const eraByToken: ReadonlyMap<string, Era> = new Map(
  eras.flatMap((era) => [
    [era.code, era],
    [era.name, era],
    [era.name.charAt(0), era],
  ]),
);

/** The era a date falls in, or null before Meiji. Throws on a malformed ISO date. */
export function eraOf(iso: IsoDate): Era | null {
  isoDateParts(iso);
  let found: Era | null = null;
  for (const era of eras) if (era.start <= iso) found = era;
  return found;
}

const startYear = (era: Era): number => Number(era.start.slice(0, 4));

// Dashes typed instead of '-' (the IME's long vowel mark ー among them); NFKC already maps － to '-'.
const dashLike = /[\u2010-\u2015\u2212\u30FC]/gu;
const separator = '[年./-]';
const monthSeparator = '[月./-]';
// Era prefix (anything not a digit, checked against the known tokens afterwards), year, month, day.
const eraSeparated = new RegExp(
  `^(\\D+?)([0-9]{1,2}|元)${separator}([0-9]{1,2})${monthSeparator}([0-9]{1,2})日?$`,
  'u',
);
const eraCompact = /^(\D+?)([0-9]{2})([0-9]{2})([0-9]{2})$/u;
const westernSeparated = new RegExp(
  `^([0-9]{4})${separator}([0-9]{1,2})${monthSeparator}([0-9]{1,2})日?$`,
  'u',
);
const westernCompact = /^([0-9]{4})([0-9]{2})([0-9]{2})$/u;

function westernDate(y: number, m: number, d: number): DateParse {
  return isRealDate(y, m, d)
    ? { ok: true, date: toIsoDate(y, m, d) }
    : { ok: false, error: 'impossible_date' };
}

function eraDate(token: string, yearText: string, m: number, d: number): DateParse {
  const era = eraByToken.get(token);
  if (!era) return { ok: false, error: 'unknown_era' };
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  const y = startYear(era) + eraYear - 1;
  if (!isRealDate(y, m, d)) return { ok: false, error: 'impossible_date' };
  const date = toIsoDate(y, m, d);
  if (eraOf(date)?.code !== era.code) return { ok: false, error: 'outside_era' };
  return { ok: true, date, era: era.code };
}

/**
 * Parses a date of birth in any common form, era or western, full- or half-width, spaces anywhere:
 * 昭和22年4月1日, 昭和元年12月25日, 昭22.4.1, S22.4.1, s22/4/1, S22-4-1, S22年4月1日, s220401,
 * 1947/4/1, 1947-04-01, 1947年4月1日, 1947.4.1, 19470401.
 */
export function parseDateInput(raw: string): DateParse {
  const s = raw.normalize('NFKC').replace(/\s+/gu, '').replace(dashLike, '-').toUpperCase();
  if (s === '') return { ok: false, error: 'empty' };

  let match = westernSeparated.exec(s) ?? westernCompact.exec(s);
  if (match) return westernDate(Number(match[1]), Number(match[2]), Number(match[3]));

  match = eraSeparated.exec(s) ?? eraCompact.exec(s);
  if (match) return eraDate(match[1]!, match[2]!, Number(match[3]), Number(match[4]));

  return { ok: false, error: 'unrecognized' };
}

/** '1947年4月1日'. Throws on a malformed ISO date. */
export function formatWesternDate(iso: IsoDate): string {
  const { y, m, d } = isoDateParts(iso);
  return `${y}年${m}月${d}日`;
}

/**
 * '昭和22年4月1日' (元年 for year 1) or, with style 'short', 'S22.4.1'. A date before Meiji has no
 * era and is formatted as a western date. Throws on a malformed ISO date.
 */
export function formatEraDate(iso: IsoDate, style: 'kanji' | 'short' = 'kanji'): string {
  const { y, m, d } = isoDateParts(iso);
  const era = eraOf(iso);
  if (!era) return formatWesternDate(iso);
  const eraYear = y - startYear(era) + 1;
  if (style === 'short') return `${era.code}${eraYear}.${m}.${d}`;
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年${m}月${d}日`;
}
