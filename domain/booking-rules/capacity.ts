/**
 * Seats a slot can still give, per channel. The hub is the only authority on capacity; this module
 * states the rule once so that the hub's conditional UPDATE (server/booking/capacity-sql.ts mirrors
 * it and a test compares the two), the desktop and the UI all count the same way.
 *
 * - Occupied = bookings of every channel + active holds (holds are taken by phone operators).
 * - The call-center reserve is a number of seats only the phone (and walk-in) channel can fill.
 *   Phone bookings and holds use the reserve first, so the reserve still kept away from the online
 *   channel is what they have not used yet.
 * - The reserve is released to the online channel `reserveReleaseDays` days before the slot date
 *   (0 = on the day itself), from 00:00 in Japan on that day; or, when the slot has
 *   `reserveReleaseHours`, that many hours before the slot starts. Japan has no daylight saving, so
 *   an hour before a wall-clock time in Japan is always 60 minutes of that wall clock. The hub
 *   (seat-counters.ts in SQL, the public slot list) and the desk decide with reserveReleaseMoment:
 *   nobody has to act for the reserve to open, it opens when the clock passes the moment.
 */
import { addDays, type IsoDate } from '../calendar.ts';
import { clockTimeOfMinutes, minutesOfClockTime, minutesPerDay } from '../clock-time.ts';

export type CapacityChannel = 'online' | 'phone' | 'walk_in';

/**
 * A wall-clock moment in Japan, minute precision (the shape of slot-start.ts JapanTime, whose
 * japanTimeAt(now) gives it for an instant).
 */
export interface JapanMoment {
  date: IsoDate;
  /** 'HH:MM', 00:00–23:59. */
  time: string;
}

/** When a slot's call-center reserve opens to the online channel. */
export interface ReserveReleaseRule {
  /** Days before the slot date; the reserve opens at 00:00 in Japan on that day. */
  reserveReleaseDays: number;
  /** When set (not null), replaces the days: hours before the slot's start time. */
  reserveReleaseHours?: number | null | undefined;
}

/** When a slot is made without saying: the reserve opens 3 days before the slot's date. */
export const defaultReserveReleaseDays = 3;
export const maxReserveReleaseDays = 365;
/** 366 days, so that an hours rule can say anything a days rule can. */
export const maxReserveReleaseHours = 8784;

export interface SlotOccupancy extends ReserveReleaseRule {
  date: IsoDate;
  /** 'HH:MM' in Japan; needed by an hours rule (a slot without it counts as starting at 00:00). */
  startTime?: string | undefined;
  capacity: number;
  callCenterReserve: number;
  bookedOnline: number;
  bookedPhone: number;
  bookedWalkIn: number;
  /** Unexpired holds. */
  held: number;
}

/** The first day on which the reserve is open to the online channel (days rule). */
export function reserveReleaseDate(slotDate: IsoDate, reserveReleaseDays: number): IsoDate {
  return addDays(slotDate, -reserveReleaseDays);
}

/** The moment (Japan, minute precision) from which the slot's reserve is open to the online channel. */
export function reserveReleaseMoment(
  slot: { date: IsoDate; startTime?: string | undefined },
  rule: ReserveReleaseRule,
): JapanMoment {
  const hours = rule.reserveReleaseHours;
  if (hours === null || hours === undefined) {
    return { date: reserveReleaseDate(slot.date, rule.reserveReleaseDays), time: '00:00' };
  }
  const minutes = minutesOfClockTime(slot.startTime ?? '00:00') - hours * 60;
  const dayShift = Math.floor(minutes / minutesPerDay);
  return { date: addDays(slot.date, dayShift), time: clockTimeOfMinutes(minutes - dayShift * minutesPerDay) };
}

/**
 * Whether the reserve is open to the online channel at `at`: a moment in Japan, or a bare date (read
 * as 00:00 that day, which is all a days rule needs).
 */
export function isReserveReleasedAt(
  slot: { date: IsoDate; startTime?: string | undefined },
  rule: ReserveReleaseRule,
  at: IsoDate | JapanMoment,
): boolean {
  const now = typeof at === 'string' ? { date: at, time: '00:00' } : at;
  const release = reserveReleaseMoment(slot, rule);
  return now.date > release.date || (now.date === release.date && now.time >= release.time);
}

/** The days rule alone, for a slot date. */
export function isReserveReleased(slotDate: IsoDate, reserveReleaseDays: number, today: IsoDate): boolean {
  return isReserveReleasedAt({ date: slotDate }, { reserveReleaseDays }, today);
}

export function occupiedSeats(
  slot: Pick<SlotOccupancy, 'bookedOnline' | 'bookedPhone' | 'bookedWalkIn' | 'held'>,
): number {
  return slot.bookedOnline + slot.bookedPhone + slot.bookedWalkIn + slot.held;
}

/** Reserve seats still kept from the online channel: 0 once released or used up by phone bookings and holds. */
export function unreleasedReserve(slot: SlotOccupancy, at: IsoDate | JapanMoment): number {
  if (isReserveReleasedAt(slot, slot, at)) return 0;
  return Math.max(0, slot.callCenterReserve - (slot.bookedPhone + slot.bookedWalkIn + slot.held));
}

/**
 * Seats the channel can still book. Online: capacity − occupied − unreleased reserve.
 * Phone and walk-in: capacity − occupied (they may use the reserve). Never negative.
 */
export function seatsRemaining(
  slot: SlotOccupancy,
  channel: CapacityChannel,
  at: IsoDate | JapanMoment,
): number {
  const free = slot.capacity - occupiedSeats(slot);
  const kept = channel === 'online' ? unreleasedReserve(slot, at) : 0;
  return Math.max(0, free - kept);
}
