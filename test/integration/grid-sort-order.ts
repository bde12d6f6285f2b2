/**
 * The order each column of the bookings grid promises (docs/desk-guide.md, "The bookings grid"),
 * written out here apart from the SQL that gives it, for the integration and the end-to-end tests to
 * compare with.
 */
import type { BookingGridColumn } from '../../domain/api/contract.ts';

export interface GridSortFacts {
  /** booking_grid's rowid: the grid's tie-breaker. */
  gridId: number;
  bookingNumber: string;
  date: string;
  startTime: string;
  venueKana: string;
  doseNumber: number;
  name: string;
  kanaKey: string;
  birthDate: string;
  /** Digits of the contact phone, else of the coupon's phone. */
  phoneKey: string;
  channel: string;
  status: string;
  /** Staff id, '' for online bookings. */
  createdBy: string;
  /** The creator's name, '' for online bookings (and for a person this desk has no name for). */
  createdByName: string;
  createdAt: string;
}

function sortKey(column: BookingGridColumn, f: GridSortFacts): Array<string | number> {
  switch (column) {
    case 'bookingNumber':
      return [f.bookingNumber, f.date];
    case 'slot':
      return [f.date, f.startTime, f.venueKana, f.status, f.channel, f.doseNumber];
    case 'venue':
      return [f.venueKana, f.date, f.startTime];
    case 'dose':
      return [f.doseNumber, f.date, f.startTime, f.venueKana, f.status, f.channel];
    case 'name':
      return [f.name, f.date];
    case 'reading':
      return [f.kanaKey, f.birthDate, f.date];
    case 'birthDate':
    case 'age':
      return [f.birthDate, f.date];
    case 'phone':
      return [f.phoneKey, f.date];
    case 'channel':
      return [f.channel, f.date, f.startTime, f.venueKana, f.status, f.doseNumber];
    case 'status':
      return [f.status, f.date, f.startTime, f.venueKana, f.channel, f.doseNumber];
    case 'createdBy':
      return [f.createdByName, f.createdBy, f.createdAt, f.date];
    case 'createdAt':
      return [f.createdAt, f.date];
  }
}

const compare = (x: string | number, y: string | number): number =>
  typeof x === 'number' && typeof y === 'number' ? x - y : x < y ? -1 : x > y ? 1 : 0;

/** `items` in the grid's order for the column and direction. */
export function inGridOrder<T>(
  items: readonly T[],
  facts: (item: T) => GridSortFacts,
  column: BookingGridColumn,
  desc: boolean,
): T[] {
  // Ascending by age is oldest first: the birth date backwards.
  const sign = (column === 'age' ? !desc : desc) ? -1 : 1;
  const keyed = items.map((item) => {
    const f = facts(item);
    return { item, key: [...sortKey(column, f), f.gridId] };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compare(a.key[i]!, b.key[i]!);
      if (c !== 0) return sign * c;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}
