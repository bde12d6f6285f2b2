-- 011: the online booking in two calls to the database, with the booking rules still in domain/
-- (server/booking/online-booking.ts). The hub reads the facts the rules judge
-- (hub_read_online_booking), judges them in TypeScript, and sends one call of hub_book_online(),
-- which writes the booking only if those facts still hold under the coupon's lock. No eligibility
-- rule lives here.

-- Seats a channel can still book: domain/booking-rules/capacity.ts seatsRemaining() in SQL, the one
-- SQL copy (server/booking/seat-counters.ts seatsRemainingSql() calls it; a test compares the two
-- over many slot states: test/integration/hub-capacity-rule.test.ts). `today` (the date in Japan) and
-- `japan_now` (the wall clock in Japan) matter only online: the call-center reserve opens to it
-- reserve_release_days before the slot's date, or reserve_release_hours before its start when set
-- (store/migrations/010).
CREATE FUNCTION hub_seats_remaining(
  channel text, today date, japan_now timestamp, capacity integer, call_center_reserve integer,
  reserve_release_days integer, reserve_release_hours integer, slot_date date, start_time text,
  booked_online integer, booked_phone integer, booked_walk_in integer, held integer
) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT GREATEST(
    capacity - booked_online - booked_phone - booked_walk_in - held
      - CASE WHEN channel <> 'online'
               OR CASE WHEN reserve_release_hours IS NULL THEN slot_date - reserve_release_days <= today
                       ELSE slot_date + start_time::time - make_interval(hours => reserve_release_hours) <= japan_now
                  END
             THEN 0
             ELSE GREATEST(call_center_reserve - booked_phone - booked_walk_in - held, 0) END,
    0)
$$;

-- What the booking rules decide on for a coupon and slots (server/booking/booking-checks.ts judges
-- it): the coupon, the slots with their venue and product, the doses recorded and the active
-- bookings. Every array in a fixed order, so that equal facts are equal jsonb. (plpgsql rather than
-- sql: a sql function with sub-selects is planned again at every call, plpgsql keeps its plan.)
CREATE FUNCTION hub_booking_facts(coupon_id text, slot_ids text[]) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN jsonb_build_object(
    'coupon', (SELECT jsonb_build_object('id', c.id, 'municipality_code', c.municipality_code, 'status', c.status,
                                         'birth_date', c.birth_date)
                 FROM coupons c WHERE c.id = hub_booking_facts.coupon_id),
    'slots', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'id', s.id, 'municipality_code', s.municipality_code, 'venue_id', s.venue_id,
                       'venue_name', v.name, 'product_id', s.product_id, 'product_name', p.name, 'date', s.date,
                       'start_time', s.start_time, 'end_time', s.end_time, 'status', s.status,
                       'doses_in_series', p.doses_in_series, 'interval_min_days', p.interval_min_days,
                       'interval_max_days', p.interval_max_days, 'min_age_years', p.min_age_years,
                       'age_reference_date', p.age_reference_date) ORDER BY s.id),
                     '[]'::jsonb)
                FROM slots s JOIN vaccine_products p ON p.id = s.product_id JOIN venues v ON v.id = s.venue_id
               WHERE s.id = ANY (hub_booking_facts.slot_ids)),
    'recorded', (SELECT coalesce(jsonb_agg(jsonb_build_object('dose_number', d.dose_number, 'date', d.date)
                                           ORDER BY d.dose_number), '[]'::jsonb)
                   FROM coupon_doses d WHERE d.coupon_id = hub_booking_facts.coupon_id),
    'booked', (SELECT coalesce(jsonb_agg(jsonb_build_object('dose_number', b.dose_number, 'date', s.date,
                                                            'status', b.status) ORDER BY b.dose_number, b.id),
                               '[]'::jsonb)
                 FROM bookings b JOIN slots s ON s.id = b.slot_id
                WHERE b.coupon_id = hub_booking_facts.coupon_id
                  AND b.status IN ('confirmed', 'checked_in', 'vaccinated')));
END
$$;

