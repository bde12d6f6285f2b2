import type { Migration } from './migration.ts';

// 002: what the phone desk records beyond the initial schema. New tables and indexes only, so that no
// existing row layout changes.
// - booking_cancellations: why and by whom a booking was cancelled (a reason code from the contract,
//   never free text), so lists can show it without reading the audit log.
// - coupons_by_birth_reading: the reading search gives the exact birth date and the start of the
//   reading, which this index answers with one equality and one range.
// - callback_outcomes: the result of calling back a resident whose provisional phone booking the hub
//   rejected. The task list is every rejected phone booking without a row here.
const sql = `
CREATE TABLE booking_cancellations (
  booking_id    TEXT PRIMARY KEY REFERENCES bookings (id),
  reason        TEXT NOT NULL CHECK (reason IN ('caller_request', 'illness', 'schedule', 'booked_elsewhere',
                                                'other')),
  cancelled_by  TEXT,
  cancelled_at  TEXT NOT NULL
) STRICT;

CREATE TABLE callback_outcomes (
  booking_id           TEXT PRIMARY KEY REFERENCES bookings (id),
  outcome              TEXT NOT NULL CHECK (outcome IN ('rebooked', 'no_answer', 'declined')),
  rebooked_booking_id  TEXT REFERENCES bookings (id),
  recorded_by          TEXT,
  recorded_at          TEXT NOT NULL
) STRICT;
CREATE INDEX coupons_by_birth_reading ON coupons (birth_date, name_kana_key);
CREATE INDEX bookings_rejected ON bookings (created_at) WHERE status = 'rejected';
`;

export const phoneDeskSchema: Migration = {
  version: 2,
  name: 'phone-desk',
  up: (db) => {
    db.exec(sql);
  },
};
