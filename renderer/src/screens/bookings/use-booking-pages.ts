/**
 * The grid's data: the number of matching bookings, and the pages (100 rows each) that the visible
 * rows fall in, fetched as they scroll into view. Only those pages are held; the rows of 2,000,000
 * bookings never come to the renderer.
 */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { BookingFilter, BookingGridRow, BookingSort } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';

export const bookingPageSize = 100;

export interface BookingPages {
  total: number | undefined;
  countError: unknown;
  /** The row at a position in the sorted result, when its page has arrived. */
  rowAt(index: number): BookingGridRow | undefined;
  pageError: unknown;
  refetch(): void;
}

export function useBookingPages(
  filter: BookingFilter,
  sort: BookingSort,
  visible: { first: number; last: number },
): BookingPages {
  const count = useQuery({
    queryKey: queryKeys.bookings.count(filter),
    queryFn: () => deskApi.countBookings({ filter }),
    placeholderData: keepPreviousData,
  });
  const total = count.data?.total;
  const firstPage = Math.floor(visible.first / bookingPageSize);
  const lastPage = Math.max(firstPage, Math.floor(visible.last / bookingPageSize));
  const pageIndexes: number[] = [];
  for (let page = firstPage; page <= lastPage; page++) {
    if (total === undefined || page * bookingPageSize < total) pageIndexes.push(page);
  }
  const pages = useQueries({
    queries: pageIndexes.map((page) => ({
      queryKey: queryKeys.bookings.page(filter, sort, page),
      queryFn: () =>
        deskApi.listBookings({ filter, sort, offset: page * bookingPageSize, limit: bookingPageSize }),
      enabled: total !== undefined && total > 0,
    })),
  });
  const loaded = new Map<number, BookingGridRow[]>();
  pageIndexes.forEach((page, i) => {
    const rows = pages[i]?.data?.rows;
    if (rows) loaded.set(page, rows);
  });
  const pageError = pages.find((p) => p.isError)?.error ?? null;
  const signature = pageIndexes.map((page, i) => `${page}:${pages[i]?.dataUpdatedAt ?? 0}`).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the loaded pages
  return useMemo(
    () => ({
      total,
      countError: count.error,
      rowAt: (index: number) => loaded.get(Math.floor(index / bookingPageSize))?.[index % bookingPageSize],
      pageError,
      refetch: () => {
        void count.refetch();
        for (const page of pages) void page.refetch();
      },
    }),
    [total, count.error, signature, pageError],
  );
}
