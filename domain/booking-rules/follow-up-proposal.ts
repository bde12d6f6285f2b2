/**
 * Which slot to offer for the next dose of a series when the previous one is being booked: the same
 * venue at the same time of day on the first day the interval allows, and otherwise the nearest
 * alternatives inside the interval window. Pure: the desktop feeds it the slots it knows with their
 * remaining seats for the channel at hand.
 */
import { type IsoDate, isValidIsoDate } from '../calendar.ts';
import type { CouponStatus } from '../vocabulary/index.ts';
import { doseWindow, ineligibilityOf, type ProductRules } from './eligibility.ts';

export interface FollowUpCandidate {
  slotId: string;
  venueId: string;
  date: IsoDate;
  /** 'HH:MM' */
  startTime: string;
  /** Seats the channel can still book (0 = full). */
  remaining: number;
  open: boolean;
}

export interface FollowUpRequest {
  /** The dose being booked now (the one the follow-up comes after). */
  previous: { doseNumber: number; venueId: string; date: IsoDate; startTime: string };
  product: ProductRules;
  coupon: { status: CouponStatus; birthDate: IsoDate };
  /** Slots of the same product; any order. Full, closed or out-of-window ones are skipped here. */
  candidates: readonly FollowUpCandidate[];
  /** How many alternatives to return besides the proposal (default 6). */
  alternativeCount?: number;
}

export type FollowUpProposal =
  | { kind: 'not_needed' }
  | {
      kind: 'proposed';
      window: { from: IsoDate; to: IsoDate };
      best: FollowUpCandidate;
      alternatives: FollowUpCandidate[];
    }
  | { kind: 'no_slot_in_window'; window: { from: IsoDate; to: IsoDate } };

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Ranking: first the same venue at the same start time, earliest day first; then every other
 * bookable slot by day (the earliest allowed day is the recommended interval), the same venue before
 * others on that day, then the start time closest to the previous one. Alternatives keep one slot per
 * venue and day (the one closest in time), so the list offers real choices rather than ten times of
 * one day.
 */
export function proposeFollowUp(request: FollowUpRequest): FollowUpProposal {
  const { previous, product } = request;
  if (previous.doseNumber >= product.dosesInSeries) return { kind: 'not_needed' };
  if (!isValidIsoDate(previous.date)) throw new RangeError('proposeFollowUp: previous.date is not a date');
  const window = doseWindow(previous.date, product);
  const doseNumber = previous.doseNumber + 1;
  const wantedMinutes = minutesOf(previous.startTime);

  const bookable = request.candidates.filter(
    (slot) =>
      slot.open &&
      slot.remaining > 0 &&
      ineligibilityOf({
        coupon: request.coupon,
        product,
        doseNumber,
        vaccinationDate: slot.date,
        previousDoseDate: previous.date,
      }).length === 0,
  );

  const sameVenueSameTime = (slot: FollowUpCandidate) =>
    slot.venueId === previous.venueId && slot.startTime === previous.startTime;
  const byNearest = (a: FollowUpCandidate, b: FollowUpCandidate): number => {
    if (a.date !== b.date) return a.date < b.date ? -1 : 1;
    const venueA = a.venueId === previous.venueId ? 0 : 1;
    const venueB = b.venueId === previous.venueId ? 0 : 1;
    if (venueA !== venueB) return venueA - venueB;
    const distance =
      Math.abs(minutesOf(a.startTime) - wantedMinutes) - Math.abs(minutesOf(b.startTime) - wantedMinutes);
    if (distance !== 0) return distance;
    if (a.startTime !== b.startTime) return a.startTime < b.startTime ? -1 : 1;
    return a.venueId < b.venueId ? -1 : a.venueId > b.venueId ? 1 : 0;
  };
  const byPreference = (a: FollowUpCandidate, b: FollowUpCandidate): number =>
    (sameVenueSameTime(a) ? 0 : 1) - (sameVenueSameTime(b) ? 0 : 1) || byNearest(a, b);

  const best = [...bookable].sort(byPreference)[0];
  if (!best) return { kind: 'no_slot_in_window', window };

  const seenDays = new Set([`${best.venueId} ${best.date}`]);
  const alternatives: FollowUpCandidate[] = [];
  const wanted = request.alternativeCount ?? 6;
  for (const slot of [...bookable].sort(byNearest)) {
    if (alternatives.length >= wanted) break;
    const day = `${slot.venueId} ${slot.date}`;
    if (seenDays.has(day)) continue;
    seenDays.add(day);
    alternatives.push(slot);
  }
  return { kind: 'proposed', window, best, alternatives };
}
