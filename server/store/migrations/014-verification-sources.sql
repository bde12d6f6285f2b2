-- 014: wrong dates of birth counted per source too (server/booking/resident-verification.ts), so a
-- ticket under attack is slowed for the sources that guess, never for a resident answering from
-- elsewhere; and stored answers of desktop mutations belong to the desktop that sent them.

-- verification_failures.locked_until now means "slowed until": sources that have given a wrong date
-- wait until then; a source that has not is answered.
COMMENT ON COLUMN verification_failures.locked_until IS
  'slowed until: a source that has given a wrong date waits until then (resident-verification.ts)';

-- One row per source: a hash of the client address (its /64 for IPv6), never the address.
CREATE TABLE verification_source_failures (
  source            text PRIMARY KEY,
  failures          integer NOT NULL,
  first_failure_at  timestamptz NOT NULL,
  last_failure_at   timestamptz NOT NULL
);
CREATE INDEX verification_source_failures_by_age ON verification_source_failures (last_failure_at);

-- The desktop whose mutation (or hold) the stored answer is: another desktop sending the same id gets
-- IDEMPOTENCY_CONFLICT, not that answer. NULL for the public Idempotency-Key (no desktop).
ALTER TABLE idempotency_keys ADD COLUMN device_id uuid;
