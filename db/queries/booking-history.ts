/**
 * A booking's history after it was made: venue-day marks, their undoing, walk-ins. Written in the
 * same transaction as the change it records. Other writers that change a booking's status should
 * append here too, so that the booking's page tells the whole story.
 */
import type { BookingHistoryEntry } from '../../domain/api/methods/bookings.ts';
import type { BookingStatus } from '../../domain/booking-status.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export type BookingHistoryAction = Exclude<BookingHistoryEntry['action'], 'created'>;

export interface NewBookingHistoryEntry {
  bookingId: string;
  staffId: string | null;
  action: BookingHistoryAction;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus | null;
  lotNumber?: string | null;
  mutationId?: string | null;
}

export function appendBookingHistory(
  db: Database,
  entry: NewBookingHistoryEntry,
  now: Date = new Date(),
): number {
  const result = cachedStatement(
    db,
    `INSERT INTO booking_history (booking_id, at, staff_id, action, from_status, to_status, lot_number, mutation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.bookingId,
    now.toISOString(),
    entry.staffId,
    entry.action,
    entry.fromStatus,
    entry.toStatus,
    entry.lotNumber ?? null,
    entry.mutationId ?? null,
  );
  return Number(result.lastInsertRowid);
}

export interface StoredBookingHistoryEntry {
  id: number;
  at: string;
  staffId: string | null;
  staffName: string | null;
  action: BookingHistoryAction;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus | null;
  lotNumber: string | null;
}

interface HistoryRecord {
  id: number;
  at: string;
  staff_id: string | null;
  staff_name: string | null;
  action: BookingHistoryAction;
  from_status: BookingStatus | null;
  to_status: BookingStatus | null;
  lot_number: string | null;
}

/** Oldest first. */
export function readBookingHistory(db: Database, bookingId: string): StoredBookingHistoryEntry[] {
  return cachedStatement<[string], HistoryRecord>(
    db,
    `SELECT h.id, h.at, h.staff_id, st.display_name AS staff_name, h.action, h.from_status, h.to_status,
            h.lot_number
       FROM booking_history h LEFT JOIN staff st ON st.id = h.staff_id
      WHERE h.booking_id = ? ORDER BY h.id`,
  )
    .all(bookingId)
    .map((r) => ({
      id: r.id,
      at: r.at,
      staffId: r.staff_id,
      staffName: r.staff_name ?? r.staff_id,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      lotNumber: r.lot_number,
    }));
}
