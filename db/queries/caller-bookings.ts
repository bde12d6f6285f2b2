/**
 * Bookings as the phone desk shows them: slot day and time, venue with address and phone, product,
 * status, and the cancellation reason when there is one.
 */

import type { BookingChannel, CallerBooking, CancelReason } from '../../domain/api/contract.ts';
import type { BookingStatus } from '../../domain/booking-status.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { rejectionFromColumns } from './hub-rejection.ts';

interface BookingRow {
  id: string;
  coupon_id: string;
  booking_number: string;
  dose_number: number;
  status: BookingStatus;
  channel: BookingChannel;
  slot_id: string;
  date: string;
  start_time: string;
  end_time: string;
  venue_id: string;
  venue_name: string;
  venue_address: string;
  venue_phone: string;
  product_id: string;
  product_name: string;
  contact_phone: string;
  notes: string;
  reject_code: string | null;
  reject_reasons: string;
  cancel_reason: CancelReason | null;
}

const bookingSelect = `
  SELECT b.id, b.coupon_id, b.booking_number, b.dose_number, b.status, b.channel, b.slot_id,
         s.date, s.start_time, s.end_time,
         v.id AS venue_id, v.name AS venue_name, v.address AS venue_address, v.phone AS venue_phone,
         p.id AS product_id, p.name AS product_name,
         b.contact_phone, b.notes, b.reject_code, b.reject_reasons, x.reason AS cancel_reason
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN venues v ON v.id = s.venue_id
    JOIN vaccine_products p ON p.id = s.product_id
    LEFT JOIN booking_cancellations x ON x.booking_id = b.id`;

export type CouponBooking = CallerBooking & { couponId: string };

function toBooking(row: BookingRow): CouponBooking {
  return {
    bookingId: row.id,
    couponId: row.coupon_id,
    bookingNumber: row.booking_number,
    doseNumber: row.dose_number,
    status: row.status,
    channel: row.channel,
    slotId: row.slot_id,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    venue: {
      venueId: row.venue_id,
      name: row.venue_name,
      address: row.venue_address,
      phone: row.venue_phone,
    },
    productId: row.product_id,
    productName: row.product_name,
    contactPhone: row.contact_phone,
    notes: row.notes,
    rejection: rejectionFromColumns(row.reject_code, row.reject_reasons),
    cancelReason: row.cancel_reason,
  };
}

/** Without the coupon id, as the contract's CallerBooking. */
export function asCallerBooking({ couponId: _couponId, ...booking }: CouponBooking): CallerBooking {
  return booking;
}

export function bookingById(db: Database, bookingId: string): CouponBooking | null {
  const row = cachedStatement<[string], BookingRow>(db, `${bookingSelect} WHERE b.id = ?`).get(bookingId);
  return row ? toBooking(row) : null;
}

/** Booking numbers are stored in compact form ('K7XH3PRW'). */
export function bookingByNumber(db: Database, bookingNumber: string): CouponBooking | null {
  const row = cachedStatement<[string], BookingRow>(db, `${bookingSelect} WHERE b.booking_number = ?`).get(
    bookingNumber,
  );
  return row ? toBooking(row) : null;
}

/** Every booking of a coupon, the latest slot first. */
export function bookingsOfCoupon(db: Database, couponId: string): CouponBooking[] {
  return cachedStatement<[string], BookingRow>(
    db,
    `${bookingSelect} WHERE b.coupon_id = ? ORDER BY s.date DESC, s.start_time DESC, b.dose_number DESC`,
  )
    .all(couponId)
    .map(toBooking);
}