-- What the online booking reads before it judges (one call, so its plan is kept): the answer stored
-- for the Idempotency-Key, the slot's municipality, until when the ticket is locked, and each coupon
-- the ticket number and birth date match (normally one; limited to the municipality a scanned coupon
-- names) with its facts for the slots. Locks nothing, writes nothing.
CREATE FUNCTION hub_read_online_booking(
  idempotency_key text, slot_id text, ticket_number text, birth_date date, ticket_municipality text, slot_ids text[]
) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN json_build_object(
    'stored', (SELECT json_build_object('hash', k.request_hash, 'status', k.response_status, 'body', k.response_body)
                 FROM idempotency_keys k
                WHERE k.scope = 'public-booking' AND k.key = hub_read_online_booking.idempotency_key),
    'slotMunicipality', (SELECT s.municipality_code FROM slots s WHERE s.id = hub_read_online_booking.slot_id),
    'lockedUntil', (SELECT v.locked_until FROM verification_failures v
                     WHERE v.ticket_number = hub_read_online_booking.ticket_number),
    'matches', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'municipalityCode', c.municipality_code,
                                                           'facts', hub_booking_facts(c.id, hub_read_online_booking.slot_ids))
                                         ORDER BY c.id), '[]')
                  FROM coupons c
                 WHERE c.ticket_number = hub_read_online_booking.ticket_number
                   AND c.birth_date = hub_read_online_booking.birth_date
                   AND (hub_read_online_booking.ticket_municipality IS NULL
                        OR c.municipality_code = hub_read_online_booking.ticket_municipality)));
END
$$;

-- A slot row as the change log carries it: server/store/records.ts slotRecordOf() in SQL (a test
-- compares the two: test/integration/hub-online-booking.test.ts).
CREATE FUNCTION hub_slot_record(s slots) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', s.id, 'municipalityCode', s.municipality_code, 'venueId', s.venue_id, 'productId', s.product_id,
    'date', s.date, 'startTime', s.start_time, 'endTime', s.end_time, 'capacity', s.capacity,
    'callCenterReserve', s.call_center_reserve, 'reserveReleaseDays', s.reserve_release_days,
    'reserveReleaseHours', s.reserve_release_hours, 'status', s.status, 'bookedOnline', s.booked_online, 'bookedPhone', s.booked_phone,
    'bookedWalkIn', s.booked_walk_in, 'held', s.held,
    'updatedAt', to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

-- The online booking's writes, in one transaction (the call is one statement). The caller has proved
-- the resident (ticket number and birth date matched `coupon_id`) and judged `facts`
-- (hub_booking_facts of coupon_id and slot_ids) by the booking rules; slot_ids holds the slot of each
-- booking, sorted (the lock order); `bookings` are the rows to insert, `booking_records` their
-- change-log payloads, `answer` the 201 body to store.
-- In the lock order of every writer: the ticket's verification row, the idempotency key, the coupon,
-- the slots in id order. Refusals raise, so nothing stays written:
--   VDLCK  the ticket got locked meanwhile (DETAIL: locked until, epoch ms)
--   VDIDC  the Idempotency-Key was stored for another request
--   VDSTL  the facts changed since they were read (judge them again)
--   VDHLD  expired holds on a slot wait to be swept (sweep them, then book again)
--   VDFUL  a slot has no seat left for the online channel, or is closed
--   23505  bookings_one_active_per_dose (ALREADY_BOOKED), bookings_number_unique (draw another number)
-- Answers {replayed: true, status, body} for a key another request has stored (a concurrent retry
-- waits for it here), else {replayed: false, lastSeq}.
CREATE FUNCTION hub_book_online(
  now timestamptz, today date, japan_now timestamp, ticket_number text, idempotency_key text, request_hash text, answer json,
  coupon_id text, slot_ids text[], facts jsonb, bookings jsonb, booking_records jsonb
) RETURNS json LANGUAGE plpgsql AS $$
DECLARE
  locked_until timestamptz;
  stored idempotency_keys;
  stale boolean;
  expired_holds boolean;
  slot_id text;
  slot_record jsonb;
  slot_records jsonb := '[]'::jsonb;
  last_seq bigint;
