/**
 * A manager's change of a slot's capacity, call-center reserve and open/closed status, decided once
 * for everyone: the hub (server/catalog/manager-changes.ts, whose conditional UPDATE repeats the
 * capacity condition in SQL under the slot's row lock), the desktop when it runs without a hub, and
 * the screen's field checks.
 *
 * - The capacity never goes below the seats already taken: bookings of every channel plus holds
 *   (occupiedSeats in capacity.ts). Move or cancel bookings first.
 * - The call-center reserve is never larger than the capacity. A capacity given alone that is below
 *   the reserve brings the reserve down with it; a reserve given explicitly above the capacity is
 *   refused.
 * - Seat counts are whole numbers from 0 to maxSeatsPerSlot; typed counts may use full-width digits.
 */

import { parseWholeNumber } from '../typed-number.ts';
import type { SlotStatus } from '../vocabulary/terms.ts';
import { occupiedSeats, type SlotOccupancy } from './capacity.ts';

export const maxSeatsPerSlot = 10_000;

export type SlotOpenStatus = SlotStatus;

/** What the rule needs to know about the slot as it is now. */
export interface SlotSettingsNow
  extends Pick<SlotOccupancy, 'bookedOnline' | 'bookedPhone' | 'bookedWalkIn' | 'held'> {
  capacity: number;
  callCenterReserve: number;
  status: SlotOpenStatus;
}

/** The fields to change; absent ones stay as they are. */
export interface SlotSettingsChange {
  capacity?: number | undefined;
  callCenterReserve?: number | undefined;
  status?: SlotOpenStatus | undefined;
}

export interface SlotSettings {
  capacity: number;
  callCenterReserve: number;
  status: SlotOpenStatus;
}

export type SlotChangeDecision =
  | { ok: true; next: SlotSettings; changed: boolean }
  | { ok: false; reason: 'capacity_below_booked'; seatsTaken: number }
  | { ok: false; reason: 'reserve_above_capacity'; capacity: number };

export function decideSlotChange(slot: SlotSettingsNow, change: SlotSettingsChange): SlotChangeDecision {
  const capacity = change.capacity ?? slot.capacity;
  const taken = occupiedSeats(slot);
  if (capacity < taken) return { ok: false, reason: 'capacity_below_booked', seatsTaken: taken };
  const callCenterReserve = change.callCenterReserve ?? Math.min(slot.callCenterReserve, capacity);
  if (callCenterReserve > capacity) return { ok: false, reason: 'reserve_above_capacity', capacity };
  const next: SlotSettings = { capacity, callCenterReserve, status: change.status ?? slot.status };
  const changed =
    next.capacity !== slot.capacity ||
    next.callCenterReserve !== slot.callCenterReserve ||
    next.status !== slot.status;
  return { ok: true, next, changed };
}

/**
 * The hub's words for CAPACITY_BELOW_BOOKED. The count leads the message so that a desktop can show
 * the hub's own figure (seatsTakenOfMessage), which counts holds the desktop does not mirror.
 */
export function capacityBelowBookedMessage(seatsTaken: number): string {
  return `${seatsTaken} seats of this slot are booked or held; the capacity cannot go below that. Move or cancel bookings first.`;
}

export function seatsTakenOfMessage(message: string): number | null {
  const match = /^(\d+) seats of this slot are booked or held\b/.exec(message);
  return match ? Number(match[1]) : null;
}

export type SeatCountError = 'empty' | 'not_integer' | 'negative' | 'too_large';
export type SeatCountParse = { ok: true; value: number } | { ok: false; error: SeatCountError };

/** A seat count as typed (domain/typed-number.ts): a whole number from 0 to maxSeatsPerSlot. */
export function parseSeatCount(raw: string | number): SeatCountParse {
  const parsed = parseWholeNumber(raw, 0, maxSeatsPerSlot);
  if (parsed.ok) return parsed;
  return { ok: false, error: parsed.error === 'too_small' ? 'negative' : parsed.error };
}
