/**
 * The daily vaccination list: pick the date and a venue (or all venues), see the print preview,
 * print it (system dialog in Electron; the browser's dialog, which also saves a PDF, in browser
 * mode), or export it as Excel or CSV. Every view, print and export is recorded in the audit log.
 */
import { Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { useToday } from '../../app/use-today.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { ListOutputControls } from '../../print/ListOutputControls.tsx';
import { DailyListPreview } from './DailyListPreview.tsx';
import '../../print/print.css';
import { queryKeys } from '../../app/query-keys.ts';
import { DateField } from '../../fields/DateField.tsx';

const allVenues = 'all';

export function DailyListScreen() {
  const { t } = useTranslation();
  const count = useCountFormat();
  const today = useToday();
  const [date, setDate] = useState(today);
  const [venue, setVenue] = useState<string>(allVenues);
  const [printedAt, setPrintedAt] = useState(() => new Date());
  const venueId = venue === allVenues ? null : venue;

  const venues = useQuery({
    queryKey: queryKeys.venueChoices(),
    queryFn: () => deskApi.listVenueChoices({}),
  });
  const list = useQuery({
    queryKey: queryKeys.dailyList(date, venueId),
    queryFn: () => deskApi.getDailyList({ date, venueId }),
    enabled: date !== '',
  });
  const rowCount = list.data?.venues.reduce((sum, v) => sum + v.rows.length, 0) ?? 0;

  return (
    <Stack gap="md">
      <Title order={1} className="no-print">
        {t('nav.dailyLists')}
      </Title>
      <Group gap="sm" align="flex-end" className="no-print">
        <DateField label={t('dailyList.date')} value={date} onChange={setDate} />
        <Select
          label={t('dailyList.venue')}
          data={[
            { value: allVenues, label: t('dailyList.allVenues') },
            ...(venues.data ?? []).filter((v) => v.active).map((v) => ({ value: v.id, label: v.name })),
          ]}
          value={venue}
          onChange={(value) => setVenue(value ?? allVenues)}
          allowDeselect={false}
          searchable
          w={300}
        />
        <ListOutputControls
          printDisabled={rowCount === 0}
          exportDisabled={!list.data}
          onBeforePrint={() => setPrintedAt(new Date())}
          print={() => deskApi.printDailyList({ date, venueId })}
          exportFile={(format, csvEncoding) =>
            deskApi.exportDailyList({ date, venueId, format, csvEncoding })
          }
        />
      </Group>
      {list.isPending ? (
        <Text className="no-print">{t('overview.loading')}</Text>
      ) : list.isError ? (
        <ApiErrorPanel error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : rowCount === 0 ? (
        <Text size="md" c="gray.7" py="xl" ta="center" className="no-print">
          {t('dailyList.noRows')}
        </Text>
      ) : (
        <>
          <Text size="md" fw={600} className="no-print" aria-live="polite">
            {t('dailyList.preview', { n: count(rowCount), venues: count(list.data.venues.length) })}
          </Text>
          <div className="print-preview-frame">
            <DailyListPreview list={list.data} printedAt={printedAt} />
          </div>
        </>
      )}
    </Stack>
  );
}
