import type { Migration } from './migration.ts';

// 004: what the sync engine keeps beside the data it mirrors (electron/node/sync/).
// - sync_settings: the hub this desktop is configured for. Secrets are sealed by the OS (Electron
//   safeStorage, base64 of the sealed bytes) or, in browser mode, stored as they are ('local-db').
// - sync_state (from 001) learns where an unfinished snapshot stands, the hub's newest sequence number
//   and whether the local data is a complete copy; hub_url there names the hub the data came from.
// - bookings learn their hub twin: hub_id (the hub's id; a phone booking gets one when the hub accepts
//   it) and the hub's last known status and slot, so a change the hub refuses can be undone locally.
// - sync_failures: mutations the hub refused for good, with its code and reasons, for the status view.
const sql = `
CREATE TABLE sync_settings (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  hub_url          TEXT NOT NULL,
  device_id        TEXT NOT NULL,
  device_secret    TEXT NOT NULL,
  staff_login      TEXT NOT NULL,
  staff_password   TEXT NOT NULL,
  secret_storage   TEXT NOT NULL CHECK (secret_storage IN ('os', 'local-db')),
  updated_at       TEXT NOT NULL
) STRICT;

ALTER TABLE sync_state ADD COLUMN ready INTEGER NOT NULL DEFAULT 0 CHECK (ready IN (0, 1));
ALTER TABLE sync_state ADD COLUMN head_seq INTEGER;
ALTER TABLE sync_state ADD COLUMN snapshot_seq INTEGER;
ALTER TABLE sync_state ADD COLUMN snapshot_next TEXT;
ALTER TABLE sync_state ADD COLUMN snapshot_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN last_error_code TEXT;
ALTER TABLE sync_state ADD COLUMN last_error_at TEXT;

ALTER TABLE bookings ADD COLUMN hub_id TEXT;
ALTER TABLE bookings ADD COLUMN hub_status TEXT;
ALTER TABLE bookings ADD COLUMN hub_slot_id TEXT;
CREATE UNIQUE INDEX bookings_by_hub_id ON bookings (hub_id) WHERE hub_id IS NOT NULL;

CREATE TABLE sync_failures (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           TEXT NOT NULL,
  mutation_id  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  booking_id   TEXT,
  code         TEXT NOT NULL,
  reasons      TEXT NOT NULL DEFAULT '[]',
  message      TEXT NOT NULL
) STRICT;
CREATE INDEX sync_failures_by_time ON sync_failures (at);
`;

export const hubSyncSchema: Migration = {
  version: 4,
  name: 'hub-sync',
  up: (db) => {
    db.exec(sql);
  },
};
