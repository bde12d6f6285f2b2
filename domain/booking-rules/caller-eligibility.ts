/**
 * What an operator needs to know about a caller before looking for a slot: which dose comes next,
 * the dates the interval allows, the age rule and whether anything stops a booking at all (void
 * coupon, series complete, every dose already booked, window missed). Built on dose-history.ts and
 * eligibility.ts; the per-slot check stays ineligibilityOf(). The hub answers the same status to a
 * resident who has just proved who they are, so the resident page says at once, with one reason,
 * when nothing can be booked. The statuses are in order of precedence, the ticket's reasons first as
 * in eligibility.ts.
 */
import { ageOn, type IsoDate, isoDateParts, isRealDate, toIsoDate } from '../calendar.ts';
import type { CouponStatus } from '../vocabulary/index.ts';
import { type DoseHistory, hasActiveBooking, nextDoseNumber, previousDoseDate } from './dose-history.ts';
import { doseWindow, type ProductRules } from './eligibility.ts';

export const callerEligibilityStatuses = [
  'bookable',
  'coupon_void',
  'moved_out',
  'other_municipality',
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
  /**
   * Whether a venue here takes this ticket's municipality (the hub serves several; a desk only its
   * own, so it leaves this out).
   */
  servedHere?: boolean;
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
  if (input.servedHere === false) return stopped('other_municipality');

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

/**
 * The rules to judge a series by when its doses were recorded without their product: the loosest of
 * the products on offer (most doses, widest interval, lowest age), so that "complete" or "window
 * passed" is said only when it holds whichever product it was. Null when nothing is on offer.
 */
export function loosestProductRules(products: readonly ProductRules[]): ProductRules | null {
  if (products.length === 0) return null;
  return {
    dosesInSeries: Math.max(...products.map((p) => p.dosesInSeries)),
    intervalMinDays: Math.min(...products.map((p) => p.intervalMinDays)),
    intervalMaxDays: Math.max(...products.map((p) => p.intervalMaxDays)),
    minAgeYears: Math.min(...products.map((p) => p.minAgeYears)),
  };
}

/** The first day a slot may be offered: today, or later when the interval window opens later. */
export function earliestBookableDay(
  eligibility: Pick<CallerEligibility, 'window' | 'oldEnoughFrom'>,
  today: IsoDate,
): IsoDate {
  const from = eligibility.window && eligibility.window.from > today ? eligibility.window.from : today;
  return eligibility.oldEnoughFrom && eligibility.oldEnoughFrom > from ? eligibility.oldEnoughFrom : from;
}
