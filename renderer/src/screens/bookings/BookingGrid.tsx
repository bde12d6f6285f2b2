/**
 * The bookings grid: TanStack Table (columns, sorting state, visibility, widths) over TanStack
 * Virtual rows. Only the rows in view are in the DOM and only their pages are fetched.
 * Keyboard: the grid is one tab stop; ↑ ↓ move the active row, PageUp / PageDown by a screen,
 * Home / End to the first / last booking, Enter opens the booking. Column headers are buttons
 * that sort (again to reverse).
 */
import { Box, Text, UnstyledButton } from '@mantine/core';
import {
  type ColumnSizingState,
  type ColumnVisibilityState,
  type SortingState,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingFilter, BookingGridColumn, BookingSort } from '../../../../domain/api/contract.ts';
import { bookingColumns, type GridItem, gridFeatures } from './booking-columns.tsx';
import type { BookingPages } from './use-booking-pages.ts';

export const gridRowHeight = 40;

interface BookingGridProps {
  pages: BookingPages;
  filter: BookingFilter;
  sort: BookingSort;
  onSortChange(sort: BookingSort): void;
  columnVisibility: ColumnVisibilityState;
  onColumnVisibilityChange(visibility: ColumnVisibilityState): void;
  columnSizing: ColumnSizingState;
  onColumnSizingChange(sizing: ColumnSizingState): void;
  onVisibleRangeChange(range: { first: number; last: number }): void;
  onOpen(bookingId: string): void;
}

function useGridTable(
  data: GridItem[],
  props: Pick<
    BookingGridProps,
    | 'sort'
    | 'onSortChange'
    | 'columnVisibility'
    | 'onColumnVisibilityChange'
    | 'columnSizing'
    | 'onColumnSizingChange'
  >,
) {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: headers follow the UI language
  const columns = useMemo(() => bookingColumns(t), [t, i18n.language]);
  const sorting: SortingState = [{ id: props.sort.column, desc: props.sort.desc }];
  return useTable({
    features: gridFeatures,
    columns,
    data,
    getRowId: (item) => String(item.index),
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    // A new column sorts ascending first (not guessed from the values of the rows loaded so far).
    sortDescFirst: false,
    columnResizeMode: 'onChange',
    state: { sorting, columnVisibility: props.columnVisibility, columnSizing: props.columnSizing },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first) props.onSortChange({ column: first.id as BookingGridColumn, desc: first.desc });
    },
    onColumnVisibilityChange: (updater) =>
      props.onColumnVisibilityChange(
        typeof updater === 'function' ? updater(props.columnVisibility) : updater,
      ),
    onColumnSizingChange: (updater) =>
      props.onColumnSizingChange(typeof updater === 'function' ? updater(props.columnSizing) : updater),
  });
}

export function BookingGrid(props: BookingGridProps) {
  const { t } = useTranslation();
  const { pages } = props;
  const total = pages.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => gridRowHeight,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const first = virtualRows[0]?.index ?? 0;
  const last = virtualRows.at(-1)?.index ?? 0;
  const { onVisibleRangeChange } = props;
  useEffect(() => onVisibleRangeChange({ first, last }), [first, last, onVisibleRangeChange]);

  // A new filter or sort starts again at the top.
  const resultKey = JSON.stringify([props.filter, props.sort]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the result set changes
  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
  }, [resultKey]);

  const data = virtualRows.map((v) => ({ index: v.index, row: pages.rowAt(v.index) }));
  const table = useGridTable(data, props);
  const rows = table.getRowModel().rows;
  const totalWidth = table.getTotalSize();

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / gridRowHeight) - 2);
  const targetFor = (key: string): number | null => {
    switch (key) {
      case 'ArrowDown':
        return active + 1;
      case 'ArrowUp':
        return active - 1;
      case 'PageDown':
        return active + pageRows;
      case 'PageUp':
        return active - pageRows;
      case 'Home':
        return 0;
      case 'End':
        return total - 1;
      default:
        return null;
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.target !== event.currentTarget || total === 0) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      const row = pages.rowAt(active);
      if (row) props.onOpen(row.id);
      return;
    }
    const target = targetFor(event.key);
    if (target !== null) {
      event.preventDefault();
      moveTo(target);
    }
  };

  const activeRow = pages.rowAt(active);
  return (
    <Box ref={scrollRef} className="booking-grid">
      <table
        className="booking-grid-table"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA data grid pattern (one tab stop, arrow keys)
        role="grid"
        aria-label={t('bookings.grid.label')}
        aria-rowcount={total + 1}
        aria-colcount={table.getVisibleLeafColumns().length}
        aria-activedescendant={total > 0 ? `booking-row-${active}` : undefined}
        aria-busy={pages.total === undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-active-booking={activeRow?.bookingNumber}
        style={{ width: totalWidth }}
      >
        <thead className="booking-grid-head">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1} className="booking-grid-row">
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    className="booking-grid-cell booking-grid-header"
                    style={{ width: header.getSize() }}
                  >
                    <UnstyledButton
                      className="booking-grid-sort"
                      onClick={header.column.getToggleSortingHandler()}
                    >
                      <table.FlexRender header={header} />
                      <span aria-hidden="true" className="booking-grid-sort-mark">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                      </span>
                    </UnstyledButton>
                    {/* A drag handle (double click: default width); the column menu resets all widths. */}
                    <span
                      className="booking-grid-resizer"
                      aria-hidden="true"
                      onMouseDown={header.getResizeHandler()}
                      onTouchStart={header.getResizeHandler()}
                      onDoubleClick={() => header.column.resetSize()}
                    />
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="booking-grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((virtualRow, i) => {
            const row = rows[i];
            const booking = pages.rowAt(virtualRow.index);
            const isActive = virtualRow.index === active;
            return (
              <tr
                key={virtualRow.key}
                id={`booking-row-${virtualRow.index}`}
                aria-rowindex={virtualRow.index + 2}
                aria-selected={isActive}
                data-booking-number={booking?.bookingNumber}
                className="booking-grid-row booking-grid-body-row"
                data-active={isActive || undefined}
                style={{ transform: `translateY(${virtualRow.start}px)`, height: gridRowHeight }}
                onClick={() => {
                  setActive(virtualRow.index);
                  if (booking) props.onOpen(booking.id);
                }}
              >
                {booking && row ? (
                  row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="booking-grid-cell" style={{ width: cell.column.getSize() }}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))
                ) : (
                  <td className="booking-grid-cell booking-grid-loading">
                    <Text size="sm" c="gray.7">
                      {t('bookings.grid.loadingRow')}
                    </Text>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </Box>
  );
}
