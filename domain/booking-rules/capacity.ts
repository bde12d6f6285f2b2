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
 *   (0 = on the day itself), judged by today's date in Japan.
 */
import { addDays, type IsoDate } from '../calendar.ts';

export type CapacityChannel = 'online' | 'phone' | 'walk_in';

export interface SlotOccupancy {
  date: IsoDate;
  capacity: number;
  callCenterReserve: number;
  reserveReleaseDays: number;
  bookedOnline: number;
  bookedPhone: number;
  bookedWalkIn: number;
  /** Unexpired holds. */
  held: number;
}

/** The first day on which the reserve is open to the online channel. */
export function reserveReleaseDate(slotDate: IsoDate, reserveReleaseDays: number): IsoDate {
  return addDays(slotDate, -reserveReleaseDays);
}

export function isReserveReleased(slotDate: IsoDate, reserveReleaseDays: number, today: IsoDate): boolean {
  return today >= reserveReleaseDate(slotDate, reserveReleaseDays);
}

export function occupiedSeats(
  slot: Pick<SlotOccupancy, 'bookedOnline' | 'bookedPhone' | 'bookedWalkIn' | 'held'>,
): number {
  return slot.bookedOnline + slot.bookedPhone + slot.bookedWalkIn + slot.held;
}

/** Reserve seats still kept from the online channel: 0 once released or used up by phone bookings and holds. */
export function unreleasedReserve(slot: SlotOccupancy, today: IsoDate): number {
  if (isReserveReleased(slot.date, slot.reserveReleaseDays, today)) return 0;
  return Math.max(0, slot.callCenterReserve - (slot.bookedPhone + slot.bookedWalkIn + slot.held));
}

/**
 * Seats the channel can still book. Online: capacity − occupied − unreleased reserve.
 * Phone and walk-in: capacity − occupied (they may use the reserve). Never negative.
 */
export function seatsRemaining(slot: SlotOccupancy, channel: CapacityChannel, today: IsoDate): number {
  const free = slot.capacity - occupiedSeats(slot);
  const kept = channel === 'online' ? unreleasedReserve(slot, today) : 0;
  return Math.max(0, free - kept);
}
