import type { Migration } from './migration.ts';

// 003: what the bookings grid, the daily list and the venue day need.
//
// booking_grid is a narrow copy of the columns the grid filters and sorts on, one row per booking,
// kept in step by triggers (so every writer, sync and phone desk included, keeps it right without
// knowing it exists). The grid pages over it with one index per sort order and joins the full rows
// for the page only, so a page costs the same at 2,000,000 bookings as at 2,000.
// Joined columns (slot date, venue, coupon fields) come from LEFT JOINs: a booking that arrives
// before its slot or coupon (a sync page in another order) gets them when that row arrives.
const digitsOnly = (expr: string) =>
  `replace(replace(replace(replace(replace(${expr}, '-', ''), ' ', ''), '(', ''), ')', ''), '+81', '0')`;

const projectBooking = `
  INSERT OR REPLACE INTO booking_grid (booking_id, slot_id, coupon_id, date, start_time, venue_id, venue_kana,
         dose_number, channel, status, booking_number, ticket_number, name, name_kana_key, birth_date, phone_key,
         created_by, created_at)
  SELECT NEW.id, NEW.slot_id, NEW.coupon_id, coalesce(s.date, ''), coalesce(s.start_time, ''),
         coalesce(s.venue_id, ''), coalesce(v.name_kana, ''), NEW.dose_number, NEW.channel, NEW.status,
         NEW.booking_number, coalesce(c.ticket_number, ''), coalesce(c.name, ''), coalesce(c.name_kana_key, ''),
         coalesce(c.birth_date, ''),
         CASE WHEN NEW.contact_phone = '' THEN coalesce(c.phone_key, '') ELSE ${digitsOnly('NEW.contact_phone')} END,
         coalesce(NEW.created_by, ''), NEW.created_at
    FROM (SELECT 1) AS one
    LEFT JOIN slots s ON s.id = NEW.slot_id
    LEFT JOIN venues v ON v.id = s.venue_id
    LEFT JOIN coupons c ON c.id = NEW.coupon_id;`;

const refreshSlot = `
  UPDATE booking_grid
     SET date = NEW.date, start_time = NEW.start_time, venue_id = NEW.venue_id,
         venue_kana = coalesce((SELECT name_kana FROM venues WHERE id = NEW.venue_id), '')
   WHERE slot_id = NEW.id;`;

const refreshCoupon = `
  UPDATE booking_grid
     SET ticket_number = NEW.ticket_number, name = NEW.name, name_kana_key = NEW.name_kana_key,
         birth_date = NEW.birth_date,
         phone_key = CASE WHEN (SELECT contact_phone FROM bookings WHERE id = booking_grid.booking_id) = ''
                          THEN NEW.phone_key ELSE phone_key END
   WHERE coupon_id = NEW.id;`;

