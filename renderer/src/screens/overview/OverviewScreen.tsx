/** Today's overview: per venue, the day's slots, bookings by channel and remaining seats. */
import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { queryKeys } from '../../app/query-keys.ts';
import { useToday } from '../../app/use-today.ts';
import { dayHeading } from '../../i18n/day-heading.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { DayStepper } from './DayStepper.tsx';
import { NoSlotsThatDay, NoVenues, OverviewSkeleton } from './OverviewStates.tsx';
import { OverviewSummary } from './OverviewSummary.tsx';
import { VenueTable } from './VenueTable.tsx';

export function OverviewScreen() {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const today = useToday();
  // null follows today, so a screen left open past midnight moves on to the new day.
  const [pickedDate, setPickedDate] = useState<string | null>(null);
  const date = pickedDate ?? today;
  const overview = useQuery({
    queryKey: queryKeys.dayOverview.day(date),
    queryFn: () => deskApi.getDayOverview({ date }),
  });

  let body: React.ReactNode;
  if (overview.isPending) {
    body = <OverviewSkeleton />;
  } else if (overview.isError) {
    body = (
      <ApiErrorPanel
        error={overview.error}
        onRetry={() => void overview.refetch()}
        retrying={overview.isFetching}
      />
    );
  } else if (overview.data.venues.length === 0) {
    body = <NoVenues />;
  } else if (overview.data.totals.slotCount === 0) {
    body = <NoSlotsThatDay date={date} />;
  } else {
    body = (
      <>
        <OverviewSummary overview={overview.data} />
        <VenueTable overview={overview.data} dateLabel={dayHeading(date, language, t).full} />
      </>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1}>{t('nav.overview')}</Title>
      <DayStepper
        date={date}
        today={today}
        onChange={(next) => setPickedDate(next === today ? null : next)}
      />
      {body}
    </Stack>
  );
}
