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
