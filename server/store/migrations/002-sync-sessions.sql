-- 002: sessions of staff signed in on a registered desktop (the staff sync API). Only a hash of
-- the bearer token is stored.
CREATE TABLE sync_sessions (
  token_hash         text PRIMARY KEY,
  staff_id           uuid NOT NULL REFERENCES staff (id),
  device_id          uuid NOT NULL REFERENCES devices (id),
  municipality_code  text REFERENCES municipalities (code),
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL
);
CREATE INDEX sync_sessions_by_expiry ON sync_sessions (expires_at);
