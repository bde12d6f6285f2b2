-- 013: staff accounts run by the hub's admins (server/staff/staff-accounts.ts). A password an admin
-- set (a new account, a reset) must be changed by its owner at the next sign-in; venue staff are
-- bound to one or more venues (their marks and walk-ins, their lists), replacing staff.venue_id.
ALTER TABLE staff ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;

CREATE TABLE staff_venues (
  staff_id  uuid NOT NULL REFERENCES staff (id),
  venue_id  text NOT NULL REFERENCES venues (id),
  PRIMARY KEY (staff_id, venue_id)
);
CREATE INDEX staff_venues_by_venue ON staff_venues (venue_id);
INSERT INTO staff_venues (staff_id, venue_id) SELECT id, venue_id FROM staff WHERE venue_id IS NOT NULL;
ALTER TABLE staff DROP COLUMN venue_id;

CREATE INDEX sync_sessions_by_staff ON sync_sessions (staff_id);
