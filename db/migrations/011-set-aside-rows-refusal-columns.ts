import type { Database } from '../sqlite-driver.ts';
import type { Migration } from './migration.ts';

// 011: what the hub sent or said, kept as it is typed (domain/hub-api/records.ts).
//
// sync_set_aside_rows: hub rows this desk could not read (their record did not parse), kept aside
// instead of dropped: the 同期 screen lists them by entity and id, and the row as received (its op and
// payload) is kept so that nothing is lost: the cursor moves past it, and each pull first reads the
// rows aside again (a newer version of the desk may read them). A later row of the same entity and id
// that parses takes its place.
//
// The hub's refusal as columns instead of one packed string ('NOT_ELIGIBLE:TOO_YOUNG,INTERVAL_TOO_SHORT',
// 'BOOKING_NUMBER_CHANGED:<old number>'): the code, its reasons (a JSON array of ineligibility reasons)
// and, for a callback about a changed number, the number the resident was given first. On bookings,
// callback tasks and the booking history's refusal lines. Existing rows are converted.
const sql = `
CREATE TABLE sync_set_aside_rows (
  entity         TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  op             TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  -- The row's payload as the hub sent it (JSON).
  payload        TEXT NOT NULL,
  -- The fields that did not parse, as paths ('capacity', 'status'), never their values.
  fields         TEXT NOT NULL,
  first_seen_at  TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) STRICT;

ALTER TABLE bookings ADD COLUMN reject_code TEXT;
ALTER TABLE bookings ADD COLUMN reject_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE booking_callbacks ADD COLUMN reject_code TEXT;
ALTER TABLE booking_callbacks ADD COLUMN reject_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE booking_callbacks ADD COLUMN previous_booking_number TEXT;
ALTER TABLE booking_history ADD COLUMN reject_code TEXT;
ALTER TABLE booking_history ADD COLUMN reject_reasons TEXT NOT NULL DEFAULT '[]';
`;

/** The packed form as versions before 011 wrote it: the code, then after a colon the reasons or the old number. */
function unpack(packed: string): { code: string; reasons: string[]; after: string } {
  const cut = packed.indexOf(':');
  if (cut < 0) return { code: packed, reasons: [], after: '' };
  const code = packed.slice(0, cut);
  const after = packed.slice(cut + 1);
  return { code, reasons: code === 'NOT_ELIGIBLE' ? after.split(',').filter((r) => r !== '') : [], after };
}

function convert(db: Database): void {
  const bookings = db
    .prepare('SELECT id, reject_reason FROM bookings WHERE reject_reason IS NOT NULL')
    .all() as Array<{ id: string; reject_reason: string }>;
  const setBooking = db.prepare('UPDATE bookings SET reject_code = ?, reject_reasons = ? WHERE id = ?');
  for (const row of bookings) {
    const { code, reasons } = unpack(row.reject_reason);
    setBooking.run(code, JSON.stringify(reasons), row.id);
  }

  const callbacks = db.prepare('SELECT id, kind, reason FROM booking_callbacks').all() as Array<{
    id: number;
    kind: string;
    reason: string;
  }>;
  const setCallback = db.prepare(
    'UPDATE booking_callbacks SET reject_code = ?, reject_reasons = ?, previous_booking_number = ? WHERE id = ?',
  );
  for (const row of callbacks) {
    const { code, reasons, after } = unpack(row.reason);
    const changed = row.kind === 'number_changed';
    setCallback.run(changed ? null : code, JSON.stringify(reasons), changed ? after || null : null, row.id);
  }

  // A refusal line's reason was the hub's packed code; a cancellation's reason stays where it is.
  const refusals = db
    .prepare(
      "SELECT id, reason FROM booking_history WHERE action LIKE 'hub\\_refused\\_%' ESCAPE '\\' AND reason IS NOT NULL",
    )
    .all() as Array<{ id: number; reason: string }>;
  const setRefusal = db.prepare(
    'UPDATE booking_history SET reject_code = ?, reject_reasons = ?, reason = NULL WHERE id = ?',
  );
  for (const row of refusals) {
    const { code, reasons } = unpack(row.reason);
    setRefusal.run(code, JSON.stringify(reasons), row.id);
  }
}

export const setAsideRowsRefusalColumns: Migration = {
  version: 11,
  name: 'set-aside-rows-refusal-columns',
  up: (db) => {
    db.exec(sql);
    convert(db);
    db.exec(
      'ALTER TABLE bookings DROP COLUMN reject_reason; ALTER TABLE booking_callbacks DROP COLUMN reason;',
    );
  },
};
