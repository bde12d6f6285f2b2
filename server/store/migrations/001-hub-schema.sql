-- 001: the hub's authoritative store. PostgreSQL SQL, run unchanged by PostgreSQL and by PGlite.
-- Column names follow the desktop's store (db/migrations) so that synced rows map one to one.
--
-- Partitioning: every row a booking transaction touches carries municipality_code (slots, coupons,
-- bookings, holds, change_log), and a booking never spans two municipalities (the coupon's
-- municipality is the venue's). A distributed Postgres (e.g. Citus) can therefore shard
-- venues/slots/coupons/coupon_doses/bookings/holds/change_log on municipality_code, keep
-- vaccine_products and municipalities as reference tables, and every booking transaction stays
-- inside one shard. The change-log counter would then be one row per municipality.

CREATE TABLE municipalities (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name        text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vaccine_products (
  id                 text PRIMARY KEY,
  name               text NOT NULL,
  manufacturer       text NOT NULL,
  doses_in_series    integer NOT NULL CHECK (doses_in_series BETWEEN 1 AND 5),
  interval_min_days  integer NOT NULL CHECK (interval_min_days >= 0),
  interval_max_days  integer NOT NULL CHECK (interval_max_days >= interval_min_days),
  min_age_years      integer NOT NULL CHECK (min_age_years >= 0),
  active             boolean NOT NULL DEFAULT true,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE venues (
  id                 text PRIMARY KEY,
  municipality_code  text NOT NULL REFERENCES municipalities (code),
  name               text NOT NULL,
  name_kana          text NOT NULL DEFAULT '',
  kind               text NOT NULL CHECK (kind IN ('clinic', 'community_center', 'mass_site')),
  area               text NOT NULL DEFAULT '',
  address            text NOT NULL,
  phone              text NOT NULL DEFAULT '',
  active             boolean NOT NULL DEFAULT true,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX venues_by_municipality ON venues (municipality_code);

-- Seat counters live on the slot row itself, so that the capacity check is one conditional UPDATE
-- of this row (concurrent bookings queue on its row lock and re-check the condition on the newest
-- version). held counts hold rows not yet swept; expired holds are swept before seats are counted.
CREATE TABLE slots (
  id                    text PRIMARY KEY,
  municipality_code     text NOT NULL REFERENCES municipalities (code),
  venue_id              text NOT NULL REFERENCES venues (id),
  product_id            text NOT NULL REFERENCES vaccine_products (id),
  date                  date NOT NULL,
  start_time            text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time              text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND end_time > start_time),
  capacity              integer NOT NULL CHECK (capacity >= 0),
  call_center_reserve   integer NOT NULL DEFAULT 0 CHECK (call_center_reserve BETWEEN 0 AND capacity),
  reserve_release_days  integer NOT NULL DEFAULT 3 CHECK (reserve_release_days BETWEEN 0 AND 365),
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  booked_online         integer NOT NULL DEFAULT 0 CHECK (booked_online >= 0),
  booked_phone          integer NOT NULL DEFAULT 0 CHECK (booked_phone >= 0),
  booked_walk_in        integer NOT NULL DEFAULT 0 CHECK (booked_walk_in >= 0),
  held                  integer NOT NULL DEFAULT 0 CHECK (held >= 0),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  -- The last line of defence: no code path can seat more people than the capacity.
  CONSTRAINT slots_capacity_not_exceeded CHECK (booked_online + booked_phone + booked_walk_in + held <= capacity)
);
CREATE INDEX slots_by_venue_date ON slots (venue_id, date, start_time);
CREATE INDEX slots_by_municipality_date ON slots (municipality_code, date);

-- A resident's vaccination ticket (接種券). ticket_number keeps its leading zeros.
CREATE TABLE coupons (
  id                 text PRIMARY KEY,
  municipality_code  text NOT NULL REFERENCES municipalities (code),
  ticket_number      text NOT NULL CHECK (ticket_number ~ '^[0-9]{10}$'),
  name               text NOT NULL,
  name_kana          text NOT NULL,
  name_kana_key      text NOT NULL,
  birth_date         date NOT NULL,
  sex                text NOT NULL CHECK (sex IN ('M', 'F', 'U')),
  address            text NOT NULL DEFAULT '',
  phone              text NOT NULL DEFAULT '',
  phone_key          text NOT NULL DEFAULT '',
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'void', 'moved_out')),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT coupons_ticket_unique UNIQUE (municipality_code, ticket_number)
);
CREATE INDEX coupons_by_ticket ON coupons (ticket_number);

-- Doses given before or outside this system's bookings.
CREATE TABLE coupon_doses (
  coupon_id    text NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
  dose_number  integer NOT NULL CHECK (dose_number >= 1),
  date         date NOT NULL,
  product_id   text REFERENCES vaccine_products (id),
  PRIMARY KEY (coupon_id, dose_number)
);

CREATE TABLE bookings (
  id                 uuid PRIMARY KEY,
  booking_number     text NOT NULL,
  municipality_code  text NOT NULL REFERENCES municipalities (code),
  coupon_id          text NOT NULL REFERENCES coupons (id),
  slot_id            text NOT NULL REFERENCES slots (id),
  dose_number        integer NOT NULL CHECK (dose_number BETWEEN 1 AND 10),
  channel            text NOT NULL CHECK (channel IN ('phone', 'online', 'walk_in')),
  status             text NOT NULL CHECK (status IN ('confirmed', 'cancelled', 'checked_in', 'vaccinated', 'no_show')),
  contact_phone      text NOT NULL DEFAULT '',
  contact_email      text NOT NULL DEFAULT '',
  notes              text NOT NULL DEFAULT '',
  -- Staff id for phone and walk-in bookings, NULL for online ones.
  created_by         text,
  -- The desktop's mutation id for bookings pushed through sync (idempotent re-push).
  mutation_id        uuid UNIQUE,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  cancelled_at       timestamptz,
  CONSTRAINT bookings_number_unique UNIQUE (booking_number)
);
-- One active booking per coupon and dose (the transaction checks first; this is the backstop).
CREATE UNIQUE INDEX bookings_one_active_per_dose ON bookings (coupon_id, dose_number)
  WHERE status IN ('confirmed', 'checked_in', 'vaccinated');
CREATE INDEX bookings_by_slot ON bookings (slot_id, status);
CREATE INDEX bookings_by_coupon ON bookings (coupon_id);

-- A seat an operator keeps for a caller for a few minutes; counted in slots.held until released,
-- turned into a booking, or swept after expires_at. Extensions never pass expires_cap_at.
CREATE TABLE holds (
  id                 uuid PRIMARY KEY,
  municipality_code  text NOT NULL REFERENCES municipalities (code),
  slot_id            text NOT NULL REFERENCES slots (id),
  staff_id           text,
  device_id          text,
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL,
  expires_cap_at     timestamptz NOT NULL,
  CHECK (expires_at <= expires_cap_at)
);
CREATE INDEX holds_by_slot ON holds (slot_id, expires_at);
CREATE INDEX holds_by_expiry ON holds (expires_at);

-- Stored answers for retried requests: the public booking's Idempotency-Key, the desktop's mutation id.
CREATE TABLE idempotency_keys (
  scope            text NOT NULL,
  key              text NOT NULL,
  request_hash     text NOT NULL,
  response_status  integer NOT NULL,
  -- json, not jsonb: a replayed answer keeps the exact key order of the first one.
  response_body    json NOT NULL,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Verification attempts per ticket number (known or not, so a lockout says nothing about existence).
-- An attempt counts until it succeeds, so parallel guesses cannot slip past the limit.
CREATE TABLE verification_failures (
  ticket_number   text PRIMARY KEY,
  failures        integer NOT NULL,
  last_attempt_at timestamptz NOT NULL,
  locked_until    timestamptz
);

CREATE TABLE staff (
  id                 uuid PRIMARY KEY,
  login              text NOT NULL UNIQUE,
  display_name       text NOT NULL,
  role               text NOT NULL CHECK (role IN ('operator', 'venue_staff', 'manager', 'admin')),
  municipality_code  text REFERENCES municipalities (code),
  venue_id           text REFERENCES venues (id),
  password_hash      text NOT NULL,
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Desktops allowed to sync; the secret is stored hashed.
CREATE TABLE devices (
  id                 uuid PRIMARY KEY,
  name               text NOT NULL,
  municipality_code  text REFERENCES municipalities (code),
  secret_hash        text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz,
  revoked_at         timestamptz
);

-- Every change, in commit order (see server/store/change-log.ts for how seq is allocated).
-- payload is the row as the desktop stores it (camelCase record); NULL for a delete (tombstone).
-- municipality_code NULL means the row concerns every municipality (e.g. vaccine products).
CREATE TABLE change_log (
  seq                bigint PRIMARY KEY,
  committed_at       timestamptz NOT NULL,
  entity             text NOT NULL,
  entity_id          text NOT NULL,
  op                 text NOT NULL CHECK (op IN ('upsert', 'delete')),
  payload            jsonb,
  municipality_code  text,
  CHECK ((op = 'delete') = (payload IS NULL))
);
CREATE INDEX change_log_by_municipality ON change_log (municipality_code, seq);

-- One row: the last sequence number handed out, and the oldest one still kept (older cursors
-- must resnapshot).
CREATE TABLE change_log_head (
  id             integer PRIMARY KEY CHECK (id = 1),
  last_seq       bigint NOT NULL,
  retained_from  bigint NOT NULL
);
INSERT INTO change_log_head (id, last_seq, retained_from) VALUES (1, 0, 1);
