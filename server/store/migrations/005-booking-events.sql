-- 007: what happened to each booking after it was made, as desktops show it in the booking's history:
-- moves (old and new slot), cancellations (with the reason the desk gave), the venue's marks and their
-- undoing. One row per change, written in the transaction of the change itself, and sent to desktops
-- in the change log and the snapshot (entity 'booking_event'). Who: a staff member at a desktop
-- (staff_id, device_id, and the desktop's mutation id, by which a desktop knows its own changes), or the
-- resident online (all three NULL). The booking's creation is the booking row itself.
CREATE TABLE booking_events (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id         uuid NOT NULL REFERENCES bookings (id),
  municipality_code  text NOT NULL REFERENCES municipalities (code),
  at                 timestamptz NOT NULL,
  action             text NOT NULL CHECK (action IN ('moved', 'cancelled', 'checked_in', 'vaccinated', 'no_show', 'undone')),
  staff_id           uuid,
  device_id          uuid,
  mutation_id        uuid,
  from_status        text NOT NULL,
  to_status          text NOT NULL,
  from_slot_id       text,
  to_slot_id         text,
  -- a cancellation's reason (the desk's cancel reasons), NULL when none was given
  reason             text,
  vaccine_lot        text
);
CREATE INDEX booking_events_by_booking ON booking_events (booking_id, id);
CREATE INDEX booking_events_by_municipality ON booking_events (municipality_code, id);
