/**
 * Slots with their occupancy, as the capacity rule (domain/booking-rules/capacity.ts) counts it:
 * bookings in a seat-occupying status by channel, holds apart. The phone channel may use the whole
 * capacity, the call-center reserve included.
 *
 * Holds are the local 'held' bookings plus the seats other desktops hold on the hub for their callers
 * (hub_holds, not yet expired); this desktop's own hub holds are its operator's and not counted.
 */
import type { SlotPlace } from '../../domain/api/contract.ts';
import { type SlotOccupancy, seatsRemaining } from '../../domain/booking-rules/capacity.ts';
import { seatOccupyingStatuses } from '../../domain/booking-status.ts';
import type { IsoDate } from '../../domain/calendar.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface SlotAvailability {
  slotId: string;
  venueId: string;
  productId: string;
  date: IsoDate;
  startTime: string;
  endTime: string;
  capacity: number;
  callCenterReserve: number;
  open: boolean;
  bookedOnline: number;
  bookedPhone: number;
  bookedWalkIn: number;
  held: number;
}

interface AvailabilitySlotRow {
  id: string;
  venue_id: string;
  product_id: string;
  date: string;
  start_time: string;
  end_time: string;
  capacity: number;
  call_center_reserve: number;
  status: 'open' | 'closed';
  booked_online: number;
  booked_phone: number;
  booked_walk_in: number;
  held: number;
}

/** The seat-occupying statuses as an SQL list, for the conditional writes that must count the same way. */
export const seatOccupyingSqlList = seatOccupyingStatuses.map((s) => `'${s}'`).join(', ');

/** How long past its expiry (by this machine's clock) a mirrored hold still counts. */
export const holdClockGraceSeconds = 120;

/**
 * Seats other desktops hold on the hub in slot `slotColumn`. The hub is the clock: a hold counts until
 * its tombstone arrives (released, booked, or swept by the hub within 30 s of running out). This
 * machine's clock only retires holds long past their expiry (more than `holdClockGraceSeconds`: a
 * tombstone missed while offline or before a new snapshot), so a desk clock a little off changes
 * nothing. An SQL expression, so that reads and conditional writes count alike. Device ids compare
 * without case (the hub's are lower case; the settings keep what was typed).
 */
export function heldElsewhereSql(slotColumn: string): string {
  return `(SELECT count(*) FROM hub_holds hh
            WHERE hh.slot_id = ${slotColumn}
              AND hh.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${holdClockGraceSeconds} seconds')
              AND lower(hh.device_id) IS NOT (SELECT lower(device_id) FROM sync_state WHERE id = 1))`;
}

const slotSelect = `
  SELECT s.id, s.venue_id, s.product_id, s.date, s.start_time, s.end_time, s.capacity,
         s.call_center_reserve, s.status,
         coalesce(sum(b.status <> 'held' AND b.channel = 'online'), 0) AS booked_online,
         coalesce(sum(b.status <> 'held' AND b.channel = 'phone'), 0) AS booked_phone,
         coalesce(sum(b.status <> 'held' AND b.channel = 'walk_in'), 0) AS booked_walk_in,
         coalesce(sum(b.status = 'held'), 0) + ${heldElsewhereSql('s.id')} AS held
    FROM slots s
    LEFT JOIN bookings b ON b.slot_id = s.id AND b.status IN (${seatOccupyingSqlList})`;

const toSlot = (row: AvailabilitySlotRow): SlotAvailability => ({
  slotId: row.id,
  venueId: row.venue_id,
  productId: row.product_id,
  date: row.date,
  startTime: row.start_time,
  endTime: row.end_time,
  capacity: row.capacity,
  callCenterReserve: row.call_center_reserve,
  open: row.status === 'open',
  bookedOnline: row.booked_online,
  bookedPhone: row.booked_phone,
  bookedWalkIn: row.booked_walk_in,
  held: row.held,
});

/** Every slot from `from` to `to` (inclusive), by date, venue and time. */
export function slotsBetween(db: Database, from: IsoDate, to: IsoDate): SlotAvailability[] {
  return cachedStatement<[string, string], AvailabilitySlotRow>(
    db,
    `${slotSelect} WHERE s.date BETWEEN ? AND ? GROUP BY s.id ORDER BY s.date, s.venue_id, s.start_time`,
  )
    .all(from, to)
    .map(toSlot);
}

/** Slots of one product from `from` to `to`, for the follow-up proposal. */
export function productSlotsBetween(
  db: Database,
  productId: string,
  from: IsoDate,
  to: IsoDate,
): SlotAvailability[] {
  return cachedStatement<[string, string, string], AvailabilitySlotRow>(
    db,
    `${slotSelect} WHERE s.date BETWEEN ? AND ? AND s.product_id = ?
      GROUP BY s.id ORDER BY s.date, s.venue_id, s.start_time`,
  )
    .all(from, to, productId)
    .map(toSlot);
}

export function slotAvailability(db: Database, slotId: string): SlotAvailability | null {
  const row = cachedStatement<[string], AvailabilitySlotRow>(
    db,
    `${slotSelect} WHERE s.id = ? GROUP BY s.id`,
  ).get(slotId);
  return row ? toSlot(row) : null;
}

/**
 * Seats the phone channel can still book. The reserve's release date does not matter here (the phone
 * channel may always use it), so no release rule is needed.
 */
export function phoneSeatsLeft(slot: SlotAvailability, today: IsoDate): number {
  const occupancy: SlotOccupancy = {
    date: slot.date,
    capacity: slot.capacity,
    callCenterReserve: slot.callCenterReserve,
    reserveReleaseDays: 0,
    bookedOnline: slot.bookedOnline,
    bookedPhone: slot.bookedPhone,
    bookedWalkIn: slot.bookedWalkIn,
    held: slot.held,
  };
  return seatsRemaining(occupancy, 'phone', today);
}

/** Where and when a slot is, for answers that name a slot the booking has left. */
export function slotPlace(db: Database, slotId: string): SlotPlace | null {
  const row = cachedStatement<
    [string],
    { id: string; venue_id: string; venue_name: string; date: string; start_time: string; end_time: string }
  >(
    db,
    `SELECT s.id, s.venue_id, v.name AS venue_name, s.date, s.start_time, s.end_time
       FROM slots s JOIN venues v ON v.id = s.venue_id WHERE s.id = ?`,
  ).get(slotId);
  return row
    ? {
        slotId: row.id,
        venueId: row.venue_id,
        venueName: row.venue_name,
        date: row.date,
        startTime: row.start_time,
        endTime: row.end_time,
      }
    : null;
}
