/**
 * Whether a resident may be booked for a dose on a given day. Pure: the hub calls it inside its
 * booking transaction with rows it has just locked, the desktop calls it for a phone booking.
 * Duplicate bookings (one active booking per coupon and dose) are reported separately as
 * ALREADY_BOOKED by the caller, because the resident already has what they asked for.
 *
 * Which reasons are told: a reason about the ticket itself (void, moved out, another municipality's,
 * series complete) stops every booking whatever the slot, so when one applies it is told alone, the
 * first in the list's order; the reasons about a slot (age on the day, interval, previous dose) would
 * only contradict it ("all doses given" beside "too soon after the previous dose"). Without a ticket
 * reason, every slot reason is told, in the list's order.
 */
import { addDays, ageOn, daysBetween, type IsoDate } from '../calendar.ts';
import type { CouponStatus } from '../vocabulary/index.ts';

import { type IneligibilityReason, ineligibilityReasons } from '../vocabulary/terms.ts';

export { type IneligibilityReason, ineligibilityReasons } from '../vocabulary/terms.ts';

/** Reasons that stop every booking of the ticket, whatever the slot. */
export const ticketIneligibilityReasons: readonly IneligibilityReason[] = [
  'COUPON_VOID',
  'MOVED_OUT',
  'OTHER_MUNICIPALITY',
  'SERIES_COMPLETE',
];

/**
 * The reasons to tell, out of all that apply (of one slot or of several booked together): the first
 * ticket reason alone if there is one, else every slot reason; in precedence order, without repeats.
 */
export function reasonsToTell(reasons: Iterable<IneligibilityReason>): IneligibilityReason[] {
  const applying = new Set(reasons);
  const ticketReason = ticketIneligibilityReasons.find((r) => applying.has(r));
  if (ticketReason) return [ticketReason];
  return ineligibilityReasons.filter((r) => applying.has(r));
}

/** Plain words for each reason, for the resident page, the desktop and the API's error message. */
export const ineligibilityReasonText: Readonly<Record<IneligibilityReason, { ja: string; en: string }>> = {
  COUPON_VOID: { ja: 'この接種券は無効になっています。', en: 'This vaccination ticket has been voided.' },
  MOVED_OUT: {
    ja: '転出のため、この接種券は使えません。',
    en: 'This vaccination ticket is no longer valid because the resident moved away.',
  },
  OTHER_MUNICIPALITY: {
    ja: 'この接種券は、ここで予約を受け付けている市区町村のものではありません。',
    en: 'This vaccination ticket is from a municipality whose residents are not booked here.',
  },
  SERIES_COMPLETE: {
    ja: '必要な回数の接種はすでに終わっています。',
    en: 'All doses of the series have already been given.',
  },
  TOO_YOUNG: {
    ja: '接種日の時点で対象年齢に達していません。',
    en: 'The resident is below the minimum age on the vaccination day.',
  },
  INTERVAL_TOO_SHORT: {
    ja: '前回の接種から必要な間隔が空いていません。',
    en: 'The date is too soon after the previous dose.',
  },
  INTERVAL_TOO_LONG: {
    ja: '前回の接種から間隔が空きすぎています。',
    en: 'The date is too long after the previous dose.',
  },
  PREVIOUS_DOSE_MISSING: {
    ja: '前回の接種の記録または予約がありません。',
    en: 'There is no record or booking of the previous dose.',
  },
};

export interface ProductRules {
  dosesInSeries: number;
  intervalMinDays: number;
  intervalMaxDays: number;
  minAgeYears: number;
  /**
   * When set, the minimum age must be reached by this date ("75 or older on 2021-04-01", i.e. born on
   * or before 1946-04-01) instead of on the vaccination day.
   */
  ageReferenceDate?: IsoDate | null | undefined;
}

/** The day on which the minimum age is checked for a vaccination on `vaccinationDate`. */
export function ageCheckDate(product: ProductRules, vaccinationDate: IsoDate): IsoDate {
  return product.ageReferenceDate ?? vaccinationDate;
}

export interface EligibilityInput {
  coupon: { status: CouponStatus; birthDate: IsoDate };
  product: ProductRules;
  doseNumber: number;
  vaccinationDate: IsoDate;
  /** Date of dose `doseNumber − 1` (given, or booked for an earlier date); null when there is none. */
  previousDoseDate: IsoDate | null;
}

/** The interval window for a dose after a previous one, as dates (inclusive). */
export function doseWindow(previousDoseDate: IsoDate, product: ProductRules): { from: IsoDate; to: IsoDate } {
  return {
    from: addDays(previousDoseDate, product.intervalMinDays),
    to: addDays(previousDoseDate, product.intervalMaxDays),
  };
}

/** The reasons the booking is not allowed, as reasonsToTell gives them; an empty list means eligible. */
export function ineligibilityOf(input: EligibilityInput): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  if (input.coupon.status === 'void') reasons.push('COUPON_VOID');
  if (input.coupon.status === 'moved_out') reasons.push('MOVED_OUT');
  if (input.doseNumber > input.product.dosesInSeries) reasons.push('SERIES_COMPLETE');
  if (
    ageOn(input.coupon.birthDate, ageCheckDate(input.product, input.vaccinationDate)) <
    input.product.minAgeYears
  )
    reasons.push('TOO_YOUNG');
  if (input.doseNumber > 1) {
    if (input.previousDoseDate === null) {
      reasons.push('PREVIOUS_DOSE_MISSING');
    } else {
      const gap = daysBetween(input.previousDoseDate, input.vaccinationDate);
      if (gap < input.product.intervalMinDays) reasons.push('INTERVAL_TOO_SHORT');
      else if (gap > input.product.intervalMaxDays) reasons.push('INTERVAL_TOO_LONG');
    }
  }
  return reasonsToTell(reasons);
}
