/**
 * A resident's doses so far, and what follows from them: which dose comes next, when the previous
 * one was (or is booked), and whether a dose already has an active booking.
 */

import type { BookingStatus } from '../booking-status.ts';
import type { IsoDate } from '../calendar.ts';

/**
 * Bookings that block another booking of the same coupon and dose. Cancelled, rejected and no-show
 * bookings do not: the resident may book that dose again.
 */
export const duplicateBlockingStatuses: readonly BookingStatus[] = [
  'held',
  'provisional',
  'confirmed',
  'checked_in',
  'vaccinated',
];

export interface DoseEvent {
  doseNumber: number;
  date: IsoDate;
}

export interface DoseHistory {
  /** Doses given: recorded doses and bookings marked vaccinated. */
  given: readonly DoseEvent[];
  /** Bookings that block a duplicate (duplicateBlockingStatuses) and were not given yet. */
  booked: readonly DoseEvent[];
}

/** The dose after the highest one given (1 when none was given). */
export function nextDoseNumber(history: DoseHistory): number {
  return history.given.reduce((max, d) => Math.max(max, d.doseNumber), 0) + 1;
}

export function hasActiveBooking(history: DoseHistory, doseNumber: number): boolean {
  return (
    history.booked.some((d) => d.doseNumber === doseNumber) ||
    history.given.some((d) => d.doseNumber === doseNumber)
  );
}

/** When dose `doseNumber − 1` was given, or else is booked; null for dose 1 or when there is neither. */
export function previousDoseDate(history: DoseHistory, doseNumber: number): IsoDate | null {
  if (doseNumber <= 1) return null;
  const given = history.given.find((d) => d.doseNumber === doseNumber - 1);
  if (given) return given.date;
  return history.booked.find((d) => d.doseNumber === doseNumber - 1)?.date ?? null;
}

/** When dose `doseNumber + 1` is booked (not given yet); null when it is not. */
export function nextBookedDoseDate(history: DoseHistory, doseNumber: number): IsoDate | null {
  return history.booked.find((d) => d.doseNumber === doseNumber + 1)?.date ?? null;
}

/** One dose of a resident's series as a store holds it: a recorded dose, or a booking. */
export interface DoseEntry {
  doseNumber: number;
  date: IsoDate;
  /** The vaccine (null: a recorded dose whose product is not known). */
  productId: string | null;
  /** Given: a recorded dose, or a booking marked vaccinated; else a booking still to come. */
  given: boolean;
  /** The booking it is (null for a recorded dose). */
  bookingId: string | null;
}

export interface SeriesSoFar {
  history: DoseHistory;
  /** The product of the first dose given or booked with a known product; null before the series starts. */
  seriesProductId: string | null;
  /** The booking of each dose booked and not given yet (the first, by date), for duplicate checks. */
  activeBookingIdByDose: ReadonlyMap<number, string>;
}

/**
 * A resident's series from the doses and active bookings a store holds (the desk's SQLite, the
 * hub's hub_booking_facts()): both compute it here. `excludeBookingId`: the series without that
 * booking (the one being moved, which must not block itself).
 */
export function seriesSoFar(
  entries: readonly DoseEntry[],
  excludeBookingId: string | null = null,
): SeriesSoFar {
  const ordered = entries
    .filter((e) => e.bookingId === null || e.bookingId !== excludeBookingId)
    .toSorted((a, b) => a.doseNumber - b.doseNumber || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const given: DoseEvent[] = [];
  const booked: DoseEvent[] = [];
  const activeBookingIdByDose = new Map<number, string>();
  for (const entry of ordered) {
    const event = { doseNumber: entry.doseNumber, date: entry.date };
    if (entry.given) given.push(event);
    else {
      booked.push(event);
      if (entry.bookingId !== null && !activeBookingIdByDose.has(entry.doseNumber)) {
        activeBookingIdByDose.set(entry.doseNumber, entry.bookingId);
      }
    }
  }
  const seriesProductId = ordered.find((e) => e.productId !== null)?.productId ?? null;
  return { history: { given, booked }, seriesProductId, activeBookingIdByDose };
}
