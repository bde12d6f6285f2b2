/**
 * Dates and times as the phone desk shows and says them: 「5月12日（水）」 in the grid, the full day with
 * the era year when reading back, 「午前10時30分」 when speaking a time.
 */
import type { TFunction } from 'i18next';
import { isoDateParts } from '../../../../domain/calendar.ts';
import { formatEraDate } from '../../../../domain/era-date.ts';
import { weekdayLabel } from '../../i18n/day-heading.ts';
import type { UiLanguage } from '../../i18n/language.ts';

/** 「5月12日（水）」 / "Wed 5/12". */
export function shortDate(iso: string, language: UiLanguage, t: TFunction): string {
  const { m, d } = isoDateParts(iso);
  return language === 'ja' ? `${m}月${d}日（${weekdayLabel(iso, t)}）` : `${weekdayLabel(iso, t)} ${m}/${d}`;
}

/** 「令和3年5月12日（水）」 / "Wed 5/12/2021". */
export function longDate(iso: string, language: UiLanguage, t: TFunction): string {
  if (language === 'ja') return `${formatEraDate(iso)}（${weekdayLabel(iso, t)}）`;
  const { y, m, d } = isoDateParts(iso);
  return `${weekdayLabel(iso, t)} ${m}/${d}/${y}`;
}

/** 「10:00〜10:30」 */
export function timeRange(start: string, end: string): string {
  return `${start}〜${end}`;
}

/** 「午前10時」「午後2時30分」: how a time is said on the phone (t is the Japanese read-back text). */
export function spokenTime(time: string, t: TFunction): string {
  const hours = Number(time.slice(0, 2));
  const minutes = Number(time.slice(3, 5));
  const hour = t(hours < 12 ? 'phoneDesk.readBack.morning' : 'phoneDesk.readBack.afternoon', {
    h: hours <= 12 ? hours : hours - 12,
  });
  return minutes === 0 ? hour : `${hour}${t('phoneDesk.readBack.minutes', { m: minutes })}`;
}

/** 「5月12日 水曜日」: a day as it is said (no year: bookings are weeks away, not years). */
export function spokenDate(iso: string, t: TFunction): string {
  const { m, d } = isoDateParts(iso);
  return `${m}月${d}日、${weekdayLabel(iso, t)}曜日`;
}
