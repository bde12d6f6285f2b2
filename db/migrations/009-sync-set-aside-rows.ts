import type { Migration } from './migration.ts';

// 010: hub rows this desk could not read (their record did not parse: domain/hub-api/records.ts), kept
// aside instead of dropped: the 同期 screen lists them by entity and id, and the row as received is
// kept so that nothing is lost. A later row of the same entity and id that parses takes its place.
const sql = `
CREATE TABLE sync_set_aside_rows (
  entity         TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  -- The row's payload as the hub sent it (JSON).
  payload        TEXT NOT NULL,
  -- The fields that did not parse, as paths ('capacity', 'status'), never their values.
  fields         TEXT NOT NULL,
  first_seen_at  TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) STRICT;
`;

export const syncSetAsideRowsSchema: Migration = {
  version: 10,
  name: 'sync-set-aside-rows',
  up: (db) => {
    db.exec(sql);
  },
};
