/**
 * The venue day (会場受付): today's list for one venue, a search by booking number or by reading and
 * birth date, marks for checked in / vaccinated (with the lot number entered once per session) /
 * no-show, undo of a mark made today, and walk-ins for free seats. Changes reach the hub through
 * the outbox; the grid and every other screen refresh on the desk's data-changed event.
 */
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMark, VenueDay, VenueDayRow } from '../../../../domain/api/contract.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { queryKeys } from '../../app/query-keys.ts';
import { useToday } from '../../app/use-today.ts';
import { DateField } from '../../fields/DateField.tsx';
import { dayHeading } from '../../i18n/day-heading.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { matchAttendance } from './attendance-search.ts';
import { loadLotNumber, lotNumberPattern, saveLotNumber } from './lot-number.ts';
import { refusalReason } from './refusal-reason.ts';
import { VenueDayTable } from './VenueDayTable.tsx';
import { WalkInDialog } from './WalkInDialog.tsx';

export function VenueDayScreen() {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const count = useCountFormat();
  const today = useToday();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(today);
  const venues = useQuery({
    queryKey: queryKeys.venueChoices(),
    queryFn: () => deskApi.listVenueChoices({}),
  });
  const overview = useQuery({
    queryKey: queryKeys.dayOverview.day(date),
    queryFn: () => deskApi.getDayOverview({ date }),
  });
  const activeVenues = (venues.data ?? []).filter((v) => v.active);
  const [venueId, setVenueId] = useState<string | null>(null);
  // Until one is chosen: the first venue open that day.
  const openVenue = overview.data?.venues.find((v) => v.slotCount > 0)?.venueId;
  const venue = venueId ?? openVenue ?? activeVenues[0]?.id ?? null;
  const [lot, setLot] = useState('');
  const [query, setQuery] = useState({ text: '', birthDate: '' });
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [walkInOpen, setWalkInOpen] = useState(false);

  useEffect(() => {
    if (venue) setLot(loadLotNumber(venue));
  }, [venue]);

  const dayKey = queryKeys.venueDay(venue, date);
  const day = useQuery({
    queryKey: dayKey,
    queryFn: () => deskApi.getVenueDay({ venueId: venue ?? '', date }),
    enabled: venue !== null && date !== '' && !overview.isPending,
  });

  const replaceRow = (row: VenueDayRow) => {
    queryClient.setQueryData<VenueDay>(dayKey, (old) =>
      old
        ? {
            ...old,
            rows: old.rows.some((r) => r.bookingId === row.bookingId)
              ? old.rows.map((r) => (r.bookingId === row.bookingId ? row : r))
              : [...old.rows, row],
          }
        : old,
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.bookings.all() });
  };

  const change = async (
    row: VenueDayRow,
    run: (mutationId: string) => Promise<VenueDayRow>,
    done: string,
  ) => {
    setPendingId(row.bookingId);
    try {
      replaceRow(await run(crypto.randomUUID()));
      notifications.show({ color: 'teal', message: done });
    } catch (error) {
      const reason = refusalReason(error);
      notifications.show({
        color: 'red',
        title: t('venueDay.failed'),
        message: reason ? t(`venueDay.refused.${reason}`) : t(`errors.code.${errorCodeOf(error)}`),
      });
      void day.refetch();
    } finally {
      setPendingId(null);
    }
  };

  const lotReady = lotNumberPattern.test(lot);
  const onMark = (row: VenueDayRow, mark: AttendanceMark) =>
    void change(
      row,
      (mutationId) =>
        deskApi.markAttendance({
          bookingId: row.bookingId,
          mark,
          mutationId,
          ...(mark === 'vaccinated' ? { lotNumber: lot } : {}),
        }),
      t(`venueDay.done.${mark}`, { name: row.name }),
    );
  const onUndo = (row: VenueDayRow) =>
    void change(
      row,
      (mutationId) => deskApi.undoAttendance({ bookingId: row.bookingId, mutationId }),
      t('venueDay.done.undone', { name: row.name }),
    );

  const rows = day.data?.rows ?? [];
  const matched = matchAttendance(rows, query);
  const shown = matched === null || matched === 'invalid-date' ? rows : matched;
  const tally = (status: VenueDayRow['status']) => rows.filter((r) => r.status === status).length;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('nav.venueDay')}</Title>
          <Text size="lg">{date ? dayHeading(date, language, t).full : ''}</Text>
        </div>
        <Button onClick={() => setWalkInOpen(true)} disabled={!day.data}>
          {t('venueDay.walkIn.open')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 5 }} spacing="sm">
        <DateField
          label={t('dailyList.date')}
          description={date === today ? t('venueDay.today') : t('venueDay.notToday')}
          value={date}
          onChange={setDate}
          w="auto"
        />
        <Select
          label={t('dailyList.venue')}
          data={activeVenues.map((v) => ({ value: v.id, label: v.name }))}
          value={venue}
          onChange={setVenueId}
          allowDeselect={false}
          searchable
        />
        <TextInput
          label={t('venueDay.lot')}
          description={t('venueDay.lotHint')}
          value={lot}
          error={lot !== '' && !lotReady ? t('venueDay.lotInvalid') : undefined}
          onChange={(e) => {
            const value = e.currentTarget.value.trim().toUpperCase();
            setLot(value);
            if (venue) saveLotNumber(venue, lotNumberPattern.test(value) ? value : '');
          }}
        />
        <TextInput
          label={t('venueDay.search')}
          description={t('venueDay.searchHint')}
          value={query.text}
          onChange={(e) => setQuery({ ...query, text: e.currentTarget.value })}
        />
        <TextInput
          label={t('venueDay.birthDate')}
          description={t('venueDay.birthDateHint')}
          value={query.birthDate}
          error={matched === 'invalid-date' ? t('venueDay.birthDateInvalid') : undefined}
          onChange={(e) => setQuery({ ...query, birthDate: e.currentTarget.value })}
        />
      </SimpleGrid>
      {!lotReady ? <Alert color="yellow">{t('venueDay.lotRequired')}</Alert> : null}
      {day.isError ? (
        <ApiErrorPanel error={day.error} onRetry={() => void day.refetch()} retrying={day.isFetching} />
      ) : !day.data ? (
        <Text>{t('overview.loading')}</Text>
      ) : (
        <>
          <Text size="md" fw={600} aria-live="polite">
            {t('venueDay.tally', {
              total: count(rows.length),
              checkedIn: count(tally('checked_in')),
              vaccinated: count(tally('vaccinated')),
              noShow: count(tally('no_show')),
            })}
            {matched !== null && matched !== 'invalid-date'
              ? `　${t('venueDay.matches', { n: count(shown.length) })}`
              : ''}
          </Text>
          {rows.length === 0 ? (
            <Text c="gray.7" py="xl" ta="center">
              {t('venueDay.empty')}
            </Text>
          ) : (
            <VenueDayTable
              rows={shown}
              lotReady={lotReady}
              pendingId={pendingId}
              onMark={onMark}
              onUndo={onUndo}
            />
          )}
          <WalkInDialog
            opened={walkInOpen}
            date={date}
            slots={day.data.slots}
            onClose={() => setWalkInOpen(false)}
            onCreated={(row) => {
              replaceRow(row);
              void day.refetch();
              notifications.show({ color: 'teal', message: t('venueDay.done.walk_in', { name: row.name }) });
            }}
          />
        </>
      )}
    </Stack>
  );
}
