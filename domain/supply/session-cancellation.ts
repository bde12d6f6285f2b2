/**
 * Cancelling a session (the doctor is ill): its slots close, and the residents booked in them are
 * offered other slots. The plan is made once, the same for the hub (which then moves each resident in
 * a transaction of their own) and for a desk showing what would happen:
 *
 * - Same venue first (the resident knows the way), then other venues; within each, the nearest date
 *   to the one booked (a later day before an earlier one at the same distance, the time nearest to
 *   the one booked).
 * - The moved dose still fits the series (booking-rules/slot-fit.ts: the interval after the previous
 *   dose, and before the next one when it is booked; the same product; the age on the new day).
 * - A slot never takes more residents than its free seats (the seats the phone channel can fill:
 *   a move is a call-center booking, reserve included), counting the residents planned into it.
 * - A resident with no fitting seat keeps the booking in the closed slot: every desk lists it as a
 *   slot_closed callback task (db/queries/callback-tasks.ts), so someone calls them.
 */

import type { ProductRules } from '../booking-rules/eligibility.ts';
import { slotMisfits } from '../booking-rules/slot-fit.ts';
import { type JapanTime, slotHasStarted } from '../booking-rules/slot-start.ts';
import { daysBetween, type IsoDate } from '../calendar.ts';
import { minutesOfClockTime } from '../clock-time.ts';
import type { CouponStatus } from '../vocabulary/index.ts';

/** A booking in one of the closed slots, with what the series needs of its new slot. */
export interface StrandedBooking {
  bookingId: string;
  couponId: string;
  doseNumber: number;
  slot: { id: string; venueId: string; productId: string; date: IsoDate; startTime: string };
  coupon: { status: CouponStatus; birthDate: IsoDate };
  /** The product of the series (doses given or booked); null when this is its only dose. */
  seriesProductId: string | null;
  /** Date of the dose before (given or booked elsewhere); null for a first dose. */
  previousDoseDate: IsoDate | null;
  /** Date of the next dose when it is booked (outside the closed slots). */
  nextDoseDate: IsoDate | null;
}

/** An open slot that could take residents. */
export interface CandidateSlot {
  id: string;
  venueId: string;
  productId: string;
  date: IsoDate;
  startTime: string;
  /** Seats the phone channel can still fill (capacity − booked − held). */
  freeSeats: number;
  product: ProductRules;
}

export interface PlannedMove {
  bookingId: string;
  /** The slot planned; null: no fitting seat (the booking stays, a callback task). */
  toSlotId: string | null;
  /** Further fitting slots in order of preference, tried when the planned one is taken meanwhile. */
  alternatives: string[];
}

/** How many alternatives each planned move carries. */
export const moveAlternatives = 3;

function preference(booking: StrandedBooking) {
  const start = minutesOfClockTime(booking.slot.startTime);
  return (slot: CandidateSlot) => {
    const days = daysBetween(booking.slot.date, slot.date);
    return [
      slot.venueId === booking.slot.venueId ? 0 : 1,
      Math.abs(days),
      days < 0 ? 1 : 0,
      Math.abs(minutesOfClockTime(slot.startTime) - start),
    ];
  };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * One planned move per stranded booking, in the order they were booked (date, time, booking id; a
 * resident's earlier dose before the later one, whose interval then counts from the new date).
 * `closedSlotIds` never take anyone; slots that have started by `now` neither.
 */
export function planSessionMoves(
  stranded: readonly StrandedBooking[],
  candidates: readonly CandidateSlot[],
  options: { closedSlotIds: ReadonlySet<string>; now: Date | JapanTime },
): PlannedMove[] {
  const open = candidates.filter(
    (c) =>
      !options.closedSlotIds.has(c.id) &&
      !slotHasStarted({ date: c.date, startTime: c.startTime }, options.now),
  );
  const seatsLeft = new Map(open.map((c) => [c.id, c.freeSeats]));
  const order = [...stranded].sort(
    (a, b) =>
      a.slot.date.localeCompare(b.slot.date) ||
      a.slot.startTime.localeCompare(b.slot.startTime) ||
      a.doseNumber - b.doseNumber ||
      a.bookingId.localeCompare(b.bookingId),
  );
  // A dose moved earlier in this plan: the later dose of the same coupon counts from its new date.
  const plannedDate = new Map<string, { doseNumber: number; date: IsoDate }>();
  const plans: PlannedMove[] = [];
  for (const booking of order) {
    const moved = plannedDate.get(booking.couponId);
    const previousDoseDate =
      moved && moved.doseNumber === booking.doseNumber - 1 ? moved.date : booking.previousDoseDate;
    const rank = preference(booking);
    const fitting = open
      .filter(
        (slot) =>
          slotMisfits({
            coupon: booking.coupon,
            doseNumber: booking.doseNumber,
            slot: { date: slot.date, productId: slot.productId },
            product: slot.product,
            seriesProductId: booking.seriesProductId ?? booking.slot.productId,
            doseAlreadyGiven: false,
            previousDoseDate,
            nextDoseDate: booking.nextDoseDate,
          }).length === 0,
      )
      .map((slot) => ({ slot, key: rank(slot) }))
      .sort((a, b) => compareKeys(a.key, b.key) || a.slot.id.localeCompare(b.slot.id))
      .map((x) => x.slot);
    const chosen = fitting.find((slot) => (seatsLeft.get(slot.id) ?? 0) > 0) ?? null;
    if (chosen) {
      seatsLeft.set(chosen.id, seatsLeft.get(chosen.id)! - 1);
      plannedDate.set(booking.couponId, { doseNumber: booking.doseNumber, date: chosen.date });
    }
    plans.push({
      bookingId: booking.bookingId,
      toSlotId: chosen?.id ?? null,
      alternatives: chosen
        ? fitting
            .filter((s) => s.id !== chosen.id && (seatsLeft.get(s.id) ?? 0) > 0)
            .slice(0, moveAlternatives)
            .map((s) => s.id)
        : [],
    });
  }
  return plans;
}
