/**
 * A booking's history after it was made: moves, cancellations, venue-day marks and their undoing,
 * walk-ins, what the hub answered (confirmed, refused), and changes made elsewhere (online, on another
 * desk) that arrive through sync. Every writer appends in the same transaction as the change it
 * records, so the booking's page tells the whole story. The creation is read from the booking row.
 */

import type { HubRejection } from '../../domain/api/contract.ts';
import type {
  BookingHistoryEntry,
  BookingHistoryAction as HistoryAction,
  HistorySlot,
} from '../../domain/api/methods/bookings.ts';
import { type BookingStatus, isBookingStatus } from '../../domain/booking-status.ts';
import type { BookingEventRecord } from '../../domain/hub-api/records.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { rejectionColumns, rejectionFromColumns } from './hub-rejection.ts';
import { walkInMarkMutationId } from './outbox.ts';

/** What is recorded here (the creation is the booking row). */
export type BookingHistoryAction = Exclude<HistoryAction, 'created'>;

export interface NewBookingHistoryEntry {
  bookingId: string;
  staffId: string | null;
  action: BookingHistoryAction;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus | null;
  lotNumber?: string | null;
  /** The outbox mutation that carries this change to the hub (a retry of it is not recorded twice). */
  mutationId?: string | null;
  fromSlotId?: string | null;
  toSlotId?: string | null;
  /** A cancellation's reason. */
  reason?: string | null;
  /** A hub refusal: why. */
  rejection?: HubRejection | null;
  /** The hub's record of this change (a change that arrived from the hub). */
  hubEventId?: string | null;
}

export function appendBookingHistory(
  db: Database,
  entry: NewBookingHistoryEntry,
  now: Date = new Date(),
): number {
  const result = cachedStatement(
    db,
    `INSERT INTO booking_history (booking_id, at, staff_id, action, from_status, to_status, lot_number, mutation_id,
                                  from_slot_id, to_slot_id, reason, reject_code, reject_reasons, hub_event_id)
     VALUES (:bookingId, :at, :staffId, :action, :fromStatus, :toStatus, :lotNumber, :mutationId,
             :fromSlotId, :toSlotId, :reason, :rejectCode, :rejectReasons, :hubEventId)`,
  ).run({
    bookingId: entry.bookingId,
    at: now.toISOString(),
    staffId: entry.staffId,
    action: entry.action,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    lotNumber: entry.lotNumber ?? null,
    mutationId: entry.mutationId ?? null,
    fromSlotId: entry.fromSlotId ?? null,
    toSlotId: entry.toSlotId ?? null,
    reason: entry.reason ?? null,
    ...rejectionColumns(entry.rejection),
    hubEventId: entry.hubEventId ?? null,
  });
  return Number(result.lastInsertRowid);
}

interface HistoryRecord {
  at: string;
  staff_id: string | null;
  staff_name: string | null;
  action: BookingHistoryAction;
  from_status: BookingStatus | null;
  to_status: BookingStatus | null;
  lot_number: string | null;
  reason: string | null;
  reject_code: string | null;
  reject_reasons: string;
  hub_event_id: string | null;
  from_venue: string | null;
  from_date: string | null;
  from_time: string | null;
  to_venue: string | null;
  to_date: string | null;
  to_time: string | null;
}

const slotOf = (
  venueName: string | null,
  date: string | null,
  startTime: string | null,
): HistorySlot | null =>
  venueName !== null && date !== null && startTime !== null ? { venueName, date, startTime } : null;

function actorOf(record: HistoryRecord): BookingHistoryEntry['by'] {
  if (record.action === 'hub_confirmed' || record.action.startsWith('hub_refused')) return { kind: 'hub' };
  // A change from the hub without a staff member was the resident's own, online.
  if (record.staff_id === null && record.hub_event_id !== null) return { kind: 'resident' };
  return { kind: 'staff', name: record.staff_name };
}

/** In the order things happened (the desk's and the hub's clocks), then in the order recorded. */
export function readBookingHistory(db: Database, bookingId: string): BookingHistoryEntry[] {
  return cachedStatement<[string], HistoryRecord>(
    db,
    `SELECT h.at, h.staff_id, st.display_name AS staff_name, h.action, h.from_status, h.to_status, h.lot_number,
            h.reason, h.reject_code, h.reject_reasons, h.hub_event_id,
            fv.name AS from_venue, fs.date AS from_date, fs.start_time AS from_time,
            tv.name AS to_venue, ts.date AS to_date, ts.start_time AS to_time
       FROM booking_history h
       LEFT JOIN staff st ON st.id = h.staff_id
       LEFT JOIN slots fs ON fs.id = h.from_slot_id LEFT JOIN venues fv ON fv.id = fs.venue_id
       LEFT JOIN slots ts ON ts.id = h.to_slot_id LEFT JOIN venues tv ON tv.id = ts.venue_id
      WHERE h.booking_id = ? ORDER BY h.at, h.id`,
  )
    .all(bookingId)
    .map((r) => ({
      at: r.at,
      by: actorOf(r),
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      lotNumber: r.lot_number,
      fromSlot: slotOf(r.from_venue, r.from_date, r.from_time),
      toSlot: slotOf(r.to_venue, r.to_date, r.to_time),
      reason: r.reason,
      rejection: rejectionFromColumns(r.reject_code, r.reject_reasons),
      channel: null,
    }));
}

/**
 * A change the hub recorded (entity 'booking_event'). This desk's own change (the hub's mutation id is
 * the one its line carries, or the walk-in's check-in step) keeps its line, which now has the hub's
 * event id; a change made elsewhere becomes a line of its own. False when the booking is not here.
 */
export function recordHubBookingEvent(db: Database, event: BookingEventRecord): boolean {
  const bookingId = cachedStatement<[string], string>(db, 'SELECT id FROM bookings WHERE hub_id = ?')
    .pluck()
    .get(event.bookingId);
  if (bookingId === undefined) return false;
  const known = cachedStatement<[string], number>(db, 'SELECT 1 FROM booking_history WHERE hub_event_id = ?')
    .pluck()
    .get(event.id);
  if (known !== undefined) return true;
  if (event.mutationId !== null) {
    const own = cachedStatement<[string], { id: number; mutation_id: string }>(
      db,
      `SELECT id, mutation_id FROM booking_history
        WHERE booking_id = ? AND hub_event_id IS NULL AND mutation_id IS NOT NULL ORDER BY id`,
    )
      .all(bookingId)
      .find(
        (line) =>
          line.mutation_id === event.mutationId ||
          walkInMarkMutationId(line.mutation_id) === event.mutationId,
      );
    if (own) {
      cachedStatement(db, 'UPDATE booking_history SET hub_event_id = ? WHERE id = ?').run(event.id, own.id);
      return true;
    }
  }
  const status = (value: string): BookingStatus | null => (isBookingStatus(value) ? value : null);
  appendBookingHistory(
    db,
    {
      bookingId,
      staffId: event.staffId,
      action: event.action,
      fromStatus: status(event.fromStatus),
      toStatus: status(event.toStatus),
      lotNumber: event.vaccineLot,
      fromSlotId: event.fromSlotId,
      toSlotId: event.toSlotId,
      reason: event.reason,
      hubEventId: event.id,
    },
    new Date(event.at),
  );
  return true;
}
