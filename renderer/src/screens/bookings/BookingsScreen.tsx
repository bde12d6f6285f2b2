/**
 * Every booking from every channel side by side: filters, the count, the virtualized grid and the
 * booking's page. Filters, sorting and paging run in the desktop process over SQLite.
 */
import { Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ColumnSizingState, ColumnVisibilityState } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingSort } from '../../../../domain/api/contract.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { useToday } from '../../app/use-today.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { BookingDetailDrawer } from './BookingDetailDrawer.tsx';
import { BookingFilters, emptyDraft, type FilterDraft, toBookingFilter } from './BookingFilters.tsx';
import { BookingGrid } from './BookingGrid.tsx';
import { ColumnMenu } from './ColumnMenu.tsx';
import './bookings.css';
import { clearGridPreferences, loadGridPreferences, saveGridPreferences } from './grid-preferences.ts';
import { useBookingPages } from './use-booking-pages.ts';

export function BookingsScreen() {
  const { t } = useTranslation();
  const count = useCountFormat();
  const today = useToday();
  const [draft, setDraft] = useState<FilterDraft>(() => ({ ...emptyDraft, dateFrom: today }));
  const [text] = useDebouncedValue(draft.text, 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the debounced text stands for draft.text
  const filter = useMemo(() => toBookingFilter(draft, text), [JSON.stringify({ ...draft, text: '' }), text]);
  const [sort, setSort] = useState<BookingSort>({ column: 'slot', desc: false });
  const [preferences, setPreferences] = useState(loadGridPreferences);
  const [visible, setVisible] = useState({ first: 0, last: 40 });
  const [openId, setOpenId] = useState<string | null>(null);
  const pages = useBookingPages(filter, sort, visible);
  const onVisibleRangeChange = useCallback(
    (range: { first: number; last: number }) =>
      setVisible((old) => (old.first === range.first && old.last === range.last ? old : range)),
    [],
  );

  const updatePreferences = (next: Partial<typeof preferences>) => {
    const merged = { ...preferences, ...next };
    setPreferences(merged);
    saveGridPreferences(merged);
  };
  const hidden = new Set(
    Object.entries(preferences.columnVisibility)
      .filter(([, shown]) => !shown)
      .map(([column]) => column),
  );

  return (
    <Stack gap="md">
      <Title order={1}>{t('nav.bookings')}</Title>
      <BookingFilters draft={draft} onChange={setDraft} onClear={() => setDraft({ ...emptyDraft })} />
      <Group justify="space-between">
        <Text size="md" fw={600} aria-live="polite" data-testid="booking-count">
          {pages.total === undefined
            ? t('bookings.counting')
            : t('bookings.count', { n: count(pages.total) })}
        </Text>
        <ColumnMenu
          hidden={hidden}
          onToggle={(column, shown) =>
            updatePreferences({ columnVisibility: { ...preferences.columnVisibility, [column]: shown } })
          }
          onReset={() => {
            clearGridPreferences();
            setPreferences({ columnVisibility: {}, columnSizing: {} });
          }}
        />
      </Group>
      {pages.countError || pages.pageError ? (
        <ApiErrorPanel error={pages.countError ?? pages.pageError} onRetry={pages.refetch} retrying={false} />
      ) : pages.total === 0 ? (
        <Text size="md" c="gray.7" py="xl" ta="center">
          {t('bookings.grid.empty')}
        </Text>
      ) : (
        <BookingGrid
          pages={pages}
          filter={filter}
          sort={sort}
          onSortChange={setSort}
          columnVisibility={preferences.columnVisibility}
          onColumnVisibilityChange={(columnVisibility: ColumnVisibilityState) =>
            updatePreferences({ columnVisibility })
          }
          columnSizing={preferences.columnSizing}
          onColumnSizingChange={(columnSizing: ColumnSizingState) => updatePreferences({ columnSizing })}
          onVisibleRangeChange={onVisibleRangeChange}
          onOpen={setOpenId}
        />
      )}
      <BookingDetailDrawer bookingId={openId} onClose={() => setOpenId(null)} />
    </Stack>
  );
}
