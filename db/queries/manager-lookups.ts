/**
 * What the manager's screens name from this desktop's copy when the hub answers with ids: the slots
 * (venue, day, time) and the bookings with the residents they are for. The hub never sends personal
 * data in a refusal or a plan; the desk reads it here, and the handler audits it as a view.
 */
import type { AffectedBooking, ManagerSlotSummary } from '../../domain/api/methods/manager.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

/** The slots this desktop has, by id (missing ids are left out). */
export function slotSummaries(db: Database, slotIds: readonly string[]): Map<string, ManagerSlotSummary> {
  const rows = cachedStatement<[string], ManagerSlotSummary>(
    db,
    `SELECT s.id AS slotId, s.venue_id AS venueId, coalesce(v.name, '') AS venueName, s.date,
            s.start_time AS startTime, s.end_time AS endTime
       FROM slots s LEFT JOIN venues v ON v.id = s.venue_id
      WHERE s.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(slotIds)]));
  return new Map(rows.map((r) => [r.slotId, r]));
}

/** The bookings this desktop has, by id, with the resident's name and reading. */
export function affectedBookings(
  db: Database,
  bookingIds: readonly string[],
): Map<string, AffectedBooking & { slotId: string; nameKanaKey: string }> {
  const rows = cachedStatement<[string], AffectedBooking & { slotId: string; nameKanaKey: string }>(
    db,
    `SELECT b.id AS bookingId, b.booking_number AS bookingNumber, c.name, c.name_kana AS nameKana,
            c.name_kana_key AS nameKanaKey, b.dose_number AS doseNumber, b.channel, b.slot_id AS slotId
       FROM bookings b JOIN coupons c ON c.id = b.coupon_id
      WHERE b.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(bookingIds)]));
  return new Map(rows.map((r) => [r.bookingId, r]));
}
