/**
 * The birth date as understood, in both calendars, with the age: shown under the field while the
 * operator types, so a misheard era or year is caught before the date is checked.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ageOn } from '../../../../domain/calendar.ts';
import { formatEraDate, formatWesternDate, parseDateInput } from '../../../../domain/era-date.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';

export function BirthDateEcho({ raw, today }: { raw: string; today: string }) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const parsed = parseDateInput(raw);
  if (!parsed.ok || parsed.date > today) return null;
  return (
    <Text size="lg" fw={700} mt={6} c="indigo.9" data-testid="birth-date-echo" aria-live="polite">
      {t('phoneDesk.verify.echo', {
        era: formatEraDate(parsed.date, language === 'ja' ? 'kanji' : 'short'),
        western: language === 'ja' ? formatWesternDate(parsed.date) : parsed.date,
        age: ageOn(parsed.date, today),
      })}
    </Text>
  );
}