const sql = `
CREATE TABLE booking_grid (
  id              INTEGER PRIMARY KEY,
  booking_id      TEXT NOT NULL UNIQUE,
  slot_id         TEXT NOT NULL,
  coupon_id       TEXT NOT NULL,
  date            TEXT NOT NULL,
  start_time      TEXT NOT NULL,
  venue_id        TEXT NOT NULL,
  venue_kana      TEXT NOT NULL,
  dose_number     INTEGER NOT NULL,
  channel         TEXT NOT NULL,
  status          TEXT NOT NULL,
  booking_number  TEXT NOT NULL,
  ticket_number   TEXT NOT NULL,
  name            TEXT NOT NULL,
  name_kana_key   TEXT NOT NULL,
  birth_date      TEXT NOT NULL,
  phone_key       TEXT NOT NULL,
  -- staff id, '' for bookings residents made online
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;
-- Existing bookings first, then the indexes (faster than indexing row by row).
INSERT INTO booking_grid (booking_id, slot_id, coupon_id, date, start_time, venue_id, venue_kana, dose_number,
       channel, status, booking_number, ticket_number, name, name_kana_key, birth_date, phone_key, created_by,
       created_at)
SELECT b.id, b.slot_id, b.coupon_id, coalesce(s.date, ''), coalesce(s.start_time, ''), coalesce(s.venue_id, ''),
       coalesce(v.name_kana, ''), b.dose_number, b.channel, b.status, b.booking_number,
       coalesce(c.ticket_number, ''), coalesce(c.name, ''), coalesce(c.name_kana_key, ''), coalesce(c.birth_date, ''),
       CASE WHEN b.contact_phone = '' THEN coalesce(c.phone_key, '') ELSE ${digitsOnly('b.contact_phone')} END,
       coalesce(b.created_by, ''), b.created_at
  FROM bookings b
  LEFT JOIN slots s ON s.id = b.slot_id
  LEFT JOIN venues v ON v.id = s.venue_id
  LEFT JOIN coupons c ON c.id = b.coupon_id;

-- One index per sort order (each ends with the rowid, the grid's tie-breaker). The date-ordered ones
-- also carry the small filter columns (status, channel, dose), so a filtered page deep in the result
-- is skipped inside the index without reading table rows; the low-cardinality columns lead
-- composite indexes that continue in date order, which is also how they are filtered.
CREATE INDEX booking_grid_by_date ON booking_grid (date, start_time, venue_kana, status, channel, dose_number);
CREATE INDEX booking_grid_by_venue_kana ON booking_grid (venue_kana, date, start_time);
CREATE INDEX booking_grid_by_venue ON booking_grid (venue_id, date, start_time, venue_kana, status, channel, dose_number);
CREATE INDEX booking_grid_by_dose ON booking_grid (dose_number, date, start_time, venue_kana, status, channel);
CREATE INDEX booking_grid_by_channel ON booking_grid (channel, date, start_time, venue_kana, status, dose_number);
CREATE INDEX booking_grid_by_status ON booking_grid (status, date, start_time, venue_kana, channel, dose_number);
CREATE INDEX booking_grid_by_number ON booking_grid (booking_number);
CREATE INDEX booking_grid_by_ticket ON booking_grid (ticket_number);
CREATE INDEX booking_grid_by_name ON booking_grid (name);
CREATE INDEX booking_grid_by_kana ON booking_grid (name_kana_key, birth_date);
CREATE INDEX booking_grid_by_birth ON booking_grid (birth_date);
CREATE INDEX booking_grid_by_phone ON booking_grid (phone_key);
CREATE INDEX booking_grid_by_creator ON booking_grid (created_by, created_at);
CREATE INDEX booking_grid_by_created ON booking_grid (created_at);
CREATE INDEX booking_grid_by_slot ON booking_grid (slot_id);
CREATE INDEX booking_grid_by_coupon ON booking_grid (coupon_id);

CREATE TRIGGER booking_grid_on_booking_insert AFTER INSERT ON bookings
BEGIN ${projectBooking} END;

CREATE TRIGGER booking_grid_on_booking_status AFTER UPDATE OF status ON bookings
WHEN OLD.status IS NOT NEW.status
BEGIN UPDATE booking_grid SET status = NEW.status WHERE booking_id = NEW.id; END;

CREATE TRIGGER booking_grid_on_booking_change
AFTER UPDATE OF slot_id, coupon_id, dose_number, channel, booking_number, contact_phone, created_by, created_at
ON bookings
WHEN OLD.slot_id IS NOT NEW.slot_id OR OLD.coupon_id IS NOT NEW.coupon_id
  OR OLD.dose_number IS NOT NEW.dose_number OR OLD.channel IS NOT NEW.channel
  OR OLD.booking_number IS NOT NEW.booking_number OR OLD.contact_phone IS NOT NEW.contact_phone
  OR OLD.created_by IS NOT NEW.created_by OR OLD.created_at IS NOT NEW.created_at
BEGIN ${projectBooking} END;

CREATE TRIGGER booking_grid_on_booking_delete AFTER DELETE ON bookings
BEGIN DELETE FROM booking_grid WHERE booking_id = OLD.id; END;

CREATE TRIGGER booking_grid_on_slot_insert AFTER INSERT ON slots
BEGIN ${refreshSlot} END;

CREATE TRIGGER booking_grid_on_slot_change AFTER UPDATE OF date, start_time, venue_id ON slots
WHEN OLD.date IS NOT NEW.date OR OLD.start_time IS NOT NEW.start_time OR OLD.venue_id IS NOT NEW.venue_id
BEGIN ${refreshSlot} END;

CREATE TRIGGER booking_grid_on_coupon_insert AFTER INSERT ON coupons
BEGIN ${refreshCoupon} END;

CREATE TRIGGER booking_grid_on_coupon_change
AFTER UPDATE OF ticket_number, name, name_kana_key, birth_date, phone_key ON coupons
WHEN OLD.ticket_number IS NOT NEW.ticket_number OR OLD.name IS NOT NEW.name
  OR OLD.name_kana_key IS NOT NEW.name_kana_key OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.phone_key IS NOT NEW.phone_key
BEGIN ${refreshCoupon} END;

CREATE TRIGGER booking_grid_on_venue_insert AFTER INSERT ON venues
BEGIN UPDATE booking_grid SET venue_kana = NEW.name_kana WHERE venue_id = NEW.id; END;

CREATE TRIGGER booking_grid_on_venue_change AFTER UPDATE OF name_kana ON venues
WHEN OLD.name_kana IS NOT NEW.name_kana
BEGIN UPDATE booking_grid SET venue_kana = NEW.name_kana WHERE venue_id = NEW.id; END;


-- What happened to a booking after it was made, newest last: venue-day marks (with the vaccine lot),
-- their undoing, walk-ins. The creation itself is read from the booking row.
CREATE TABLE booking_history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  booking_id    TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  staff_id      TEXT,
  action        TEXT NOT NULL,
  from_status   TEXT,
  to_status     TEXT,
  lot_number    TEXT,
  -- the outbox mutation that carries this change to the hub
  mutation_id   TEXT
) STRICT;
CREATE INDEX booking_history_by_booking ON booking_history (booking_id, id);
-- A retried or double-clicked change (same mutation id) is applied once.
CREATE UNIQUE INDEX booking_history_by_mutation ON booking_history (mutation_id) WHERE mutation_id IS NOT NULL;

-- Tomorrow's reminder calls: the latest outcome per booking (every call is also in the audit log).
CREATE TABLE reminder_calls (
  booking_id  TEXT PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
  outcome     TEXT NOT NULL CHECK (outcome IN ('reached', 'message', 'no_answer')),
  at          TEXT NOT NULL,
  staff_id    TEXT
) STRICT;

-- The lot of the dose given (entered once per session at the venue), for the VRS registration.
ALTER TABLE bookings ADD COLUMN vaccine_lot TEXT;
`;

export const bookingsGridVenueDay: Migration = {
  version: 3,
  name: 'bookings-grid-venue-day',
  up: (db) => {
    db.exec(sql);
  },
};
