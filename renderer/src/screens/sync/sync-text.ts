/** Wording helpers of the sync screen: timestamps in Japan time, and hub codes as words. */

import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { japanTimeZone } from '../../../../domain/vocabulary/terms.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';

/** Formats ISO timestamps as a date and time in Japan, in the UI language. */
export function useDateTimeFormat(): (iso: string) => string {
  const language = useUiLanguage();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: japanTimeZone,
    });
    return (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    };
  }, [language]);
}

const knownKinds = ['booking.create', 'booking.cancel', 'booking.move', 'booking.status'] as const;
const knownReasons = [
  'SLOT_FULL',
  'SLOT_STARTED',
  'ALREADY_BOOKED',
  'NOT_ELIGIBLE',
  'NOT_CANCELLABLE',
  'NOT_CHANGEABLE',
  'NOT_FOUND',
  'FORBIDDEN',
  'VALIDATION',
  'IDEMPOTENCY_CONFLICT',
] as const;

export function kindText(t: TFunction, kind: string): string {
  const known = knownKinds.find((k) => k === kind);
  return known ? t(`syncView.kind.${known}`) : t('syncView.kind.other');
}

export function reasonText(t: TFunction, code: string): string {
  const known = knownReasons.find((k) => k === code);
  return known ? t(`syncView.reason.${known}`) : t('syncView.reason.other');
}
