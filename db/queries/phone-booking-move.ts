/**
 * Moving a booking to another slot. ONE conditional UPDATE changes the slot only when the new slot is
 * open and has a free seat, so the old seat is given up exactly when the new one is taken. The
 * booking keeps its number and becomes provisional again (the hub has to accept the move); the
 * outbox mutation, the history line and the audit event are written in the same transaction.
 */
import { ApiError } from '../../domain/api/errors.ts';
import {
  changeableBookingStatuses,
  type MovePhoneBookingResult,
} from '../../domain/api/methods/phone-desk.ts';
import { nextBookedDoseDate, previousDoseDate } from '../../domain/booking-rules/dose-history.ts';
import { slotMisfits } from '../../domain/booking-rules/slot-fit.ts';
import { slotHasStarted } from '../../domain/booking-rules/slot-start.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { appendBookingHistory } from './booking-history.ts';
import { asCallerBooking, bookingById } from './caller-bookings.ts';
import { couponForRules } from './caller-lookup.ts';
import { couponDoseHistory } from './coupon-dose-history.ts';
import { bookingMoveKind, enqueueBookingMove, type OutboxPayload, storedMutation } from './outbox.ts';
import {
  answerOrRefusal,
  type PhoneWriteContext,
  slotHasFreeSeatSql,
  WriteRefused,
} from './phone-booking-context.ts';
import { slotAvailability, slotPlace } from './phone-slot-availability.ts';
import { productsById } from './vaccine-products.ts';

export interface BookingMoveRequest {
  mutationId: string;
  bookingId: string;
  toSlotId: string;
  /** The hub hold of the new slot, passed on in the outbox entry for the hub to take over. */
  holdId?: string | undefined;
}

export function movePhoneBooking(
  db: Database,
  request: BookingMoveRequest,
  context: PhoneWriteContext,
): MovePhoneBookingResult {
  const write = db.transaction(() => replayOf(db, request) ?? move(db, request, context));
  return answerOrRefusal(() => write.immediate());
}

function replayOf(db: Database, request: BookingMoveRequest): MovePhoneBookingResult | null {
  const stored = storedMutation(db, request.mutationId);
  if (!stored) return null;
  if (
    stored.kind !== bookingMoveKind ||
    stored.payload.bookingId !== request.bookingId ||
    stored.payload.toSlotId !== request.toSlotId
  ) {
    throw new ApiError('CONFLICT', 'mutation id already used for another change');
  }
  const payload = stored.payload;
  const booking = bookingById(db, request.bookingId)!;
  const previousSlot = slotPlace(db, payload.fromSlotId ?? booking.slotId)!;
  return { kind: 'moved', replayed: true, booking: asCallerBooking(booking), previousSlot };
}

function move(db: Database, request: BookingMoveRequest, context: PhoneWriteContext): MovePhoneBookingResult {
  const booking = bookingById(db, request.bookingId);
  if (!booking) throw new ApiError('NOT_FOUND', 'no such booking');
  if (!changeableBookingStatuses.includes(booking.status)) {
    return { kind: 'not_changeable', status: booking.status };
  }
  if (booking.slotId === request.toSlotId) {
    throw new ApiError('VALIDATION', 'the booking is already in that slot', [
      { path: 'toSlotId', message: 'same_slot' },
    ]);
  }
  const slot = slotAvailability(db, request.toSlotId);
  if (!slot) throw new ApiError('NOT_FOUND', 'no such slot');
  if (!slot.open || slotHasStarted(slot, context.now)) return { kind: 'slot_unavailable', why: 'closed' };

  const coupon = couponForRules(db, booking.couponId)!;
  const product = productsById(db).get(slot.productId);
  if (!product) throw new ApiError('INTERNAL', 'slot without a known product');
  // The series without the booking being moved: its neighbours decide the window.
  const { history, seriesProductId } = couponDoseHistory(db, booking.couponId, booking.bookingId);
  const reasons = slotMisfits({
    coupon: { status: coupon.status, birthDate: coupon.birthDate },
    doseNumber: booking.doseNumber,
    slot: { date: slot.date, productId: slot.productId },
    product,
    seriesProductId,
    doseAlreadyGiven: history.given.some((d) => d.doseNumber === booking.doseNumber),
    previousDoseDate: previousDoseDate(history, booking.doseNumber),
    nextDoseDate: nextBookedDoseDate(history, booking.doseNumber),
  });
  if (reasons.length > 0) return { kind: 'ineligible', reasons };

  const at = context.now.toISOString();
  const statuses = changeableBookingStatuses.map((s) => `'${s}'`).join(', ');
  const moved = cachedStatement(
    db,
    `UPDATE bookings SET slot_id = :slotId, status = 'provisional', updated_at = :at
      WHERE id = :id AND status IN (${statuses}) AND ${slotHasFreeSeatSql}`,
  ).run({ id: booking.bookingId, slotId: slot.slotId, at });
  if (moved.changes !== 1)
    throw new WriteRefused<MovePhoneBookingResult>({ kind: 'slot_unavailable', why: 'full' });

  const payload: OutboxPayload<'booking.move'> = {
    bookingId: booking.bookingId,
    fromSlotId: booking.slotId,
    toSlotId: slot.slotId,
    ...(request.holdId ? { holdId: request.holdId } : {}),
    movedBy: context.staffId,
    movedAt: at,
  };
  enqueueBookingMove(db, request.mutationId, payload, context.now);
  appendBookingHistory(
    db,
    {
      bookingId: booking.bookingId,
      staffId: context.staffId,
      action: 'moved',
      fromStatus: booking.status,
      toStatus: 'provisional',
      fromSlotId: booking.slotId,
      toSlotId: slot.slotId,
      mutationId: request.mutationId,
    },
    context.now,
  );
  appendAudit(
    db,
    {
      staffId: context.staffId,
      action: bookingMoveKind,
      entity: 'booking',
      entityIds: [booking.bookingId],
      detail: { mutationId: request.mutationId, fromSlotId: booking.slotId, toSlotId: slot.slotId },
    },
    context.now,
  );
  return {
    kind: 'moved',
    replayed: false,
    booking: asCallerBooking(bookingById(db, booking.bookingId)!),
    previousSlot: {
      slotId: booking.slotId,
      venueId: booking.venue.venueId,
      venueName: booking.venue.name,
      date: booking.date,
      startTime: booking.startTime,
      endTime: booking.endTime,
    },
  };
}
