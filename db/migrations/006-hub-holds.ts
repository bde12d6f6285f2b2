import type { Migration } from './migration.ts';

// 006: the hub's seat holds, as the change log carries them, so that a seat another desktop holds for
// its caller is not offered here as free (docs/architecture.md, "Holds": a hold counts against
// capacity). This desktop's own holds are mirrored too but not counted (its operator's booking takes
// that seat over). A hold past its expiry counts no more, whether or not the hub has swept it yet. No
// personal data: the hold, its slot, the device holding it and until when.
const sql = `
CREATE TABLE hub_holds (
  id          TEXT PRIMARY KEY,
  slot_id     TEXT NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
  device_id   TEXT,
  expires_at  TEXT NOT NULL
) STRICT;
CREATE INDEX hub_holds_slot ON hub_holds (slot_id, expires_at);
`;

export const hubHoldsSchema: Migration = {
  version: 6,
  name: 'hub-holds',
  up: (db) => {
    db.exec(sql);
  },
};
