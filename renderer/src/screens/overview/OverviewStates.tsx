/** What the overview shows instead of numbers: while loading, and on a day without slots. */
import { EmptyState, Paper, Skeleton, Stack, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { dayOfWeek, holidayName } from '../../../../domain/calendar.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { CalendarIcon } from '../../icons/icons.tsx';

export function OverviewSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" role="status" aria-busy="true">
      <VisuallyHidden>{t('overview.loading')}</VisuallyHidden>
      <Skeleton height={110} radius="md" />
      <Paper withBorder p="md">
        <Stack gap="sm">
          {Array.from({ length: 8 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
            <Skeleton key={i} height={36} />
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}

export function NoSlotsThatDay({ date }: { date: string }) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const holiday = holidayName(date, language);
  const description = holiday
    ? t('overview.empty.holiday', { name: holiday })
    : dayOfWeek(date) === 0
      ? t('overview.empty.sunday')
      : t('overview.empty.description');
  return (
    <Paper withBorder p="xl" radius="md">
      <EmptyState
        variant="light"
        color="gray"
        size="lg"
        styles={readableDescription}
        icon={<CalendarIcon size={36} />}
        title={t('overview.empty.title')}
        description={description}
      />
    </Paper>
  );
}

export function NoVenues() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xl" radius="md">
      <EmptyState
        variant="light"
        color="gray"
        size="lg"
        styles={readableDescription}
        icon={<CalendarIcon size={36} />}
        title={t('overview.noVenues.title')}
        description={t('overview.noVenues.description')}
      />
    </Paper>
  );
}

// Mantine's dimmed grey is below 4.5:1 on white; staff read this for hours.
const readableDescription = { description: { color: 'var(--mantine-color-gray-7)' } };
