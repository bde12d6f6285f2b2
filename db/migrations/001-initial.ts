import type { Migration } from './migration.ts';

// The schema lives in TypeScript string modules (not .sql files) so that it is part of every bundle
// (electron-vite main, browser mode, tests) with nothing to copy beside it.
const sql = `
-- 001: the desktop's local store. Dates are 'YYYY-MM-DD', times 'HH:MM', timestamps ISO-8601 UTC.
-- Ids that the hub also knows are TEXT (UUIDs or stable codes) so that synced rows keep their ids.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE vaccine_products (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  manufacturer       TEXT NOT NULL,
  doses_in_series    INTEGER NOT NULL CHECK (doses_in_series BETWEEN 1 AND 5),
  interval_min_days  INTEGER NOT NULL CHECK (interval_min_days >= 0),
  interval_max_days  INTEGER NOT NULL CHECK (interval_max_days >= interval_min_days),
  min_age_years      INTEGER NOT NULL CHECK (min_age_years >= 0),
  active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE venues (
  id                 TEXT PRIMARY KEY,
  municipality_code  TEXT NOT NULL CHECK (length(municipality_code) = 6),
  name               TEXT NOT NULL,
  name_kana          TEXT NOT NULL DEFAULT '',
  kind               TEXT NOT NULL CHECK (kind IN ('clinic', 'community_center', 'mass_site')),
  area               TEXT NOT NULL DEFAULT '',
  address            TEXT NOT NULL,
  phone              TEXT NOT NULL DEFAULT '',
  active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at         TEXT NOT NULL
) STRICT;

CREATE TABLE slots (
  id                   TEXT PRIMARY KEY,
  venue_id             TEXT NOT NULL REFERENCES venues (id),
  product_id           TEXT NOT NULL REFERENCES vaccine_products (id),
  date                 TEXT NOT NULL,
  start_time           TEXT NOT NULL,
  end_time             TEXT NOT NULL CHECK (end_time > start_time),
  capacity             INTEGER NOT NULL CHECK (capacity >= 0),
  call_center_reserve  INTEGER NOT NULL DEFAULT 0 CHECK (call_center_reserve BETWEEN 0 AND capacity),
  status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX slots_by_venue_date ON slots (venue_id, date, start_time);
CREATE INDEX slots_by_date ON slots (date, venue_id);

-- A resident's vaccination ticket (接種券). ticket_number keeps leading zeros.
CREATE TABLE coupons (
  id                 TEXT PRIMARY KEY,
  municipality_code  TEXT NOT NULL CHECK (length(municipality_code) = 6),
  ticket_number      TEXT NOT NULL CHECK (length(ticket_number) = 10),
  name               TEXT NOT NULL,
  name_kana          TEXT NOT NULL,
  -- name_kana normalized for search (katakana, full-width, no spaces): see domain/kana.ts
  name_kana_key      TEXT NOT NULL,
  birth_date         TEXT NOT NULL,
  sex                TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
  address            TEXT NOT NULL DEFAULT '',
  phone              TEXT NOT NULL DEFAULT '',
  -- phone digits only, for search
  phone_key          TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'void', 'moved_out')),
  updated_at         TEXT NOT NULL,
  UNIQUE (municipality_code, ticket_number)
) STRICT;
CREATE INDEX coupons_by_ticket ON coupons (ticket_number);
CREATE INDEX coupons_by_kana ON coupons (name_kana_key, birth_date);
CREATE INDEX coupons_by_phone ON coupons (phone_key);

-- Doses a resident has already received (before or outside this system's bookings).
CREATE TABLE coupon_doses (
  coupon_id    TEXT NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
  dose_number  INTEGER NOT NULL CHECK (dose_number >= 1),
  date         TEXT NOT NULL,
  product_id   TEXT REFERENCES vaccine_products (id),
  PRIMARY KEY (coupon_id, dose_number)
) STRICT;

CREATE TABLE staff (
  id            TEXT PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('operator', 'venue_staff', 'manager', 'admin')),
  venue_id      TEXT REFERENCES venues (id),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE bookings (
  id              TEXT PRIMARY KEY,
  booking_number  TEXT NOT NULL UNIQUE,
  coupon_id       TEXT NOT NULL REFERENCES coupons (id),
  slot_id         TEXT NOT NULL REFERENCES slots (id),
  dose_number     INTEGER NOT NULL CHECK (dose_number >= 1),
  channel         TEXT NOT NULL CHECK (channel IN ('phone', 'online', 'walk_in')),
  status          TEXT NOT NULL CHECK (status IN ('held', 'provisional', 'confirmed', 'rejected', 'cancelled',
                                                  'checked_in', 'vaccinated', 'no_show')),
  contact_phone   TEXT NOT NULL DEFAULT '',
  notes           TEXT NOT NULL DEFAULT '',
  reject_reason   TEXT,
  created_by      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX bookings_by_slot ON bookings (slot_id, status);
CREATE INDEX bookings_by_coupon ON bookings (coupon_id, dose_number);
CREATE INDEX bookings_by_created ON bookings (created_at);

-- Append-only: who viewed, changed or exported which records. Triggers below refuse rewrites.
CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  staff_id    TEXT,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_ids  TEXT NOT NULL DEFAULT '[]',
  detail      TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_by_time ON audit_events (at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- One row: where this desktop syncs from and how far it got.
CREATE TABLE sync_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  hub_url        TEXT,
  device_id      TEXT,
  cursor         INTEGER NOT NULL DEFAULT 0,
  last_pull_at   TEXT,
  last_push_at   TEXT,
  last_error     TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Local writes waiting for the hub. Written in the same transaction as the local row.
CREATE TABLE outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id      TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL,
  payload          TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT,
  last_error       TEXT
) STRICT;
`;

export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(sql);
  },
};
