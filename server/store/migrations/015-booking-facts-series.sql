-- 015: the booking facts (011 hub_booking_facts) carry what the series needs besides dates: the
-- product of each recorded dose and booking, and each booking's id. With them the booking rules
-- (domain/booking-rules/dose-history.ts seriesSoFar) compute the series once for a new booking and a
-- move alike, and a new booking must be of the series' vaccine, as a move must. Same arrays, same
-- order: equal facts are still equal jsonb.
CREATE OR REPLACE FUNCTION hub_booking_facts(coupon_id text, slot_ids text[]) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
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
    'recorded', (SELECT coalesce(jsonb_agg(jsonb_build_object('dose_number', d.dose_number, 'date', d.date,
                                                              'product_id', d.product_id)
                                           ORDER BY d.dose_number), '[]'::jsonb)
                   FROM coupon_doses d WHERE d.coupon_id = hub_booking_facts.coupon_id),
    'booked', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'dose_number', b.dose_number, 'date', s.date,
                                                            'product_id', s.product_id, 'status', b.status)
                                         ORDER BY b.dose_number, b.id),
                               '[]'::jsonb)
                 FROM bookings b JOIN slots s ON s.id = b.slot_id
                WHERE b.coupon_id = hub_booking_facts.coupon_id
                  AND b.status IN ('confirmed', 'checked_in', 'vaccinated')));
END
$$;
