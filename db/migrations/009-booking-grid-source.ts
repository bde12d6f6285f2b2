import type { Migration } from './migration.ts';

// 009: the bookings grid built in bulk after a first snapshot.
//
// booking_grid_source is the grid's row of every booking as one query (what the triggers of 003 and
// 007 wrote, the creator's name included): the triggers write one booking's row from it, and a first
// snapshot, which loads without the grid's triggers and indexes, builds the whole grid from it at the
// end (db/queries/snapshot-bulk-load.ts). booking_grid_creator_name goes: the name is in the row.
//
// snapshot_suspended_schema keeps the definitions of the triggers and indexes a first snapshot took
// away until it ends, so that a restart in between still finds what to put back.
const digitsOnly = (expr: string) =>
  `replace(replace(replace(replace(replace(${expr}, '-', ''), ' ', ''), '(', ''), ')', ''), '+81', '0')`;

const gridColumns = `booking_id, slot_id, coupon_id, date, start_time, venue_id, venue_kana, dose_number, channel,
       status, booking_number, ticket_number, name, name_kana_key, birth_date, phone_key, created_by, created_at,
       created_by_name`;

const projectBooking = `
  INSERT OR REPLACE INTO booking_grid (${gridColumns})
  SELECT ${gridColumns} FROM booking_grid_source WHERE booking_id = NEW.id;`;

const sql = `
CREATE VIEW booking_grid_source AS
SELECT b.id AS booking_id, b.slot_id, b.coupon_id, coalesce(s.date, '') AS date,
       coalesce(s.start_time, '') AS start_time, coalesce(s.venue_id, '') AS venue_id,
       coalesce(v.name_kana, '') AS venue_kana, b.dose_number, b.channel, b.status, b.booking_number,
       coalesce(c.ticket_number, '') AS ticket_number, coalesce(c.name, '') AS name,
       coalesce(c.name_kana_key, '') AS name_kana_key, coalesce(c.birth_date, '') AS birth_date,
       CASE WHEN b.contact_phone = '' THEN coalesce(c.phone_key, '') ELSE ${digitsOnly('b.contact_phone')} END
         AS phone_key,
       coalesce(b.created_by, '') AS created_by, b.created_at,
       coalesce(st.display_name, '') AS created_by_name
  FROM bookings b
  LEFT JOIN slots s ON s.id = b.slot_id
  LEFT JOIN venues v ON v.id = s.venue_id
  LEFT JOIN coupons c ON c.id = b.coupon_id
  LEFT JOIN staff st ON st.id = b.created_by AND b.created_by <> '';

DROP TRIGGER booking_grid_creator_name;

DROP TRIGGER booking_grid_on_booking_insert;
CREATE TRIGGER booking_grid_on_booking_insert AFTER INSERT ON bookings
BEGIN ${projectBooking} END;

DROP TRIGGER booking_grid_on_booking_change;
CREATE TRIGGER booking_grid_on_booking_change
AFTER UPDATE OF slot_id, coupon_id, dose_number, channel, booking_number, contact_phone, created_by, created_at
ON bookings
WHEN OLD.slot_id IS NOT NEW.slot_id OR OLD.coupon_id IS NOT NEW.coupon_id
  OR OLD.dose_number IS NOT NEW.dose_number OR OLD.channel IS NOT NEW.channel
  OR OLD.booking_number IS NOT NEW.booking_number OR OLD.contact_phone IS NOT NEW.contact_phone
  OR OLD.created_by IS NOT NEW.created_by OR OLD.created_at IS NOT NEW.created_at
BEGIN ${projectBooking} END;

CREATE TABLE snapshot_suspended_schema (
  name  TEXT PRIMARY KEY,
  type  TEXT NOT NULL CHECK (type IN ('index', 'trigger')),
  sql   TEXT NOT NULL
) STRICT;
`;

export const bookingGridSource: Migration = {
  version: 9,
  name: 'booking-grid-source',
  up: (db) => {
    db.exec(sql);
  },
};
