/**
 * What a resident who has just proved who they are can book now, for the lookup's answer: the phone
 * desk's rule (domain callerEligibility) over the hub's rows, plus whether an active venue here takes
 * the ticket's municipality. One status, so the resident page says at once, with one reason, when
 * nothing can be booked.
 */

import { callerEligibility, loosestProductRules } from '../../domain/booking-rules/caller-eligibility.ts';
import type { ProductRules } from '../../domain/booking-rules/eligibility.ts';
import { todayIn } from '../../domain/calendar.ts';
import type { ResidentEligibility } from '../../domain/hub-api/public-api.ts';
import type { CouponStatus } from '../../domain/vocabulary/index.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { servedMunicipalities } from '../catalog/public-catalog.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import { doseHistory } from './booking-checks.ts';
import type { VerifiedCoupon } from './resident-verification.ts';

interface ProductRow {
  doses_in_series: number;
  interval_min_days: number;
  interval_max_days: number;
  min_age_years: number;
}

const productRules = (row: ProductRow): ProductRules => ({
  dosesInSeries: row.doses_in_series,
  intervalMinDays: row.interval_min_days,
  intervalMaxDays: row.interval_max_days,
  minAgeYears: row.min_age_years,
});

/**
 * The eligibility of the resident's ticket: of the coupons the proof matched (normally one), the first
 * one a venue here takes, else the first.
 */
export async function residentEligibility(
  sql: SqlExecutor,
  coupons: readonly VerifiedCoupon[],
  now: Date,
): Promise<ResidentEligibility> {
  const served = await servedMunicipalities(
    sql,
    coupons.map((c) => c.municipalityCode),
  );
  const chosen = coupons.find((c) => served.has(c.municipalityCode)) ?? coupons[0];
  if (!chosen) throw new Error('residentEligibility needs the coupons of a successful verification');
  const [coupon] = await sql.query<{ status: CouponStatus; birth_date: string }>(
    'SELECT status, birth_date FROM coupons WHERE id = $1',
    [chosen.id],
  );
  if (!coupon) throw new Error('a verified coupon has disappeared');
  // The product of the series: of the earliest dose given or booked that names one.
  const [series] = await sql.query<ProductRow>(
    `SELECT p.doses_in_series, p.interval_min_days, p.interval_max_days, p.min_age_years
       FROM (SELECT dose_number, product_id FROM coupon_doses WHERE coupon_id = $1 AND product_id IS NOT NULL
             UNION ALL
             SELECT b.dose_number, s.product_id FROM bookings b JOIN slots s ON s.id = b.slot_id
              WHERE b.coupon_id = $1 AND b.status IN ('confirmed', 'checked_in', 'vaccinated')) d
       JOIN vaccine_products p ON p.id = d.product_id
      ORDER BY d.dose_number LIMIT 1`,
    [chosen.id],
  );
  const onOffer = (
    await sql.query<ProductRow>(
      'SELECT doses_in_series, interval_min_days, interval_max_days, min_age_years FROM vaccine_products WHERE active',
    )
  ).map(productRules);
  const history = await doseHistory(sql, chosen.id);
  const started = history.given.length + history.booked.length > 0;
  // Doses recorded without their product: judge by the loosest product on offer.
  const seriesProduct = series ? productRules(series) : started ? loosestProductRules(onOffer) : null;
  const eligibility = callerEligibility({
    coupon: { status: coupon.status, birthDate: coupon.birth_date },
    history,
    seriesProduct,
    lowestMinAgeYears: loosestProductRules(onOffer)?.minAgeYears ?? 0,
    today: todayIn(japanTimeZone, now),
    servedHere: served.has(chosen.municipalityCode),
  });
  return { status: eligibility.status, nextDose: eligibility.nextDose, window: eligibility.window };
}
