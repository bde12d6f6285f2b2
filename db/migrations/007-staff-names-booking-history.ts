import type { Migration } from './migration.ts';

// 007: people by name, and a booking's whole history.
//
// staff becomes the list of everyone whose name the desk shows: the hub's staff directory (id and
// name only, sync entity 'staff'), the local demo city's accounts, and this desk's own session. Login
// and role are known only for the demo city's accounts, so they may be NULL now (the table is built
// again: SQLite cannot drop a NOT NULL). Nothing references staff by foreign key.
//
// booking_grid gets the creator's name, kept by triggers on booking_grid and on staff, with an index
// in the order "created by" sorts (name, then the person, then when), so that sort needs no sorting;
// the other indexes that serve a sort but not the date end with the slot date (see below).
//
// booking_history gets what a move, a cancellation and a hub refusal say (the old and new slot, the
// reason), and the hub's event id: set when the hub's record of this desk's own change arrives, or on
// changes made elsewhere (online, another desk) that arrive through sync. Cancellations and moves made
// before this version are taken into the history from booking_cancellations and the audit log.
const sql = `
CREATE TABLE staff_by_name (
  id            TEXT PRIMARY KEY,
  display_name  TEXT NOT NULL,
  login         TEXT UNIQUE,
  role          TEXT CHECK (role IS NULL OR role IN ('operator', 'venue_staff', 'manager', 'admin')),
  venue_id      TEXT REFERENCES venues (id),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- 'local': the local demo city; 'hub': the hub's staff directory; 'session': this desk's own session
  -- (kept when the mirrored data is cleared)
  source        TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'hub', 'session'))
) STRICT;
INSERT INTO staff_by_name (id, display_name, login, role, venue_id, active)
SELECT id, display_name, login, role, venue_id, active FROM staff;
DROP TABLE staff;
ALTER TABLE staff_by_name RENAME TO staff;

ALTER TABLE booking_grid ADD COLUMN created_by_name TEXT NOT NULL DEFAULT '';
UPDATE booking_grid
   SET created_by_name = coalesce((SELECT display_name FROM staff WHERE id = booking_grid.created_by), '')
 WHERE created_by <> '';
CREATE INDEX booking_grid_by_creator_name ON booking_grid (created_by_name, created_by, created_at, date);

-- The sort indexes that do not lead with the date end with it now: with the screen's "from today on"
-- a page walks such an index past the earlier bookings, and the date in the index lets SQLite pass
-- them without reading their rows (the sorts go on by date where the column ties).
DROP INDEX booking_grid_by_number;
CREATE INDEX booking_grid_by_number ON booking_grid (booking_number, date);
DROP INDEX booking_grid_by_name;
CREATE INDEX booking_grid_by_name ON booking_grid (name, date);
DROP INDEX booking_grid_by_kana;
CREATE INDEX booking_grid_by_kana ON booking_grid (name_kana_key, birth_date, date);
DROP INDEX booking_grid_by_birth;
CREATE INDEX booking_grid_by_birth ON booking_grid (birth_date, date);
DROP INDEX booking_grid_by_phone;
CREATE INDEX booking_grid_by_phone ON booking_grid (phone_key, date);
DROP INDEX booking_grid_by_created;
CREATE INDEX booking_grid_by_created ON booking_grid (created_at, date);

CREATE TRIGGER booking_grid_creator_name AFTER INSERT ON booking_grid
WHEN NEW.created_by <> ''
BEGIN
  UPDATE booking_grid
     SET created_by_name = coalesce((SELECT display_name FROM staff WHERE id = NEW.created_by), '')
   WHERE id = NEW.id;
END;

CREATE TRIGGER booking_grid_on_staff_insert AFTER INSERT ON staff
BEGIN UPDATE booking_grid SET created_by_name = NEW.display_name WHERE created_by = NEW.id; END;

CREATE TRIGGER booking_grid_on_staff_name AFTER UPDATE OF display_name ON staff
WHEN OLD.display_name IS NOT NEW.display_name
BEGIN UPDATE booking_grid SET created_by_name = NEW.display_name WHERE created_by = NEW.id; END;

CREATE TRIGGER booking_grid_on_staff_delete AFTER DELETE ON staff
BEGIN UPDATE booking_grid SET created_by_name = '' WHERE created_by = OLD.id; END;

ALTER TABLE booking_history ADD COLUMN from_slot_id TEXT;
ALTER TABLE booking_history ADD COLUMN to_slot_id TEXT;
-- a cancellation's reason (domain/api/methods/phone-desk.ts cancelReasons), or the hub's refusal code
ALTER TABLE booking_history ADD COLUMN reason TEXT;
ALTER TABLE booking_history ADD COLUMN hub_event_id TEXT;
CREATE UNIQUE INDEX booking_history_by_hub_event ON booking_history (hub_event_id) WHERE hub_event_id IS NOT NULL;

INSERT OR IGNORE INTO booking_history (booking_id, at, staff_id, action, to_status, reason)
SELECT c.booking_id, c.cancelled_at, c.cancelled_by, 'cancelled', 'cancelled', c.reason
  FROM booking_cancellations c JOIN bookings b ON b.id = c.booking_id
 ORDER BY c.cancelled_at, c.booking_id;

INSERT OR IGNORE INTO booking_history (booking_id, at, staff_id, action, from_slot_id, to_slot_id, mutation_id)
SELECT json_extract(a.entity_ids, '$[0]'), a.at, a.staff_id, 'moved', json_extract(a.detail, '$.fromSlotId'),
       json_extract(a.detail, '$.toSlotId'), json_extract(a.detail, '$.mutationId')
  FROM audit_events a JOIN bookings b ON b.id = json_extract(a.entity_ids, '$[0]')
 WHERE a.action = 'booking.move'
 ORDER BY a.id;
`;

export const staffNamesBookingHistory: Migration = {
  version: 7,
  name: 'staff-names-booking-history',
  up: (db) => {
    db.exec(sql);
  },
};
