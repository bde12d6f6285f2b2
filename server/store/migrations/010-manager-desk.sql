-- 011: the manager's desk on the hub (issue 12): what a municipality needs to start without an engineer.
--
-- Vaccine products: the minimum age is checked on the vaccination day, or (age_reference_date set) on a
-- fixed reference date ("75 or older on 2021-04-01"). Retiring a product is active = false: its slots and
-- bookings stay, no new slots are generated for it.
ALTER TABLE vaccine_products ADD COLUMN age_reference_date date;

-- Venues: access notes for the phone desk's read-back, the products offered, the municipalities whose
-- coupons the venue takes (its own by default; a prefecture's mass site several) and whether residents of
-- other municipalities are taken by exception (住所地外接種, with the resident's notice accepted).
ALTER TABLE venues
  ADD COLUMN access_notes text NOT NULL DEFAULT '',
  ADD COLUMN product_ids text[] NOT NULL DEFAULT '{}',
  ADD COLUMN accepted_municipality_codes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN out_of_area_by_exception boolean NOT NULL DEFAULT false;
UPDATE venues v SET
  accepted_municipality_codes = ARRAY[v.municipality_code],
  product_ids = coalesce(
    (SELECT array_agg(DISTINCT s.product_id ORDER BY s.product_id) FROM slots s WHERE s.venue_id = v.id), '{}');
ALTER TABLE venues ADD CONSTRAINT venues_accept_some CHECK (cardinality(accepted_municipality_codes) >= 1);

-- Slots: the call-center reserve may open a number of hours before the slot starts instead of days
-- before its date (domain/booking-rules/capacity.ts reserveReleaseMoment).
ALTER TABLE slots ADD COLUMN reserve_release_hours integer
  CHECK (reserve_release_hours IS NULL OR reserve_release_hours BETWEEN 0 AND 8784);

-- Coupon list imports over HTTP (and the command line's): a file is read once into the rows to import
-- (checked, without duplicates) and its problems; the apply step then upserts the rows in chunks, each in
-- one hub transaction that also moves applied_through, so an import interrupted anywhere goes on from
-- there. The staged rows (personal data) are deleted when the import is applied or discarded.
CREATE TABLE coupon_imports (
  id                    uuid PRIMARY KEY,
  -- The session's municipality (NULL: a hub-wide session or the command line).
  municipality_code     text REFERENCES municipalities (code),
  staff_id              uuid,
  device_id             uuid,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  file_name             text NOT NULL,
  format                text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  encoding              text CHECK (encoding IN ('utf-8-bom', 'utf-8', 'shift_jis')),
  state                 text NOT NULL CHECK (state IN ('reading', 'previewed', 'applying', 'applied', 'discarded', 'failed')),
  -- The header as read: [{header, column}] with column null for an ignored one.
  header                jsonb NOT NULL DEFAULT '[]',
  data_rows             integer NOT NULL DEFAULT 0,
  valid_rows            integer NOT NULL DEFAULT 0,
  rejected_rows         integer NOT NULL DEFAULT 0,
  -- Valid rows whose municipality no active venue takes, per municipality code.
  not_served            jsonb NOT NULL DEFAULT '{}',
  -- The row number up to which staged rows are applied.
  applied_through       integer NOT NULL DEFAULT 0,
  applied_rows          integer NOT NULL DEFAULT 0,
  inserted              integer NOT NULL DEFAULT 0,
  updated               integer NOT NULL DEFAULT 0,
  unchanged             integer NOT NULL DEFAULT 0,
  new_municipalities    text[] NOT NULL DEFAULT '{}',
  -- Why the file could not be read (no personal data: a missing column, an unterminated quote).
  failure               text
);
CREATE INDEX coupon_imports_by_time ON coupon_imports (created_at);

CREATE TABLE coupon_import_rows (
  import_id          uuid NOT NULL REFERENCES coupon_imports (id) ON DELETE CASCADE,
  row_number         integer NOT NULL,
  municipality_code  text NOT NULL,
  ticket_number      text NOT NULL,
  name               text NOT NULL,
  name_kana          text NOT NULL,
  name_kana_key      text NOT NULL,
  birth_date         date NOT NULL,
  sex                text NOT NULL,
  address            text NOT NULL,
  phone              text NOT NULL,
  phone_key          text NOT NULL,
  PRIMARY KEY (import_id, row_number),
  -- A ticket twice in one file: the later row is rejected (found by this constraint).
  CONSTRAINT coupon_import_rows_ticket_once UNIQUE (import_id, municipality_code, ticket_number)
);

-- Every problem of a rejected row: its number, the field, a reason (never the value).
CREATE TABLE coupon_import_problems (
  import_id   uuid NOT NULL REFERENCES coupon_imports (id) ON DELETE CASCADE,
  n           integer NOT NULL,
  row_number  integer NOT NULL,
  field       text NOT NULL,
  reason      text NOT NULL,
  PRIMARY KEY (import_id, n)
);
