/**
 * Booking on the phone: a dose and, optionally, the next dose of the series, in ONE immediate
 * transaction. Each booking row takes its seat with a conditional INSERT (the seat count is part of the
 * statement), and comes with its outbox mutation and audit event. The booking id is the client's
 * mutation id, so the same request twice saves once and answers the stored bookings again.
 * Every refusal (duplicate, full, closed, ineligible) rolls back everything the request wrote.
 */

import { ApiError } from '../../domain/api/errors.ts';
import {
  type CreatePhoneBookingResult,
  duplicateOverrideRoles,
  type SlotIneligibility,
} from '../../domain/api/methods/phone-desk.ts';
import { makeBookingNumber } from '../../domain/booking-number.ts';
import { storedContactPhone } from '../../domain/booking-rules/booking-fields.ts';
import { nextBookedDoseDate, previousDoseDate } from '../../domain/booking-rules/dose-history.ts';
import { slotMisfits } from '../../domain/booking-rules/slot-fit.ts';
import { slotHasStarted } from '../../domain/booking-rules/slot-start.ts';
import { phoneKey } from '../../domain/phone.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { asCallerBooking, bookingById } from './caller-bookings.ts';
import { couponForRules } from './caller-lookup.ts';
import { couponDoseHistory } from './coupon-dose-history.ts';
import { bookingCreateKind, enqueueBookingCreate, storedMutation } from './outbox.ts';
import {
  answerOrRefusal,
  type PhoneWriteContext,
  slotHasFreeSeatSql,
  WriteRefused,
} from './phone-booking-context.ts';
import { slotAvailability } from './phone-slot-availability.ts';
import { productsById } from './vaccine-products.ts';

export interface PhoneBookingRequest {
  couponId: string;
  /** `holdId`: the hub hold of the slot, passed on in the outbox entry for the hub to take over. */
  first: { mutationId: string; slotId: string; doseNumber: number; holdId?: string | undefined };
  followUp: { mutationId: string; slotId: string; holdId?: string | undefined } | null;
  contactPhone: string;
  notes: string;
  overrideDuplicate: boolean;
}

interface PlannedBooking {
  mutationId: string;
  slotId: string;
  doseNumber: number;
  holdId?: string | undefined;
}

const cryptoRandom = () => (globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) / 2 ** 32;

export function createPhoneBookings(
  db: Database,
  request: PhoneBookingRequest,
  context: PhoneWriteContext,
): CreatePhoneBookingResult {
  const write = db.transaction(() => replayOf(db, request) ?? book(db, request, context));
  return answerOrRefusal(() => write.immediate());
}

function plannedBookings(request: PhoneBookingRequest): PlannedBooking[] {
  const planned: PlannedBooking[] = [request.first];
  if (request.followUp) planned.push({ ...request.followUp, doseNumber: request.first.doseNumber + 1 });
  return planned;
}

/** The stored answer when these mutation ids were saved before; CONFLICT when they were used otherwise. */
function replayOf(db: Database, request: PhoneBookingRequest): CreatePhoneBookingResult | null {
  const planned = plannedBookings(request);
  const stored = planned.map((p) => bookingById(db, p.mutationId));
  if (stored.every((b) => b === null)) {
    if (planned.some((p) => storedMutation(db, p.mutationId) !== null)) {
      throw new ApiError('CONFLICT', 'mutation id already used for another change');
    }
    return null;
  }
  const samePayload = planned.every((p, i) => {
    const booking = stored[i];
    if (!booking || booking.couponId !== request.couponId || booking.doseNumber !== p.doseNumber)
      return false;
    // The slot may have been moved since; compare with what this mutation asked for when it is still queued.
    const original = storedMutation(db, p.mutationId);
    return original === null || (original.kind === bookingCreateKind && original.payload.slotId === p.slotId);
  });
  if (!samePayload) throw new ApiError('CONFLICT', 'mutation id already used with a different booking');
  return {
    kind: 'booked',
    replayed: true,
    bookings: stored.map((b) => asCallerBooking(b!)),
  };
}

