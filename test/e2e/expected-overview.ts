/**
 * What the overview must show for a day, computed straight from the desk's SQLite file (read-only),
 * independently of the app's own query: per active venue, slots, open slots, seats of open slots,
 * bookings that hold a seat by channel, and free seats counted per open slot.
 */
import type { BookingChannel, VenueKind } from '../../domain/api/contract.ts';
import { seatOccupyingStatuses } from '../../domain/booking-status.ts';
import { openDeskDatabase } from './browser-mode.ts';

export interface ExpectedVenue {
  name: string;
  kind: VenueKind;
  slotCount: number;
  openSlotCount: number;
  capacity: number;
  booked: Record<BookingChannel, number>;
  remaining: number;
  firstStart: string | null;
  lastEnd: string | null;
}

export interface ExpectedDay {
  date: string;
  venues: ExpectedVenue[];
  totals: Omit<ExpectedVenue, 'name' | 'kind' | 'firstStart' | 'lastEnd'>;
}

interface OverviewSlotRow {
  venue_id: string;
  status: 'open' | 'closed';
  capacity: number;
  start_time: string;
  end_time: string;
  phone: number;
  online: number;
  walk_in: number;
}

export function readExpectedDay(databasePath: string, date: string): ExpectedDay {
  const db = openDeskDatabase(databasePath);
  try {
    const venues = db.prepare('SELECT id, name, kind FROM venues WHERE active = 1').all() as Array<{
      id: string;
      name: string;
      kind: VenueKind;
    }>;
    const placeholders = seatOccupyingStatuses.map(() => '?').join(', ');
    const slots = db
      .prepare(
        `SELECT s.venue_id, s.status, s.capacity, s.start_time, s.end_time,
                (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.channel = 'phone'
                   AND b.status IN (${placeholders})) AS phone,
                (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.channel = 'online'
                   AND b.status IN (${placeholders})) AS online,
                (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.channel = 'walk_in'
                   AND b.status IN (${placeholders})) AS walk_in
           FROM slots s WHERE s.date = ?`,
      )
      .all(
        ...seatOccupyingStatuses,
        ...seatOccupyingStatuses,
        ...seatOccupyingStatuses,
        date,
      ) as OverviewSlotRow[];

    const perVenue = venues.map((venue): ExpectedVenue => {
      const own = slots.filter((s) => s.venue_id === venue.id);
      const open = own.filter((s) => s.status === 'open');
      const sum = (rows: OverviewSlotRow[], pick: (s: OverviewSlotRow) => number) =>
        rows.reduce((n, s) => n + pick(s), 0);
      return {
        name: venue.name,
        kind: venue.kind,
        slotCount: own.length,
        openSlotCount: open.length,
        capacity: sum(open, (s) => s.capacity),
        booked: {
          phone: sum(own, (s) => s.phone),
          online: sum(own, (s) => s.online),
          walk_in: sum(own, (s) => s.walk_in),
        },
        remaining: sum(open, (s) => Math.max(s.capacity - s.phone - s.online - s.walk_in, 0)),
        firstStart: own.length ? own.map((s) => s.start_time).sort()[0]! : null,
        lastEnd: own.length
          ? own
              .map((s) => s.end_time)
              .sort()
              .at(-1)!
          : null,
      };
    });
    const total = (pick: (v: ExpectedVenue) => number) => perVenue.reduce((n, v) => n + pick(v), 0);
    return {
      date,
      venues: perVenue,
      totals: {
        slotCount: total((v) => v.slotCount),
        openSlotCount: total((v) => v.openSlotCount),
        capacity: total((v) => v.capacity),
        booked: {
          phone: total((v) => v.booked.phone),
          online: total((v) => v.booked.online),
          walk_in: total((v) => v.booked.walk_in),
        },
        remaining: total((v) => v.remaining),
      },
    };
  } finally {
    db.close();
  }
}

/** Dates on or after `from` that have at least one slot, in order. */
export function datesWithSlots(databasePath: string, from: string): string[] {
  const db = openDeskDatabase(databasePath);
  try {
    const rows = db
      .prepare('SELECT DISTINCT date FROM slots WHERE date >= ? ORDER BY date')
      .all(from) as Array<{
      date: string;
    }>;
    return rows.map((r) => r.date);
  } finally {
    db.close();
  }
}

export function readMeta(databasePath: string, key: string): string | undefined {
  const db = openDeskDatabase(databasePath);
  try {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  } finally {
    db.close();
  }
}
