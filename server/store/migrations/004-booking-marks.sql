-- 004: the venue's marks reach the hub (the `mark` sync mutation): the lot of the vaccine given is kept
-- with the booking, beside its status (checked_in, vaccinated, no_show), and travels in the booking's
-- change-log record and snapshot row so that every desktop mirrors it.
ALTER TABLE bookings ADD COLUMN vaccine_lot text
  CHECK (vaccine_lot IS NULL OR (vaccine_lot ~ '^[0-9A-Za-z-]{1,32}$' AND status = 'vaccinated'));
