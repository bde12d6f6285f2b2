/**
 * The grid's columns for TanStack Table: what each shows and its default width. Sorting is done by
 * the desktop process (manualSorting), so the columns carry no sort functions; they are accessor
 * columns all the same, because TanStack Table sorts (and toggles the sort of) accessor columns only:
 * a display column's header handler does nothing.
 */
import { Group, Text } from '@mantine/core';
import {
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { BookingGridColumn, BookingGridRow } from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { japanTimestampLabel } from '../../../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../../../domain/era-date.ts';
import { formatPhoneNumber } from '../../../../domain/phone.ts';
import { weekdayLabel } from '../../i18n/day-heading.ts';
import { ChannelIcon } from '../overview/channels.tsx';
import { BookingStatusBadge } from './booking-status-badge.tsx';

export const gridFeatures = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
});

/** One virtual row of the grid: its position in the sorted result and the row once its page arrived. */
export interface GridItem {
  index: number;
  row: BookingGridRow | undefined;
}

const helper = createColumnHelper<typeof gridFeatures, GridItem>();

export const defaultColumnWidths: Record<BookingGridColumn, number> = {
  bookingNumber: 112,
  slot: 215,
  venue: 240,
  dose: 72,
  name: 130,
  reading: 160,
  birthDate: 150,
  age: 64,
  phone: 140,
  channel: 130,
  status: 110,
  createdBy: 170,
  createdAt: 150,
};

/** 「2026/12/10（木）10:00」: a slot as the grid and the booking's history show it. */
export function slotText(date: string, startTime: string, t: TFunction): string {
  const weekday = weekdayLabel(date, t);
  return `${date.replaceAll('-', '/')}（${weekday}）${startTime}`;
}

export function bookingColumns(t: TFunction) {
  const column = (
    id: BookingGridColumn,
    value: (row: BookingGridRow) => string | number,
    render: (row: BookingGridRow) => React.ReactNode = value,
    align: 'left' | 'right' = 'left',
  ) =>
    helper.accessor((item) => (item.row ? value(item.row) : null), {
      id,
      header: () => t(`bookings.columns.${id}`),
      size: defaultColumnWidths[id],
      minSize: 48,
      maxSize: 600,
      cell: ({ row }) => {
        const data = row.original.row;
        if (!data) return null;
        return align === 'right' ? <span className="count">{render(data)}</span> : render(data);
      },
    });
  return helper.columns([
    column(
      'bookingNumber',
      (r) => r.bookingNumber,
      (r) => <span className="booking-number">{formatBookingNumber(r.bookingNumber)}</span>,
    ),
    column('slot', (r) => slotText(r.date, r.startTime, t)),
    column('venue', (r) => r.venueName),
    column('dose', (r) => t('bookings.dose', { n: r.doseNumber })),
    column('name', (r) => r.name),
    column('reading', (r) => r.nameKana),
    column('birthDate', (r) => formatEraDate(r.birthDate)),
    column('age', (r) => r.age, undefined, 'right'),
    column('phone', (r) => formatPhoneNumber(r.phone)),
    column(
      'channel',
      (r) => t(`overview.channel.${r.channel}`),
      (r) => (
        <Group gap={6} wrap="nowrap">
          <ChannelIcon channel={r.channel} size="sm" />
          <Text span size="sm">
            {t(`overview.channel.${r.channel}`)}
          </Text>
        </Group>
      ),
    ),
    column(
      'status',
      (r) => t(`bookingStatus.${r.status}`),
      (r) => <BookingStatusBadge status={r.status} />,
    ),
    column('createdBy', (r) =>
      r.createdBy ? (r.createdBy.name ?? t('bookings.unknownStaff')) : t('bookings.selfBooked'),
    ),
    column('createdAt', (r) => japanTimestampLabel(new Date(r.createdAt))),
  ]);
}
