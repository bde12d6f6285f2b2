/**
 * The slots of the chosen period: one tab stop (the ARIA grid pattern), ↑ ↓ move the active slot,
 * PageUp / PageDown by 10, Home / End to the first / last, Enter (or a click) opens the change panel
 * for managers. Each day starts with its date in bold above a strong rule, each venue within a day
 * above a light one; later rows repeat the date and venue in grey, so a scrolled table still says
 * where and when. Figures are right-aligned in tabular digits.
 */
import { Table, Text } from '@mantine/core';
import { type KeyboardEvent, memo, useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlotCapacityRow } from '../../../../domain/api/methods/venue-slots.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';

const pageStep = 10;

interface SlotCapacityTableProps {
  rows: readonly SlotCapacityRow[];
  label: string;
  showVenue: boolean;
  activeSlotId: string | null;
  onActiveChange(slotId: string): void;
  /** Enter or a click on a slot; absent when the caller may not change slots. */
  onOpen?: ((row: SlotCapacityRow) => void) | undefined;
  dateLabel(iso: string): string;
}

export function SlotCapacityTable(props: SlotCapacityTableProps) {
  const { rows, activeSlotId, onActiveChange, onOpen } = props;
  const { t } = useTranslation();
  const tableRef = useRef<HTMLTableElement>(null);
  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.slotId === activeSlotId),
  );
  const active = rows[activeIndex];

  // Keep the active slot in view below the sticky header, scrolling the table's box only (never the page).
  useEffect(() => {
    const table = tableRef.current;
    if (!active || !table) return;
    const row = table.querySelector<HTMLElement>(`[data-slot-id="${CSS.escape(active.slotId)}"]`);
    const box = scrollBoxOf(table);
    if (!row || !box) return;
    const view = box.getBoundingClientRect();
    const place = row.getBoundingClientRect();
    const top = view.top + (table.tHead?.offsetHeight ?? 0);
    if (place.top < top) box.scrollTop -= top - place.top;
    else if (place.bottom > view.bottom) box.scrollTop += place.bottom - view.bottom;
  }, [active]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.target !== event.currentTarget || rows.length === 0) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (active && onOpen) onOpen(active);
      return;
    }
    const target =
      event.key === 'ArrowDown'
        ? activeIndex + 1
        : event.key === 'ArrowUp'
          ? activeIndex - 1
          : event.key === 'PageDown'
            ? activeIndex + pageStep
            : event.key === 'PageUp'
              ? activeIndex - pageStep
              : event.key === 'Home'
                ? 0
                : event.key === 'End'
                  ? rows.length - 1
                  : null;
    if (target === null) return;
    event.preventDefault();
    const next = rows[Math.max(0, Math.min(rows.length - 1, target))];
    if (next) onActiveChange(next.slotId);
  };

  const onRowClick = useCallback(
    (row: SlotCapacityRow) => {
      onActiveChange(row.slotId);
      tableRef.current?.focus();
      onOpen?.(row);
    },
    [onActiveChange, onOpen],
  );

  const columnCount = props.showVenue ? 12 : 11;
  return (
    <Table.ScrollContainer minWidth={980} maxHeight="max(320px, calc(100dvh - 270px))" type="native">
      <Table
        ref={tableRef}
        className="slot-table"
        role="grid"
        aria-label={props.label}
        aria-rowcount={rows.length + 2}
        aria-colcount={columnCount}
        aria-activedescendant={active ? rowId(active.slotId) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        stickyHeader
        withTableBorder
        bg="white"
        fz="md"
        verticalSpacing={6}
        horizontalSpacing={5}
        data-active-slot={active?.slotId}
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            <Table.Th scope="col" rowSpan={2}>
              {t('venueSlots.columns.date')}
            </Table.Th>
            <Table.Th scope="col" rowSpan={2}>
              {t('venueSlots.columns.time')}
            </Table.Th>
            {props.showVenue ? (
              <Table.Th scope="col" rowSpan={2}>
                {t('venueSlots.columns.venue')}
              </Table.Th>
            ) : null}
            <Table.Th scope="col" rowSpan={2}>
              {t('venueSlots.columns.product')}
            </Table.Th>
            <Table.Th scope="col" rowSpan={2} className="slot-num">
              {t('venueSlots.columns.capacity')}
            </Table.Th>
            <Table.Th
              scope="col"
              rowSpan={2}
              className="slot-num slot-wrap"
              aria-label={t('venueSlots.columns.reserve')}
            >
              {t('venueSlots.columns.reserveHead')}
            </Table.Th>
            <Table.Th scope="colgroup" colSpan={3} className="slot-group">
              {t('venueSlots.bookedGroup')}
            </Table.Th>
            <Table.Th scope="col" rowSpan={2} className="slot-num">
              {t('venueSlots.columns.held')}
            </Table.Th>
            <Table.Th scope="col" rowSpan={2} className="slot-num">
              {t('venueSlots.columns.remaining')}
            </Table.Th>
            <Table.Th scope="col" rowSpan={2} className="slot-status">
              {t('venueSlots.columns.status')}
            </Table.Th>
          </Table.Tr>
          <Table.Tr aria-rowindex={2}>
            {(['phone', 'online', 'walk_in'] as const).map((channel) => (
              <Table.Th key={channel} scope="col" className="slot-num">
                {t(`overview.channel.${channel}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <SlotRow
              key={row.slotId}
              row={row}
              index={i}
              active={row.slotId === active?.slotId}
              firstOfDay={i === 0 || rows[i - 1]!.date !== row.date}
              firstOfVenue={i === 0 || rows[i - 1]!.date !== row.date || rows[i - 1]!.venueId !== row.venueId}
              showVenue={props.showVenue}
              dateLabel={props.dateLabel(row.date)}
              onClick={onRowClick}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const rowId = (slotId: string) => `slot-row-${slotId}`;

function scrollBoxOf(table: HTMLElement): HTMLElement | null {
  for (let el = table.parentElement; el; el = el.parentElement) {
    const overflow = getComputedStyle(el).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return el;
  }
  return null;
}

interface SlotRowProps {
  row: SlotCapacityRow;
  index: number;
  active: boolean;
  firstOfDay: boolean;
  firstOfVenue: boolean;
  showVenue: boolean;
  dateLabel: string;
  onClick(row: SlotCapacityRow): void;
}

// Memoized: moving the active slot re-renders two rows, not the period's hundreds.
const SlotRow = memo(function SlotRow({
  row,
  index,
  active,
  firstOfDay,
  firstOfVenue,
  showVenue,
  dateLabel,
  onClick,
}: SlotRowProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const closed = row.status === 'closed';
  return (
    <Table.Tr
      id={rowId(row.slotId)}
      aria-rowindex={index + 3}
      aria-selected={active}
      data-slot-id={row.slotId}
      data-active={active || undefined}
      data-first-of-day={firstOfDay || undefined}
      data-first-of-venue={(showVenue && firstOfVenue) || undefined}
      data-closed={closed || undefined}
      className="slot-row"
      onClick={() => onClick(row)}
    >
      <Table.Td className="slot-date">{dateLabel}</Table.Td>
      <Table.Td className="slot-time">{slotLabel(row.startTime, row.endTime)}</Table.Td>
      {showVenue ? (
        <Table.Td className="slot-venue" title={row.venueName}>
          {row.venueName}
        </Table.Td>
      ) : null}
      <Table.Td className="slot-product" title={row.productName}>
        {row.productName}
      </Table.Td>
      <Table.Td className="slot-num slot-strong">{count(row.capacity)}</Table.Td>
      <Table.Td className="slot-num">{count(row.callCenterReserve)}</Table.Td>
      <Table.Td className="slot-num">{count(row.booked.phone)}</Table.Td>
      <Table.Td className="slot-num">{count(row.booked.online)}</Table.Td>
      <Table.Td className="slot-num">{count(row.booked.walk_in)}</Table.Td>
      <Table.Td className="slot-num">{count(row.held)}</Table.Td>
      <Table.Td
        className="slot-num slot-strong"
        data-full={!closed && row.remaining === 0 ? true : undefined}
      >
        {closed ? (
          <Text span c="gray.7" size="sm">
            {t('venueSlots.closedRemaining')}
          </Text>
        ) : (
          count(row.remaining)
        )}
      </Table.Td>
      <Table.Td className="slot-status">
        <Text span fw={700} c={closed ? 'gray.8' : 'teal.9'}>
          {t(`venueSlots.status.${row.status}`)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});
