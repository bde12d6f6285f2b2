/**
 * Cancelling a booking with a reason, and by default the later doses of the same series that are
 * still booked (a second dose without the first makes no sense). Status, reason rows, one outbox
 * mutation, a history line per booking and one audit event, in one transaction. Cancelling twice with the same mutation id
 * answers the first result again.
 */
import { ApiError } from '../../domain/api/errors.ts';
import {
  type CancelPhoneBookingResult,
  type CancelReason,
  changeableBookingStatuses,
} from '../../domain/api/methods/phone-desk.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { appendBookingHistory } from './booking-history.ts';
import { asCallerBooking, bookingById, bookingsOfCoupon } from './caller-bookings.ts';
import {
  bookingCancelKind,
  cancelStepMutationId,
  enqueueBookingCancel,
  type OutboxPayload,
  type StoredOutboxBody,
  storedMutation,
} from './outbox.ts';
import type { PhoneWriteContext } from './phone-booking-context.ts';

export interface BookingCancelRequest {
  mutationId: string;
  bookingId: string;
  reason: CancelReason;
  alsoCancelLaterDoses: boolean;
}

export function cancelPhoneBooking(
  db: Database,
  request: BookingCancelRequest,
  context: PhoneWriteContext,
): CancelPhoneBookingResult {
  const write = db.transaction((): CancelPhoneBookingResult => {
    const stored = storedMutation(db, request.mutationId);
    if (stored) return replayOf(db, request, stored);

    const booking = bookingById(db, request.bookingId);
    if (!booking) throw new ApiError('NOT_FOUND', 'no such booking');
    if (!changeableBookingStatuses.includes(booking.status)) {
      return { kind: 'not_changeable', status: booking.status };
    }
    const later = request.alsoCancelLaterDoses
      ? bookingsOfCoupon(db, booking.couponId).filter(
          (b) => b.doseNumber > booking.doseNumber && changeableBookingStatuses.includes(b.status),
        )
      : [];
    const ids = [
      booking.bookingId,
      ...later.sort((a, b) => a.doseNumber - b.doseNumber).map((b) => b.bookingId),
    ];

    const at = context.now.toISOString();
    const setCancelled = cachedStatement(
      db,
      "UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?",
    );
    const recordReason = cachedStatement(
      db,
      `INSERT INTO booking_cancellations (booking_id, reason, cancelled_by, cancelled_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (booking_id) DO UPDATE SET reason = excluded.reason, cancelled_by = excluded.cancelled_by,
                                              cancelled_at = excluded.cancelled_at`,
    );
    const statusOf = new Map([booking, ...later].map((b) => [b.bookingId, b.status]));
    for (const id of ids) {
      setCancelled.run(at, id);
      recordReason.run(id, request.reason, context.staffId, at);
      appendBookingHistory(
        db,
        {
          bookingId: id,
          staffId: context.staffId,
          action: 'cancelled',
          fromStatus: statusOf.get(id) ?? null,
          toStatus: 'cancelled',
          reason: request.reason,
          // The hub mutation that cancels this one booking: the hub's record of it finds this line.
          mutationId: cancelStepMutationId(request.mutationId, id),
        },
        context.now,
      );
    }
    const payload: OutboxPayload<'booking.cancel'> = {
      bookingIds: ids,
      reason: request.reason,
      cancelledBy: context.staffId,
      cancelledAt: at,
    };
    enqueueBookingCancel(db, request.mutationId, payload, context.now);
    appendAudit(
      db,
      {
        staffId: context.staffId,
        action: bookingCancelKind,
        entity: 'booking',
        entityIds: ids,
        detail: { mutationId: request.mutationId, reason: request.reason },
      },
      context.now,
    );
    return {
      kind: 'cancelled',
      replayed: false,
      bookings: ids.map((id) => asCallerBooking(bookingById(db, id)!)),
    };
  });
  return write.immediate();
}

function replayOf(
  db: Database,
  request: BookingCancelRequest,
  stored: StoredOutboxBody,
): CancelPhoneBookingResult {
  const ids = stored.kind === bookingCancelKind ? stored.payload.bookingIds : [];
  if (
    stored.kind !== bookingCancelKind ||
    ids[0] !== request.bookingId ||
    stored.payload.reason !== request.reason
  ) {
    throw new ApiError('CONFLICT', 'mutation id already used for another change');
  }
  return {
    kind: 'cancelled',
    replayed: true,
    bookings: ids.map((id) => asCallerBooking(bookingById(db, id)!)),
  };
}
