/**
 * A manager's change of many slots at once (a day, a week, a venue, a chosen set): capacity,
 * call-center reserve, reserve release and open/closed. Each slot is decided by the one-slot rule
 * (booking-rules/slot-change.ts decideSlotChange); the change is all or nothing: when one slot would
 * go below the seats taken, or get a reserve above its capacity, nothing changes and every such slot
 * is named, so the manager sees which bookings stand in the way.
 */
import type { ReserveReleaseRule } from '../booking-rules/capacity.ts';
import {
  decideSlotChange,
  type SlotSettings,
  type SlotSettingsChange,
  type SlotSettingsNow,
} from '../booking-rules/slot-change.ts';

export interface BulkSlotChange extends SlotSettingsChange {
  reserveReleaseDays?: number | undefined;
  /** A number: hours before the start; null: back to the days rule. */
  reserveReleaseHours?: number | null | undefined;
}

export interface BulkSlotNow extends SlotSettingsNow, ReserveReleaseRule {
  id: string;
}

export interface BulkSlotNext extends SlotSettings {
  reserveReleaseDays: number;
  reserveReleaseHours: number | null;
}

export type BulkSlotDecision =
  | { ok: true; changes: Array<{ id: string; next: BulkSlotNext; changed: boolean }> }
  | {
      ok: false;
      /** Slots whose capacity would go below the seats booked and held. */
      belowBooked: Array<{ id: string; seatsTaken: number }>;
      /** Slots whose reserve would be above the capacity. */
      reserveAboveCapacity: Array<{ id: string; capacity: number }>;
    };

export function decideBulkSlotChange(
  slots: readonly BulkSlotNow[],
  change: BulkSlotChange,
): BulkSlotDecision {
  const changes: Array<{ id: string; next: BulkSlotNext; changed: boolean }> = [];
  const belowBooked: Array<{ id: string; seatsTaken: number }> = [];
  const reserveAboveCapacity: Array<{ id: string; capacity: number }> = [];
  for (const slot of slots) {
    const decision = decideSlotChange(slot, change);
    if (!decision.ok) {
      if (decision.reason === 'capacity_below_booked') {
        belowBooked.push({ id: slot.id, seatsTaken: decision.seatsTaken });
      } else {
        reserveAboveCapacity.push({ id: slot.id, capacity: decision.capacity });
      }
      continue;
    }
    const reserveReleaseDays = change.reserveReleaseDays ?? slot.reserveReleaseDays;
    // A days rule given alone replaces an hours rule; an hours rule given is kept as given.
    const reserveReleaseHours =
      change.reserveReleaseHours !== undefined
        ? change.reserveReleaseHours
        : change.reserveReleaseDays !== undefined
          ? null
          : (slot.reserveReleaseHours ?? null);
    const next: BulkSlotNext = { ...decision.next, reserveReleaseDays, reserveReleaseHours };
    const changed =
      decision.changed ||
      reserveReleaseDays !== slot.reserveReleaseDays ||
      reserveReleaseHours !== (slot.reserveReleaseHours ?? null);
    changes.push({ id: slot.id, next, changed });
  }
  if (belowBooked.length > 0 || reserveAboveCapacity.length > 0) {
    return { ok: false, belowBooked, reserveAboveCapacity };
  }
  return { ok: true, changes };
}
