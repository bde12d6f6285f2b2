/**
 * Callback tasks: residents the call center has to call back because of what the hub said.
 * - booking_rejected: a provisional phone booking the hub rejected (slot full after all, duplicate,
 *   coupon void...); it stays on the list until the operator records how the call ended
 *   (callback_outcomes).
 * - move_refused: the hub refused a move (db/migrations/005); the booking is back in its old slot and
 *   the resident has to hear that the move did not happen.
 * - number_changed: the hub gave the booking another number than the one read to the resident.
 * - slot_closed: a manager closed the booking's slot (on any desk, through the hub) while it still
 *   expected the resident; derived from the mirrored slots (slot_closures, db/migrations/008), so every
 *   desk lists it, until the booking is moved or cancelled, the slot reopens, or an outcome is recorded
 *   here (slot_closure_callbacks).
 * Each task carries the reason and the number to call. One task per booking and kind (the newest).
 */
import type { CallbackKind, CallbackOutcome, CallbackTask, HubRejection } from '../../domain/api/contract.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { asCallerBooking, bookingById } from './caller-bookings.ts';
import { rejectionColumns, rejectionFromColumns } from './hub-rejection.ts';
import { strandedByClosureSqlList } from './slot-closures.ts';

interface TaskRow {
  kind: CallbackKind;
  id: string;
  /** Null: the booking's own rejection (a rejected booking). */
  reject_code: string | null;
  reject_reasons: string;
  previous_booking_number: string | null;
  coupon_id: string;
  name: string;
  name_kana: string;
  contact_phone: string;
  coupon_phone: string;
  at: string;
}

/** The code of a slot_closed task (the closure's time is the task's time). */
export const slotClosedReason = 'SLOT_CLOSED';
/** The code of a number_changed task. */
export const numberChangedCode = 'BOOKING_NUMBER_CHANGED';

/** Oldest first: who has waited longest is called first. */
export function openCallbackTasks(db: Database): CallbackTask[] {
  const rows = cachedStatement<[], TaskRow>(
    db,
    `SELECT 'booking_rejected' AS kind, b.id AS id, NULL AS reject_code, '[]' AS reject_reasons,
            NULL AS previous_booking_number, b.coupon_id, c.name, c.name_kana, b.contact_phone,
            c.phone AS coupon_phone, b.updated_at AS at
       FROM bookings b JOIN coupons c ON c.id = b.coupon_id
      WHERE b.status = 'rejected' AND b.channel = 'phone'
        AND NOT EXISTS (SELECT 1 FROM callback_outcomes o WHERE o.booking_id = b.id)
     UNION ALL
     SELECT k.kind, b.id, coalesce(k.reject_code, '${numberChangedCode}'), k.reject_reasons,
            k.previous_booking_number, b.coupon_id, c.name, c.name_kana, b.contact_phone, c.phone, k.created_at
       FROM booking_callbacks k JOIN bookings b ON b.id = k.booking_id JOIN coupons c ON c.id = b.coupon_id
      WHERE k.outcome IS NULL AND b.status NOT IN ('cancelled', 'rejected')
        AND k.id = (SELECT max(id) FROM booking_callbacks n WHERE n.booking_id = k.booking_id AND n.outcome IS NULL)
     UNION ALL
     SELECT 'slot_closed', b.id, '${slotClosedReason}', '[]', NULL, b.coupon_id, c.name, c.name_kana, b.contact_phone, c.phone,
            k.closed_at
       FROM slot_closures k JOIN bookings b ON b.slot_id = k.slot_id JOIN coupons c ON c.id = b.coupon_id
      WHERE b.status IN (${strandedByClosureSqlList})
        AND NOT EXISTS (SELECT 1 FROM slot_closure_callbacks o WHERE o.booking_id = b.id AND o.closed_at = k.closed_at)
      ORDER BY at, id`,
  ).all();
  return rows.map((row) => {
    const booking = asCallerBooking(bookingById(db, row.id)!);
    const rejection = rejectionFromColumns(row.reject_code, row.reject_reasons) ?? booking.rejection;
    return {
      kind: row.kind,
      booking: { ...booking, rejection },
      couponId: row.coupon_id,
      name: row.name,
      nameKana: row.name_kana,
      phone: row.contact_phone !== '' ? row.contact_phone : row.coupon_phone,
      rejectedAt: row.at,
      previousBookingNumber: row.kind === 'number_changed' ? row.previous_booking_number : null,
    };
  });
}

