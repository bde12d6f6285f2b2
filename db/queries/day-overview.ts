/**
 * Today's overview (or any day's): per active venue, its slots, seats, bookings by channel and what
 * remains. Definitions, so that every screen counts the same way:
 * - capacity: seats of the venue's OPEN slots that day;
 * - booked: bookings in a seat-occupying status (domain/booking-status.ts) on any slot of that day,
 *   by channel (a closed slot's bookings are still people who will come);
 * - remaining: free seats of the open slots, each slot counted as max(capacity − occupied, 0), so an
 *   overbooked slot never hides the free seats of another;
 * - firstStart / lastEnd: over all the venue's slots that day, null when it has none.
 * Venues without slots that day are listed with zeros. Order: venue kind (contract order), then the
 * name's reading (Japanese 50-sound order), then the name.
 */
import type { BookingChannel, DayOverview, VenueKind, VenueOverview } from '../../domain/api/contract.ts';
import { venueKinds } from '../../domain/api/contract.ts';
import { seatOccupyingStatuses } from '../../domain/booking-status.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

interface VenueDayRow {
  venue_id: string;
  name: string;
  kind: VenueKind;
  slot_count: number;
  open_slot_count: number;
  capacity: number;
  phone: number;
  online: number;
  walk_in: number;
  remaining: number;
  first_start: string | null;
  last_end: string | null;
}

const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');

const kindRank = `CASE v.kind ${venueKinds.map((kind, i) => `WHEN '${kind}' THEN ${i}`).join(' ')} END`;

const overviewSql = `
  WITH day_slots AS (
    SELECT id, venue_id, status, capacity, start_time, end_time FROM slots WHERE date = :date
  ),
  slot_use AS (
    SELECT b.slot_id,
           count(*) AS occupied,
           sum(b.channel = 'phone') AS phone,
           sum(b.channel = 'online') AS online,
           sum(b.channel = 'walk_in') AS walk_in
      FROM day_slots s
      JOIN bookings b ON b.slot_id = s.id
     WHERE b.status IN (${sqlList(seatOccupyingStatuses)})
     GROUP BY b.slot_id
  )
  SELECT v.id AS venue_id, v.name, v.kind,
         count(s.id) AS slot_count,
         coalesce(sum(s.status = 'open'), 0) AS open_slot_count,
         coalesce(sum(CASE WHEN s.status = 'open' THEN s.capacity END), 0) AS capacity,
         coalesce(sum(u.phone), 0) AS phone,
         coalesce(sum(u.online), 0) AS online,
         coalesce(sum(u.walk_in), 0) AS walk_in,
         coalesce(sum(CASE WHEN s.status = 'open' THEN max(s.capacity - coalesce(u.occupied, 0), 0) END), 0)
           AS remaining,
         min(s.start_time) AS first_start,
         max(s.end_time) AS last_end
    FROM venues v
    LEFT JOIN day_slots s ON s.venue_id = v.id
    LEFT JOIN slot_use u ON u.slot_id = s.id
   WHERE v.active = 1
   GROUP BY v.id
   ORDER BY ${kindRank}, v.name_kana, v.name`;

export function getDayOverview(db: Database, date: string): DayOverview {
  const rows = cachedStatement<[{ date: string }], VenueDayRow>(db, overviewSql).all({ date });
  const venues = rows.map(toVenueOverview);
  const totals = {
    slotCount: 0,
    capacity: 0,
    booked: { phone: 0, online: 0, walk_in: 0 } satisfies Record<BookingChannel, number>,
    remaining: 0,
  };
  for (const venue of venues) {
    totals.slotCount += venue.slotCount;
    totals.capacity += venue.capacity;
    totals.remaining += venue.remaining;
    totals.booked.phone += venue.booked.phone;
    totals.booked.online += venue.booked.online;
    totals.booked.walk_in += venue.booked.walk_in;
  }
  return { date, venues, totals };
}

function toVenueOverview(row: VenueDayRow): VenueOverview {
  return {
    venueId: row.venue_id,
    name: row.name,
    kind: row.kind,
    slotCount: row.slot_count,
    openSlotCount: row.open_slot_count,
    capacity: row.capacity,
    booked: { phone: row.phone, online: row.online, walk_in: row.walk_in },
    remaining: row.remaining,
    firstStart: row.first_start,
    lastEnd: row.last_end,
  };
}
