/** '6/10（水）' (or '6/10 (Wed)'): a day on the dashboard, short enough for a chart's axis. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { dayOfWeek, isoDateParts } from '../../../../domain/calendar.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';

const weekdayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const englishWeekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });

/** The day of the week alone: 水 / Wed. */
export function useWeekday(): (iso: string) => string {
  const { t } = useTranslation();
  const language = useUiLanguage();
  return useCallback(
    (iso: string) =>
      language === 'ja'
        ? t(`date.weekday.${weekdayKeys[dayOfWeek(iso)]!}`)
        : englishWeekday.format(new Date(`${iso}T00:00:00Z`)),
    [language, t],
  );
}

export function useShortDate(): (iso: string, withWeekday?: boolean) => string {
  const { t } = useTranslation();
  const weekdayOf = useWeekday();
  return useCallback(
    (iso: string, withWeekday = true) => {
      const { m, d } = isoDateParts(iso);
      const date = t('dashboard.dateShort', { month: m, day: d });
      return withWeekday ? date + t('dashboard.weekday', { weekday: weekdayOf(iso) }) : date;
    },
    [t, weekdayOf],
  );
}
