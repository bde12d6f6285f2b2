/**
 * A first snapshot (into a store without bookings) loads without the cost the bookings grid has row
 * by row: its triggers (named booking_grid_…) and the secondary indexes of the grid, bookings and
 * coupons are taken away when the first page is written, and put back when the last one is, after
 * the grid is built from booking_grid_source in one statement (db/migrations/009). Both happen in the
 * transaction of their page, and the definitions wait in snapshot_suspended_schema, so a restart in
 * between resumes the load as it was. Unique indexes stay: they keep rows unique and find a booking's
 * local twin. Anything written meanwhile (a phone booking) is in the grid once the load ends, since
 * the grid is built from every booking.
 */
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

/** Tables whose secondary indexes are built at the end instead of row by row. */
const tablesIndexedAtTheEnd = ['booking_grid', 'bookings', 'coupons'] as const;

interface SchemaObject {
  name: string;
  type: 'index' | 'trigger';
  sql: string;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The schema version that brought the bulk load (db/migrations/009). */
export const bulkLoadSchemaVersion = 9;

/** True while a first snapshot loads in bulk (the grid is empty and its triggers are away). */
export function bulkLoadUnderway(db: Database): boolean {
  return (
    cachedStatement<[], number>(db, 'SELECT EXISTS (SELECT 1 FROM snapshot_suspended_schema)')
      .pluck()
      .get() === 1
  );
}

/** True when a snapshot may load in bulk: no booking here yet, so nothing is in the grid either. */
export function storeHasNoBookings(db: Database): boolean {
  return cachedStatement<[], number>(db, 'SELECT NOT EXISTS (SELECT 1 FROM bookings)').pluck().get() === 1;
}

/** Takes the grid's triggers and the secondary indexes away (in the caller's transaction). */
export function beginBulkLoad(db: Database): void {
  if (bulkLoadUnderway(db)) return;
  const objects = db
    .prepare<[], SchemaObject>(
      `SELECT name, type, sql FROM sqlite_master
        WHERE (type = 'trigger' AND name LIKE 'booking\\_grid\\_%' ESCAPE '\\')
           OR (type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'
               AND tbl_name IN (${tablesIndexedAtTheEnd.map((t) => `'${t}'`).join(', ')}))
        ORDER BY type, name`,
    )
    .all();
  const keep = db.prepare('INSERT INTO snapshot_suspended_schema (name, type, sql) VALUES (?, ?, ?)');
  for (const object of objects) {
    keep.run(object.name, object.type, object.sql);
    db.exec(`DROP ${object.type === 'index' ? 'INDEX' : 'TRIGGER'} ${quoted(object.name)}`);
  }
}

/** Builds the grid from every booking and puts the triggers and indexes back (in the caller's transaction). */
export function finishBulkLoad(db: Database): void {
  if (!bulkLoadUnderway(db)) return;
  // The view's columns are the grid's (all but its id), whatever later migrations add to both.
  const columns = (db.pragma('table_info(booking_grid_source)') as Array<{ name: string }>)
    .map((c) => quoted(c.name))
    .join(', ');
  db.exec('DELETE FROM booking_grid');
  // Bookings in the order they were stored (the view's outer loop), as the triggers number them.
  db.exec(`INSERT INTO booking_grid (${columns}) SELECT ${columns} FROM booking_grid_source`);
  const objects = db
    .prepare<[], SchemaObject>(
      "SELECT name, type, sql FROM snapshot_suspended_schema ORDER BY type = 'trigger', name",
    )
    .all();
  for (const object of objects) db.exec(object.sql);
  db.exec('DELETE FROM snapshot_suspended_schema');
}
