/** Bookings as the public API shows them: with their slot's venue, date, times and product. */
import { spellBookingNumberForPhone } from '../../domain/booking-number.ts';
import type { BookingView } from '../../domain/hub-api/public-api.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';

interface BookingViewRow {
  id: string;
  booking_number: string;
  slot_id: string;
  dose_number: number;
  status: BookingView['status'];
  venue_id: string;
  venue_name: string;
  date: string;
  start_time: string;
  end_time: string;
  product_name: string;
}

const selectViews = `
  SELECT b.id, b.booking_number, b.slot_id, b.dose_number, b.status,
         v.id AS venue_id, v.name AS venue_name, s.date, s.start_time, s.end_time, p.name AS product_name
  FROM bookings b
  JOIN slots s ON s.id = b.slot_id
  JOIN venues v ON v.id = s.venue_id
  JOIN vaccine_products p ON p.id = s.product_id`;

/** A booking just made, shown with the facts of its slot (booking-checks.ts). */
export function bookingViewOf(
  booking: Pick<BookingViewRow, 'id' | 'booking_number' | 'slot_id' | 'dose_number' | 'status'>,
  slot: Pick<BookingViewRow, 'venue_id' | 'venue_name' | 'date' | 'start_time' | 'end_time' | 'product_name'>,
): BookingView {
  return viewOf({
    id: booking.id,
    booking_number: booking.booking_number,
    slot_id: booking.slot_id,
    dose_number: booking.dose_number,
    status: booking.status,
    venue_id: slot.venue_id,
    venue_name: slot.venue_name,
    date: slot.date,
    start_time: slot.start_time,
    end_time: slot.end_time,
    product_name: slot.product_name,
  });
}

function viewOf(row: BookingViewRow): BookingView {
  return {
    id: row.id,
    bookingNumber: row.booking_number,
    bookingNumberReading: spellBookingNumberForPhone(row.booking_number),
    slotId: row.slot_id,
    doseNumber: row.dose_number,
    status: row.status,
    venueId: row.venue_id,
    venueName: row.venue_name,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    productName: row.product_name,
  };
}

export async function bookingViewsByIds(sql: SqlExecutor, ids: readonly string[]): Promise<BookingView[]> {
  const rows = await sql.query<BookingViewRow>(
    `${selectViews} WHERE b.id = ANY($1::uuid[]) ORDER BY s.date, s.start_time, b.dose_number`,
    [[...ids]],
  );
  return rows.map(viewOf);
}

export async function bookingViewsOfCoupons(
  sql: SqlExecutor,
  couponIds: readonly string[],
): Promise<BookingView[]> {
  const rows = await sql.query<BookingViewRow>(
    `${selectViews} WHERE b.coupon_id = ANY($1::text[]) ORDER BY s.date, s.start_time, b.dose_number`,
    [[...couponIds]],
  );
  return rows.map(viewOf);
}
