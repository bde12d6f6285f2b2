/**
 * The daily vaccination list: pick the date and a venue (or all venues), see the print preview,
 * print it (system dialog in Electron; the browser's dialog, which also saves a PDF, in browser
 * mode), or export it as Excel or CSV. Every view, print and export is recorded in the audit log.
 */
import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsvEncoding, ExportFormat } from '../../../../domain/api/contract.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { useToday } from '../../app/use-today.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { DailyListPreview } from './DailyListPreview.tsx';
import './daily-list.css';
import { downloadExport } from './download-export.ts';

const allVenues = 'all';

export function DailyListScreen() {
  const { t } = useTranslation();
  const count = useCountFormat();
  const today = useToday();
  const [date, setDate] = useState(today);
  const [venue, setVenue] = useState<string>(allVenues);
  const [csvEncoding, setCsvEncoding] = useState<CsvEncoding>('utf-8-bom');
  const [busy, setBusy] = useState<ExportFormat | 'print' | null>(null);
  const [printedAt, setPrintedAt] = useState(() => new Date());
  const venueId = venue === allVenues ? null : venue;

  const venues = useQuery({ queryKey: ['venueChoices'], queryFn: () => deskApi.listVenueChoices({}) });
  const list = useQuery({
    queryKey: ['dailyList', date, venueId],
    queryFn: () => deskApi.getDailyList({ date, venueId }),
    enabled: date !== '',
  });
  const rowCount = list.data?.venues.reduce((sum, v) => sum + v.rows.length, 0) ?? 0;

  const failed = (error: unknown) =>
    notifications.show({
      color: 'red',
      title: t('dailyList.failed'),
      message: t(`errors.code.${errorCodeOf(error)}`),
    });

  const exportList = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const outcome = await deskApi.exportDailyList({ date, venueId, format, csvEncoding });
      if (outcome.delivery.kind === 'cancelled') {
        notifications.show({ message: t('dailyList.exportCancelled') });
        return;
      }
      if (outcome.delivery.kind === 'download')
        await downloadExport(outcome.delivery.downloadId, outcome.fileName);
      notifications.show({
        color: 'teal',
        title: t('dailyList.exported', { file: outcome.fileName }),
        message:
          outcome.replacedCharacters > 0
            ? t('dailyList.replaced', { n: count(outcome.replacedCharacters) })
            : t('dailyList.exportedRows', { n: count(outcome.rowCount) }),
      });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    setBusy('print');
    setPrintedAt(new Date());
    try {
      // Let the preview show the new print time before the dialog takes the page.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const outcome = await deskApi.printDailyList({ date, venueId });
      if (outcome.mode === 'browser') window.print();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      <Title order={1} className="no-print">
        {t('nav.dailyLists')}
      </Title>
      <Group gap="sm" align="flex-end" className="no-print">
        <TextInput
          type="date"
          label={t('dailyList.date')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          w={170}
        />
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
        <Button
          onClick={() => void print()}
          loading={busy === 'print'}
          disabled={busy !== null || rowCount === 0}
        >
          {t('dailyList.print')}
        </Button>
        <Button
          variant="light"
          onClick={() => void exportList('xlsx')}
          loading={busy === 'xlsx'}
          disabled={busy !== null || !list.data}
        >
          {t('dailyList.exportXlsx')}
        </Button>
        <SegmentedControl
          aria-label={t('dailyList.csvEncoding')}
          value={csvEncoding}
          onChange={(value) => setCsvEncoding(value as CsvEncoding)}
          data={[
            { value: 'utf-8-bom', label: t('dailyList.utf8') },
            { value: 'shift_jis', label: t('dailyList.shiftJis') },
          ]}
        />
        <Button
          variant="light"
          onClick={() => void exportList('csv')}
          loading={busy === 'csv'}
          disabled={busy !== null || !list.data}
        >
          {t('dailyList.exportCsv')}
        </Button>
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
