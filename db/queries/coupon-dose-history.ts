/**
 * A coupon's doses as the booking rules see them (domain/booking-rules/dose-history.ts): doses given
 * (recorded doses and vaccinated bookings) and doses booked (active bookings not given yet), plus the
 * product the series is of.
 */
import {
  duplicateBlockingStatuses,
  type SeriesSoFar,
  seriesSoFar,
} from '../../domain/booking-rules/dose-history.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export type CouponDoseHistory = SeriesSoFar;

interface DoseRow {
  source: 'record' | 'booking';
  booking_id: string | null;
  dose_number: number;
  date: string;
  product_id: string | null;
  status: string | null;
}

const activeStatuses = duplicateBlockingStatuses.filter((s) => s !== 'vaccinated');
const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const historySql = `
  SELECT 'record' AS source, NULL AS booking_id, dose_number, date, product_id, NULL AS status
    FROM coupon_doses WHERE coupon_id = :couponId
  UNION ALL
  SELECT 'booking', b.id, b.dose_number, s.date, s.product_id, b.status
    FROM bookings b JOIN slots s ON s.id = b.slot_id
   WHERE b.coupon_id = :couponId AND b.status IN ('vaccinated', ${sqlList(activeStatuses)})
  ORDER BY dose_number, date`;

/** `excludeBookingId`: leave one booking out (the one being moved), so it does not block itself. */
export function couponDoseHistory(
  db: Database,
  couponId: string,
  excludeBookingId: string | null = null,
): CouponDoseHistory {
  const rows = cachedStatement<[{ couponId: string }], DoseRow>(db, historySql).all({ couponId });
  return seriesSoFar(
    rows.map((row) => ({
      doseNumber: row.dose_number,
      date: row.date,
      productId: row.product_id,
      given: row.source === 'record' || row.status === 'vaccinated',
      bookingId: row.booking_id,
    })),
    excludeBookingId,
  );
}
