/**
 * Residents stranded by a closed slot (db/migrations/008): the bookings of a slot that still expect
 * the resident (domain/booking-status.ts strandedByClosureStatuses). Before a manager closes a slot
 * the screen names them; after, they are callback tasks (callback-tasks.ts) and the daily list marks
 * them (daily-list.ts).
 */
import type { SlotResidents } from '../../domain/api/methods/venue-slots.ts';
import { strandedByClosureStatuses } from '../../domain/booking-status.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

/** The statuses a closure strands, as an SQL list. */
export const strandedByClosureSqlList = strandedByClosureStatuses.map((s) => `'${s}'`).join(', ');

/** Who closing the slot would strand, by reading; null when there is no such slot. */
export function slotResidents(db: Database, slotId: string): SlotResidents | null {
  const slot = cachedStatement<[string], { start_time: string; end_time: string }>(
    db,
    'SELECT start_time, end_time FROM slots WHERE id = ?',
  ).get(slotId);
  if (!slot) return null;
  const residents = cachedStatement<[string], SlotResidents['residents'][number]>(
    db,
    `SELECT b.id AS bookingId, b.booking_number AS bookingNumber, c.name, c.name_kana AS nameKana,
            b.dose_number AS doseNumber, b.channel
       FROM bookings b JOIN coupons c ON c.id = b.coupon_id
      WHERE b.slot_id = ? AND b.status IN (${strandedByClosureSqlList})
      ORDER BY c.name_kana_key, b.booking_number`,
  ).all(slotId);
  return { slotId, startTime: slot.start_time, endTime: slot.end_time, residents };
}
