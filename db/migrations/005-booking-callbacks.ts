import type { Migration } from './migration.ts';

// 005: callback tasks about a booking that stays (the call center has to tell the resident something),
// beside the rejected phone bookings (callback_outcomes, 002), which stay the task list's other half.
// - move_refused: the hub refused a move (slot full, not eligible …); the booking is back in its old
//   slot and the resident has to hear that the move did not happen.
// - number_changed: the hub had to give the booking another number than the one read to the caller.
// One row per refusal or change, closed by the operator's outcome (rebooked, no answer, declined).
const sql = `
CREATE TABLE booking_callbacks (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  booking_id           TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  kind                 TEXT NOT NULL CHECK (kind IN ('move_refused', 'number_changed')),
  -- The hub's code ('SLOT_FULL', 'NOT_ELIGIBLE:INTERVAL_TOO_SHORT', 'BOOKING_NUMBER_CHANGED:<old number>').
  reason               TEXT NOT NULL,
  -- The hub mutation the refusal or change answered: the same answer applied twice is one task.
  mutation_id          TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  outcome              TEXT CHECK (outcome IN ('rebooked', 'no_answer', 'declined', 'informed')),
  rebooked_booking_id  TEXT REFERENCES bookings (id),
  recorded_by          TEXT,
  recorded_at          TEXT,
  UNIQUE (mutation_id, booking_id)
) STRICT;
CREATE INDEX booking_callbacks_open ON booking_callbacks (booking_id) WHERE outcome IS NULL;
`;

export const bookingCallbacksSchema: Migration = {
  version: 5,
  name: 'booking-callbacks',
  up: (db) => {
    db.exec(sql);
  },
};
