/**
 * A calendar day the way residents say it: 「2026年11月22日（日）」 with the era form 「令和8年11月22日」
 * beside it in Japanese; "Sunday, November 22, 2026" in English.
 */
import type { TFunction } from 'i18next';
import { dayOfWeek, isoDateParts } from '../../../domain/calendar.ts';
import { formatEraDate } from '../../../domain/era-date.ts';
import type { UiLanguage } from './language.ts';

const weekdayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** 「水」 / "Wed": the day of the week of an ISO date in the UI's language. */
export function weekdayLabel(iso: string, t: TFunction): string {
  return t(`date.weekday.${weekdayKeys[dayOfWeek(iso)]!}`);
}

export interface DayHeading {
  full: string;
  /** The Japanese era form, shown in Japanese only. */
  era: string | null;
}

export function dayHeading(iso: string, language: UiLanguage, t: TFunction): DayHeading {
  const { y, m, d } = isoDateParts(iso);
  const weekday = weekdayLabel(iso, t);
  const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
  const full = t('date.full', { year: y, month: m, day: d, weekday, monthName });
  return { full, era: language === 'ja' ? formatEraDate(iso) : null };
}
