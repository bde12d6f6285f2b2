/**
 * Whether one slot fits one resident's next dose, for the phone desk: the eligibility rules
 * (eligibility.ts) plus what a series needs from the slot itself: the same product as the doses
 * before, a dose not given already, and, when a later dose is booked, a date that keeps it inside
 * its interval window.
 */
import { daysBetween, type IsoDate } from '../calendar.ts';
import type { CouponStatus } from '../vocabulary/index.ts';
import { type IneligibilityReason, ineligibilityOf, type ProductRules } from './eligibility.ts';

export type SlotMisfit =
  | IneligibilityReason
  | 'PRODUCT_MISMATCH'
  | 'DOSE_ALREADY_GIVEN'
  | 'FOLLOW_UP_OUT_OF_WINDOW';

export interface SlotFitInput {
  coupon: { status: CouponStatus; birthDate: IsoDate };
  doseNumber: number;
  slot: { date: IsoDate; productId: string };
  /** Rules of the slot's product. */
  product: ProductRules;
  /** The product the series is of (earlier or later doses); null when none is given or booked. */
  seriesProductId: string | null;
  doseAlreadyGiven: boolean;
  /** Date of the dose before (given or booked); null when there is none. */
  previousDoseDate: IsoDate | null;
  /** Date of the dose after, when it is booked already (moving an earlier dose must keep it valid). */
  nextDoseDate: IsoDate | null;
}

/** Every reason the slot does not fit; an empty list means it does. */
export function slotMisfits(input: SlotFitInput): SlotMisfit[] {
  const misfits: SlotMisfit[] = [];
  if (input.doseAlreadyGiven) misfits.push('DOSE_ALREADY_GIVEN');
  if (input.seriesProductId !== null && input.seriesProductId !== input.slot.productId) {
    misfits.push('PRODUCT_MISMATCH');
  }
  misfits.push(
    ...ineligibilityOf({
      coupon: input.coupon,
      product: input.product,
      doseNumber: input.doseNumber,
      vaccinationDate: input.slot.date,
      previousDoseDate: input.previousDoseDate,
    }),
  );
  if (input.nextDoseDate !== null) {
    const gap = daysBetween(input.slot.date, input.nextDoseDate);
    if (gap < input.product.intervalMinDays || gap > input.product.intervalMaxDays) {
      misfits.push('FOLLOW_UP_OUT_OF_WINDOW');
    }
  }
  return misfits;
}