BEGIN
  -- The proof matched: a correct date clears the ticket's count of wrong ones (when there is one).
  SELECT v.locked_until INTO locked_until FROM verification_failures v
   WHERE v.ticket_number = hub_book_online.ticket_number FOR UPDATE;
  IF FOUND THEN
    IF locked_until > hub_book_online.now THEN
      RAISE EXCEPTION 'ticket locked' USING ERRCODE = 'VDLCK',
        DETAIL = (extract(epoch FROM locked_until) * 1000)::bigint::text;
    END IF;
    DELETE FROM verification_failures v WHERE v.ticket_number = hub_book_online.ticket_number;
  END IF;

  INSERT INTO idempotency_keys AS k (scope, key, request_hash, response_status, response_body, created_at)
  VALUES ('public-booking', hub_book_online.idempotency_key, hub_book_online.request_hash, 201,
          hub_book_online.answer, hub_book_online.now)
  ON CONFLICT (scope, key) DO NOTHING;
  IF NOT FOUND THEN
    SELECT * INTO stored FROM idempotency_keys k
     WHERE k.scope = 'public-booking' AND k.key = hub_book_online.idempotency_key;
    IF stored.request_hash <> hub_book_online.request_hash THEN
      RAISE EXCEPTION 'idempotency key used for another request' USING ERRCODE = 'VDIDC';
    END IF;
    RETURN json_build_object('replayed', true, 'status', stored.response_status, 'body', stored.response_body);
  END IF;

  PERFORM 1 FROM coupons c WHERE c.id = hub_book_online.coupon_id FOR UPDATE;
  SELECT hub_booking_facts(hub_book_online.coupon_id, hub_book_online.slot_ids) IS DISTINCT FROM hub_book_online.facts,
         EXISTS (SELECT 1 FROM holds h
                  WHERE h.slot_id = ANY (hub_book_online.slot_ids) AND h.expires_at <= hub_book_online.now)
    INTO stale, expired_holds;
  IF stale THEN
    RAISE EXCEPTION 'booking facts changed' USING ERRCODE = 'VDSTL';
  END IF;
  IF expired_holds THEN
    RAISE EXCEPTION 'expired holds to sweep first' USING ERRCODE = 'VDHLD';
  END IF;

  -- A seat per booking (slot_ids comes sorted: the lock order), by the conditional UPDATE.
  FOREACH slot_id IN ARRAY hub_book_online.slot_ids LOOP
    UPDATE slots s SET booked_online = s.booked_online + 1, updated_at = hub_book_online.now
     WHERE s.id = slot_id AND s.status = 'open'
       AND hub_seats_remaining('online', hub_book_online.today, hub_book_online.japan_now, s.capacity,
                               s.call_center_reserve, s.reserve_release_days, s.reserve_release_hours, s.date,
                               s.start_time, s.booked_online, s.booked_phone, s.booked_walk_in, s.held) >= 1
    RETURNING hub_slot_record(s) INTO slot_record;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no seat left' USING ERRCODE = 'VDFUL';
    END IF;
    slot_records := slot_records || jsonb_build_array(slot_record);
  END LOOP;

  -- The bookings, and last, as every writer appends (store/change-log.ts): the slots, then the bookings.
  WITH inserted AS (
    INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                          contact_phone, contact_email, notes, created_by, mutation_id, created_at, updated_at)
    SELECT b.id, b.booking_number, b.municipality_code, b.coupon_id, b.slot_id, b.dose_number, b.channel, b.status,
           b.contact_phone, b.contact_email, b.notes, b.created_by, b.mutation_id, b.created_at, b.updated_at
      FROM jsonb_populate_recordset(NULL::bookings, hub_book_online.bookings) AS b
  ), appended AS (
    INSERT INTO change_log (seq, committed_at, entity, entity_id, op, payload, municipality_code)
    SELECT nextval('change_log_seq'), hub_book_online.now, e.entity, e.record->>'id', 'upsert', e.record,
           e.record->>'municipalityCode'
      FROM (SELECT 'slot' AS entity, r AS record, o FROM jsonb_array_elements(slot_records) WITH ORDINALITY AS t (r, o)
            UNION ALL
            SELECT 'booking', r, 100 + o
              FROM jsonb_array_elements(hub_book_online.booking_records) WITH ORDINALITY AS t (r, o)
            ORDER BY o) AS e
    RETURNING seq
  )
  SELECT max(seq) INTO last_seq FROM appended;
  RETURN json_build_object('replayed', false, 'lastSeq', last_seq);
END
$$;