function book(
  db: Database,
  request: PhoneBookingRequest,
  context: PhoneWriteContext,
): CreatePhoneBookingResult {
  const coupon = couponForRules(db, request.couponId);
  if (!coupon) throw new ApiError('NOT_FOUND', 'no such coupon');
  const products = productsById(db);
  const { history, seriesProductId, activeBookingIdByDose } = couponDoseHistory(db, request.couponId);
  const mayOverride = request.overrideDuplicate && duplicateOverrideRoles.includes(context.role);
  const planned = plannedBookings(request);
  const at = context.now.toISOString();

  let previousDate = previousDoseDate(history, request.first.doseNumber);
  let series = seriesProductId;
  const savedIds: string[] = [];
  for (const [index, booking] of planned.entries()) {
    const { doseNumber, slotId } = booking;
    const slot = slotAvailability(db, slotId);
    if (!slot) throw new ApiError('NOT_FOUND', 'no such slot');
    if (!slot.open || slotHasStarted(slot, context.now)) {
      throw new WriteRefused<CreatePhoneBookingResult>({
        kind: 'slot_unavailable',
        doseNumber,
        slotId,
        why: 'closed',
      });
    }
    const existingId = activeBookingIdByDose.get(doseNumber);
    if (existingId && !mayOverride) {
      const existing = bookingById(db, existingId)!;
      throw new WriteRefused<CreatePhoneBookingResult>({
        kind: 'duplicate',
        doseNumber,
        existing: asCallerBooking(existing),
      });
    }
    const product = products.get(slot.productId);
    if (!product) throw new ApiError('INTERNAL', 'slot without a known product');
    // The dose after this one, when it is booked already and not part of this request.
    const isLastPlanned = index === planned.length - 1;
    const nextDoseDate = isLastPlanned ? nextBookedDoseDate(history, doseNumber) : null;
    const reasons: SlotIneligibility[] = slotMisfits({
      coupon: { status: coupon.status, birthDate: coupon.birthDate },
      doseNumber,
      slot: { date: slot.date, productId: slot.productId },
      product,
      seriesProductId: series,
      doseAlreadyGiven: history.given.some((d) => d.doseNumber === doseNumber),
      previousDoseDate: previousDate,
      nextDoseDate,
    });
    if (reasons.length > 0) {
      throw new WriteRefused<CreatePhoneBookingResult>({ kind: 'ineligible', doseNumber, reasons });
    }

    const bookingNumber = freshBookingNumber(db, context.random ?? cryptoRandom);
    const contactPhone = storedContactPhone(request.contactPhone);
    // The booking as the local row and its outbox entry both hold it.
    const created = {
      id: booking.mutationId,
      bookingNumber,
      couponId: request.couponId,
      slotId,
      doseNumber,
      contactPhone,
      notes: request.notes.trim(),
    };
    const inserted = cachedStatement(
      db,
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
                             contact_phone, notes, created_by, created_at, updated_at)
       SELECT :id, :bookingNumber, :couponId, :slotId, :doseNumber, 'phone', 'provisional',
              :contactPhone, :notes, :staffId, :at, :at
        WHERE ${slotHasFreeSeatSql}`,
    ).run({ ...created, staffId: context.staffId, at });
    if (inserted.changes !== 1) {
      throw new WriteRefused<CreatePhoneBookingResult>({
        kind: 'slot_unavailable',
        doseNumber,
        slotId,
        why: 'full',
      });
    }

    const followUpOf = index > 0 ? planned[0]!.mutationId : null;
    enqueueBookingCreate(
      db,
      {
        ...created,
        channel: 'phone',
        createdBy: context.staffId,
        createdAt: at,
        followUpOf,
        ...(booking.holdId ? { holdId: booking.holdId } : {}),
      },
      context.now,
    );
    appendAudit(
      db,
      {
        staffId: context.staffId,
        action: bookingCreateKind,
        entity: 'booking',
        entityIds: [booking.mutationId],
        detail: {
          couponId: request.couponId,
          slotId,
          doseNumber,
          followUpOf,
          hasContactPhone: phoneKey(contactPhone) !== '',
        },
      },
      context.now,
    );
    if (existingId) {
      appendAudit(
        db,
        {
          staffId: context.staffId,
          action: 'booking.duplicate-override',
          entity: 'booking',
          entityIds: [booking.mutationId, existingId],
          detail: { couponId: request.couponId, doseNumber, role: context.role },
        },
        context.now,
      );
    }
    savedIds.push(booking.mutationId);
    previousDate = slot.date;
    series ??= slot.productId;
  }
  return {
    kind: 'booked',
    replayed: false,
    bookings: savedIds.map((id) => asCallerBooking(bookingById(db, id)!)),
  };
}

/** A booking number not issued yet (a collision is rare: see domain/booking-number.ts). */
function freshBookingNumber(db: Database, random: () => number): string {
  const taken = cachedStatement<[string], number>(
    db,
    'SELECT 1 FROM bookings WHERE booking_number = ?',
  ).pluck();
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = makeBookingNumber(random);
    if (taken.get(candidate) === undefined) return candidate;
  }
  throw new ApiError('INTERNAL', 'could not draw a free booking number');
}
