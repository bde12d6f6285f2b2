import type { Migration } from './migration.ts';

// 008: residents stranded by a closed slot. A manager closing a slot (on the hub, or on a desktop
// without one) leaves its bookings in place; every desktop must see that those residents have to be
// called back. Derived from the slots as they arrive, so every desk that mirrors the hub agrees:
// - slot_closures: when each closed slot was closed (the slot's updated_at as it turned closed, or as
//   it first arrived closed), kept by triggers on slots; reopening removes the row.
// - slot_closure_callbacks: this desk's record of calling a resident about one closure (the outcome);
//   a later closure of the same slot is a new task.
const sql = `
CREATE TABLE slot_closures (
  slot_id    TEXT PRIMARY KEY REFERENCES slots (id) ON DELETE CASCADE,
  closed_at  TEXT NOT NULL
) STRICT;
INSERT INTO slot_closures (slot_id, closed_at) SELECT id, updated_at FROM slots WHERE status = 'closed';

CREATE TRIGGER slot_closure_on_insert AFTER INSERT ON slots WHEN new.status = 'closed'
BEGIN
  INSERT OR REPLACE INTO slot_closures (slot_id, closed_at) VALUES (new.id, new.updated_at);
END;
CREATE TRIGGER slot_closure_on_close AFTER UPDATE OF status ON slots
  WHEN new.status = 'closed' AND old.status <> 'closed'
BEGIN
  INSERT OR REPLACE INTO slot_closures (slot_id, closed_at) VALUES (new.id, new.updated_at);
END;
CREATE TRIGGER slot_closure_on_reopen AFTER UPDATE OF status ON slots
  WHEN new.status <> 'closed' AND old.status = 'closed'
BEGIN
  DELETE FROM slot_closures WHERE slot_id = new.id;
END;

CREATE TABLE slot_closure_callbacks (
  booking_id           TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  -- The closure this call was about (slot_closures.closed_at at the time).
  closed_at            TEXT NOT NULL,
  outcome              TEXT NOT NULL CHECK (outcome IN ('rebooked', 'no_answer', 'declined', 'informed')),
  rebooked_booking_id  TEXT REFERENCES bookings (id),
  recorded_by          TEXT,
  recorded_at          TEXT NOT NULL,
  PRIMARY KEY (booking_id, closed_at)
) STRICT;
`;

export const slotClosuresSchema: Migration = {
  version: 8,
  name: 'slot-closures',
  up: (db) => {
    db.exec(sql);
  },
};
