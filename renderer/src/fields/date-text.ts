/**
 * A date field's text: how the desk writes a day in the UI language (「2026年12月2日（水）」 as the
 * headings do; "Wed, Dec 2, 2026", short enough for the field), and reading back what a person types into the field: that text,
 * or any form the phone desk reads (2026/12/2, 20261202, R8.12.2, 令和8年12月2日, 2026-12-02).
 */
import type { TFunction } from 'i18next';
import type { IsoDate } from '../../../domain/calendar.ts';
import { parseDateInput } from '../../../domain/era-date.ts';
import { dayHeading } from '../i18n/day-heading.ts';
import type { UiLanguage } from '../i18n/language.ts';

const englishShort = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

export function dateFieldText(iso: IsoDate, language: UiLanguage, t: TFunction): string {
  return language === 'ja'
    ? dayHeading(iso, language, t).full
    : englishShort.format(new Date(`${iso}T00:00:00Z`));
}

const englishMonths = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
// "Wednesday, December 2, 2026", "Dec 2 2026".
const englishDate = /^(?:[a-z]+,\s*)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u;
// The weekday the field shows after a Japanese date: （水）.
const japaneseWeekday = /[(（][^)）]*[)）]$/u;

/** The day typed, or null when the text is not a date. */
export function readDateFieldText(text: string): IsoDate | null {
  const s = text.normalize('NFKC').trim();
  const parsed = parseDateInput(s.replace(japaneseWeekday, ''));
  if (parsed.ok) return parsed.date;
  const english = englishDate.exec(s.toLowerCase());
  if (!english) return null;
  const month = englishMonths.findIndex((name) => name.startsWith(english[1]!) && english[1]!.length >= 3);
  if (month === -1) return null;
  const iso = `${english[3]}-${String(month + 1).padStart(2, '0')}-${english[2]!.padStart(2, '0')}`;
  const check = parseDateInput(iso);
  return check.ok ? check.date : null;
}
