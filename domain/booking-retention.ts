/**
 * Data minimization on a desktop: its local copy keeps a booking only while the booking's day is
 * within this many days back from today (and every booking from then on). Older ones are removed from
 * this desktop only; the hub keeps them. The number is a setting of the desk profile.
 */
import { addDays, type IsoDate } from './calendar.ts';

export const defaultBookingRetentionDays = 90;
export const minBookingRetentionDays = 1;
export const maxBookingRetentionDays = 3650;

/** A whole number of days the profile may keep bookings for. */
export function isBookingRetentionDays(days: number): boolean {
  return Number.isInteger(days) && days >= minBookingRetentionDays && days <= maxBookingRetentionDays;
}

/** The first day whose bookings stay on this desktop: bookings of earlier days are removed. */
export function firstKeptBookingDay(today: IsoDate, keepDays: number): IsoDate {
  return addDays(today, -keepDays);
}
