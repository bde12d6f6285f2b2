/**
 * What an operator needs to know about a caller before looking for a slot: which dose comes next,
 * the dates the interval allows, the age rule and whether anything stops a booking at all (void
 * coupon, series complete, every dose already booked, window missed). Built on dose-history.ts and
 * eligibility.ts; the per-slot check stays ineligibilityOf().
 */
import { ageOn, type IsoDate, isoDateParts, isRealDate, toIsoDate } from '../calendar.ts';
import type { CouponStatus } from '../demo-city/records.ts';
import { type DoseHistory, hasActiveBooking, nextDoseNumber, previousDoseDate } from './dose-history.ts';
import { doseWindow, type ProductRules } from './eligibility.ts';

export const callerEligibilityStatuses = [
  'bookable',
  'coupon_void',
  'moved_out',
  'series_complete',
  'all_booked',
  'window_passed',
  'previous_dose_missing',
] as const;
export type CallerEligibilityStatus = (typeof callerEligibilityStatuses)[number];

export interface CallerEligibilityInput {
  coupon: { status: CouponStatus; birthDate: IsoDate };
  history: DoseHistory;
  /** The product of the doses given or booked so far; null before the series started (any product). */
  seriesProduct: ProductRules | null;
  /** The lowest minimum age among the products on offer, used while no product is chosen yet. */
  lowestMinAgeYears: number;
  today: IsoDate;
}

export interface CallerEligibility {
  status: CallerEligibilityStatus;
  /** The dose to book next; null when nothing can be booked. */
  nextDose: number | null;
  dosesGiven: number;
  /** Doses of the series; null while no product is chosen. */
  dosesInSeries: number | null;
  previousDoseDate: IsoDate | null;
  /** Days the next dose may be given on (inclusive); null for a first dose (any day from today). */
  window: { from: IsoDate; to: IsoDate } | null;
  ageToday: number;
  minAgeYears: number;
  /** The first day the resident is old enough; null when already old enough today. */
  oldEnoughFrom: IsoDate | null;
}

/** The day someone born on `birthDate` completes `years` (02-29 births count from 03-01 in common years). */
export function dayOfAge(birthDate: IsoDate, years: number): IsoDate {
  const { y, m, d } = isoDateParts(birthDate);
  return isRealDate(y + years, m, d) ? toIsoDate(y + years, m, d) : toIsoDate(y + years, 3, 1);
}

export function callerEligibility(input: CallerEligibilityInput): CallerEligibility {
  const { coupon, history, seriesProduct, today } = input;
  const dosesGiven = new Set(history.given.map((d) => d.doseNumber)).size;
  const minAgeYears = seriesProduct?.minAgeYears ?? input.lowestMinAgeYears;
  const ageToday = ageOn(coupon.birthDate, today);
  const base = {
    dosesGiven,
    dosesInSeries: seriesProduct?.dosesInSeries ?? null,
    ageToday,
    minAgeYears,
    oldEnoughFrom: ageToday >= minAgeYears ? null : dayOfAge(coupon.birthDate, minAgeYears),
  };
  const stopped = (status: CallerEligibilityStatus): CallerEligibility => ({
    ...base,
    status,
    nextDose: null,
    previousDoseDate: null,
    window: null,
  });

  if (coupon.status === 'void') return stopped('coupon_void');
  if (coupon.status === 'moved_out') return stopped('moved_out');

  let next = nextDoseNumber(history);
  const lastDose = seriesProduct?.dosesInSeries ?? Number.POSITIVE_INFINITY;
  while (next <= lastDose && hasActiveBooking(history, next)) next += 1;
  if (next > lastDose) {
    return stopped(nextDoseNumber(history) > lastDose ? 'series_complete' : 'all_booked');
  }

  const previous = previousDoseDate(history, next);
  if (next > 1 && previous === null) return stopped('previous_dose_missing');
  const window = previous !== null && seriesProduct ? doseWindow(previous, seriesProduct) : null;
  const result: CallerEligibility = {
    ...base,
    status: 'bookable',
    nextDose: next,
    previousDoseDate: previous,
    window,
  };
  if (window && window.to < today) return { ...result, status: 'window_passed', nextDose: null };
  return result;
}

/** The first day a slot may be offered: today, or later when the interval window opens later. */
export function earliestBookableDay(
  eligibility: Pick<CallerEligibility, 'window' | 'oldEnoughFrom'>,
  today: IsoDate,
): IsoDate {
  const from = eligibility.window && eligibility.window.from > today ? eligibility.window.from : today;
  return eligibility.oldEnoughFrom && eligibility.oldEnoughFrom > from ? eligibility.oldEnoughFrom : from;
}
