/**
 * Everything the operator reads back to a verified caller: name and reading, doses received,
 * bookings, and what can be booked next (domain/booking-rules/caller-eligibility.ts).
 */
import type { CallerFile, GivenDose } from '../../domain/api/contract.ts';
import { callerEligibility } from '../../domain/booking-rules/caller-eligibility.ts';
import type { IsoDate } from '../../domain/calendar.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { asCallerBooking, bookingsOfCoupon } from './caller-bookings.ts';
import { couponForRules } from './caller-lookup.ts';
import { couponDoseHistory } from './coupon-dose-history.ts';
import { productsById } from './vaccine-products.ts';

export function loadCallerFile(db: Database, couponId: string, today: IsoDate): CallerFile | null {
  const coupon = couponForRules(db, couponId);
  if (!coupon) return null;
  const products = productsById(db);
  const { history, seriesProductId } = couponDoseHistory(db, couponId);
  const seriesProduct = seriesProductId ? (products.get(seriesProductId) ?? null) : null;
  const activeProducts = [...products.values()].filter((p) => p.active);
  const lowestMinAgeYears = Math.min(...activeProducts.map((p) => p.minAgeYears), Number.POSITIVE_INFINITY);

  const recordedDoses = cachedStatement<
    [string],
    { dose_number: number; date: string; product_id: string | null }
  >(
    db,
    'SELECT dose_number, date, product_id FROM coupon_doses WHERE coupon_id = ? ORDER BY dose_number',
  ).all(couponId);
  const bookings = bookingsOfCoupon(db, couponId);
  const doses: GivenDose[] = [
    ...recordedDoses.map((d) => ({
      doseNumber: d.dose_number,
      date: d.date,
      productName: d.product_id ? (products.get(d.product_id)?.name ?? null) : null,
    })),
    ...bookings
      .filter((b) => b.status === 'vaccinated')
      .map((b) => ({ doseNumber: b.doseNumber, date: b.date, productName: b.productName })),
  ].sort((a, b) => a.doseNumber - b.doseNumber);

  const eligibility = callerEligibility({
    coupon: { status: coupon.status, birthDate: coupon.birthDate },
    history,
    seriesProduct,
    lowestMinAgeYears: Number.isFinite(lowestMinAgeYears) ? lowestMinAgeYears : 0,
    today,
  });
  return {
    couponId: coupon.id,
    name: coupon.name,
    nameKana: coupon.nameKana,
    ticketNumber: coupon.ticketNumber,
    couponStatus: coupon.status,
    phoneOnFile: coupon.phone,
    doses,
    bookings: bookings.map(asCallerBooking),
    eligibility: {
      ...eligibility,
      productId: seriesProduct?.id ?? null,
      productName: seriesProduct?.name ?? null,
    },
  };
}
