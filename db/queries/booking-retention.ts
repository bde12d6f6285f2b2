/**
 * Removing old bookings from this desktop's copy (domain/booking-retention.ts says which). A booking
 * goes with everything that hangs off it: its grid row (the delete trigger), its history, reminder
 * calls, callbacks and cancellation (every table whose booking_id references bookings, found through
 * the schema's foreign keys, so tables added later are included). Never removed: a booking the caller
 * names as kept (its change still waits in the outbox), and a booking another kept booking's row still
 * points at (a callback's rebooked booking), which would break that row. The audit log and the list of
 * the hub's refusals stay: they hold ids only.
 */
import type { Database } from '../sqlite-driver.ts';

interface BookingReference {
  table: string;
  column: string;
  /** The table has its own booking_id column (the booking its rows belong to). */
  owned: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every column of the schema that references bookings (id). */
function bookingReferences(db: Database): BookingReference[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const references: BookingReference[] = [];
  for (const table of tables) {
    const keys = db.pragma(`foreign_key_list(${quote(table)})`) as Array<{ table: string; from: string }>;
    const columns = (db.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map((c) => c.name);
    for (const key of keys) {
      if (key.table === 'bookings') {
        references.push({ table, column: key.from, owned: columns.includes('booking_id') });
      }
    }
  }
  return references;
}

/**
 * Removes the bookings whose day is before `firstKeptDay` (YYYY-MM-DD), except those in `keep`, in one
 * transaction; answers how many went.
 */
export function removeBookingsBefore(db: Database, firstKeptDay: string, keep: ReadonlySet<string>): number {
  const references = bookingReferences(db);
  return db
    .transaction(() => {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS bookings_leaving (id TEXT PRIMARY KEY) WITHOUT ROWID');
      db.exec('DELETE FROM temp.bookings_leaving');
      db.prepare(
        `INSERT INTO temp.bookings_leaving (id)
         SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
          WHERE s.date < ? AND b.id NOT IN (SELECT value FROM json_each(?))`,
      ).run(firstKeptDay, JSON.stringify([...keep]));
      // A row of a booking that stays may point at one that would leave: that one stays too (and so on).
      const pointers = references.filter((r) => r.column !== 'booking_id');
      for (let changed = true; changed; ) {
        changed = false;
        for (const { table, column, owned } of pointers) {
          const staying = owned ? 'AND booking_id NOT IN (SELECT id FROM temp.bookings_leaving)' : '';
          const result = db
            .prepare(
              `DELETE FROM temp.bookings_leaving WHERE id IN
                 (SELECT ${quote(column)} FROM ${quote(table)} WHERE ${quote(column)} IS NOT NULL ${staying})`,
            )
            .run();
          if (result.changes > 0) changed = true;
        }
      }
      for (const { table } of references.filter((r) => r.column === 'booking_id')) {
        db.prepare(
          `DELETE FROM ${quote(table)} WHERE booking_id IN (SELECT id FROM temp.bookings_leaving)`,
        ).run();
      }
      const removed = db
        .prepare('DELETE FROM bookings WHERE id IN (SELECT id FROM temp.bookings_leaving)')
        .run().changes;
      db.exec('DELETE FROM temp.bookings_leaving');
      return removed;
    })
    .immediate();
}
