/**
 * A small demo city in a temporary SQLite file for the bookings, daily-list, venue-day and export
 * tests: real migrations, real triggers, fixed dates (2025-06-02 is a Monday) so results repeat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoCity } from '../../db/demo-load.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';

export const fixtureToday = '2025-06-02';

export interface BookingsFixture {
  dir: string;
  db: Database;
  close(): void;
}

export function openBookingsFixture(couponCount = 6_000): BookingsFixture {
  const dir = mkdtempSync(join(tmpdir(), 'desk-bookings-'));
  const db = openDatabase(join(dir, 'desk.sqlite'));
  ensureDemoCity(db, { seed: 2021, today: fixtureToday, couponCount });
  return {
    dir,
    db,
    close: () => {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The venue and date with the most bookings on the list (a busy day, many slots). */
export function busiestVenueDay(db: Database): {
  venueId: string;
  venueName: string;
  date: string;
  count: number;
} {
  return db
    .prepare(
      `SELECT s.venue_id AS venueId, v.name AS venueName, s.date, count(*) AS count
         FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN venues v ON v.id = s.venue_id
        WHERE b.status IN ('provisional', 'confirmed', 'checked_in', 'vaccinated', 'no_show') AND s.date >= ?
        GROUP BY s.venue_id, s.date ORDER BY count DESC, s.date LIMIT 1`,
    )
    .get(fixtureToday) as { venueId: string; venueName: string; date: string; count: number };
}
