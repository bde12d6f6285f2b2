/**
 * Callback tasks: provisional phone bookings the hub rejected (slot full after all, duplicate, coupon
 * void...). Each stays on the list, with the hub's reason and the number to call, until the operator
 * records how the call back ended.
 */
import type { CallbackOutcome, CallbackTask } from '../../domain/api/contract.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { asCallerBooking, bookingById } from './caller-bookings.ts';

interface TaskRow {
  id: string;
  coupon_id: string;
  name: string;
  name_kana: string;
  contact_phone: string;
  coupon_phone: string;
  updated_at: string;
}

/** Oldest rejection first: who has waited longest is called first. */
export function openCallbackTasks(db: Database): CallbackTask[] {
  const rows = cachedStatement<[], TaskRow>(
    db,
    `SELECT b.id, b.coupon_id, c.name, c.name_kana, b.contact_phone, c.phone AS coupon_phone, b.updated_at
       FROM bookings b JOIN coupons c ON c.id = b.coupon_id
      WHERE b.status = 'rejected' AND b.channel = 'phone'
        AND NOT EXISTS (SELECT 1 FROM callback_outcomes o WHERE o.booking_id = b.id)
      ORDER BY b.updated_at, b.id`,
  ).all();
  return rows.map((row) => ({
    booking: asCallerBooking(bookingById(db, row.id)!),
    couponId: row.coupon_id,
    name: row.name,
    nameKana: row.name_kana,
    phone: row.contact_phone !== '' ? row.contact_phone : row.coupon_phone,
    rejectedAt: row.updated_at,
  }));
}

export interface CallbackOutcomeEntry {
  bookingId: string;
  outcome: CallbackOutcome;
  rebookedBookingId: string | null;
}

/** False when the booking is not an open callback task (not rejected, not by phone, or done already). */
export function recordCallbackOutcome(
  db: Database,
  entry: CallbackOutcomeEntry,
  staffId: string,
  now: Date = new Date(),
): boolean {
  const write = db.transaction((): boolean => {
    const result = cachedStatement(
      db,
      `INSERT INTO callback_outcomes (booking_id, outcome, rebooked_booking_id, recorded_by, recorded_at)
       SELECT b.id, :outcome, :rebooked, :staffId, :at FROM bookings b
        WHERE b.id = :bookingId AND b.status = 'rejected' AND b.channel = 'phone'
          AND NOT EXISTS (SELECT 1 FROM callback_outcomes o WHERE o.booking_id = b.id)`,
    ).run({
      bookingId: entry.bookingId,
      outcome: entry.outcome,
      rebooked: entry.rebookedBookingId,
      staffId,
      at: now.toISOString(),
    });
    if (result.changes !== 1) return false;
    appendAudit(
      db,
      {
        staffId,
        action: 'callback.outcome',
        entity: 'booking',
        entityIds: entry.rebookedBookingId ? [entry.bookingId, entry.rebookedBookingId] : [entry.bookingId],
        detail: { outcome: entry.outcome },
      },
      now,
    );
    return true;
  });
  return write.immediate();
}