export interface NewBookingCallback {
  bookingId: string;
  kind: Exclude<CallbackKind, 'booking_rejected'>;
  /** move_refused: the hub's refusal. */
  rejection?: HubRejection;
  /** number_changed: the number the resident was given first. */
  previousBookingNumber?: string;
  /** The hub mutation whose answer this is: the same answer twice is one task. */
  mutationId: string;
}

/**
 * A task about a booking that stays (a refused move, a changed number). A walk-in's number was not
 * read to anyone on the phone, so its change makes no task. False when nothing was added.
 */
export function addBookingCallback(db: Database, callback: NewBookingCallback, at: Date): boolean {
  const result = cachedStatement(
    db,
    `INSERT INTO booking_callbacks (booking_id, kind, reject_code, reject_reasons, previous_booking_number,
                                    mutation_id, created_at)
     SELECT b.id, :kind, :rejectCode, :rejectReasons, :previousBookingNumber, :mutationId, :at FROM bookings b
      WHERE b.id = :bookingId AND NOT (:kind = 'number_changed' AND b.channel = 'walk_in')
     ON CONFLICT (mutation_id, booking_id) DO NOTHING`,
  ).run({
    bookingId: callback.bookingId,
    kind: callback.kind,
    ...rejectionColumns(callback.rejection),
    previousBookingNumber: callback.previousBookingNumber ?? null,
    mutationId: callback.mutationId,
    at: at.toISOString(),
  });
  return result.changes === 1;
}

export interface CallbackOutcomeEntry {
  bookingId: string;
  outcome: CallbackOutcome;
  rebookedBookingId: string | null;
}

/** False when the booking has no open callback task (done already, or none). */
export function recordCallbackOutcome(
  db: Database,
  entry: CallbackOutcomeEntry,
  staffId: string,
  now: Date = new Date(),
): boolean {
  const write = db.transaction((): boolean => {
    const params = {
      bookingId: entry.bookingId,
      outcome: entry.outcome,
      rebooked: entry.rebookedBookingId,
      staffId,
      at: now.toISOString(),
    };
    const rejected = cachedStatement(
      db,
      `INSERT INTO callback_outcomes (booking_id, outcome, rebooked_booking_id, recorded_by, recorded_at)
       SELECT b.id, :outcome, :rebooked, :staffId, :at FROM bookings b
        WHERE b.id = :bookingId AND b.status = 'rejected' AND b.channel = 'phone' AND :outcome <> 'informed'
          AND NOT EXISTS (SELECT 1 FROM callback_outcomes o WHERE o.booking_id = b.id)`,
    ).run(params);
    const closed =
      rejected.changes === 1
        ? 0
        : cachedStatement(
            db,
            `UPDATE booking_callbacks SET outcome = :outcome, rebooked_booking_id = :rebooked,
                    recorded_by = :staffId, recorded_at = :at
              WHERE booking_id = :bookingId AND outcome IS NULL`,
          ).run(params).changes;
    // The resident was called about the closure of the slot the booking is still in.
    const closure = cachedStatement(
      db,
      `INSERT INTO slot_closure_callbacks (booking_id, closed_at, outcome, rebooked_booking_id, recorded_by,
                                           recorded_at)
       SELECT b.id, k.closed_at, :outcome, :rebooked, :staffId, :at
         FROM bookings b JOIN slot_closures k ON k.slot_id = b.slot_id
        WHERE b.id = :bookingId AND b.status IN (${strandedByClosureSqlList})
       ON CONFLICT (booking_id, closed_at) DO NOTHING`,
    ).run(params).changes;
    if (rejected.changes !== 1 && closed === 0 && closure === 0) return false;
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
