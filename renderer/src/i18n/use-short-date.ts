/** A day in a table cell or a list: 「7/15（月）」 / "7/15 (Mon)". */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isoDateParts } from '../../../domain/calendar.ts';
import { weekdayLabel } from './day-heading.ts';
import { useUiLanguage } from './use-ui-language.ts';

const englishWeekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });

export function useShortDate(): (iso: string) => string {
  const { t } = useTranslation();
  const language = useUiLanguage();
  return useCallback(
    (iso: string) => {
      const { m, d } = isoDateParts(iso);
      const weekday =
        language === 'ja' ? weekdayLabel(iso, t) : englishWeekday.format(new Date(`${iso}T00:00:00Z`));
      return t('venueSlots.dateShort', { month: m, day: d, weekday });
    },
    [language, t],
  );
}
