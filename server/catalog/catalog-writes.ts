/**
 * Writing reference data and coupons in batches (seed, import, tests; later the managers' sync
 * changes). Every function runs inside a hub transaction and records what actually changed in the
 * change log: an upsert that changes nothing leaves no trace, so re-imports are idempotent.
 */

import { defaultReserveReleaseDays } from '../../domain/booking-rules/capacity.ts';
import type {
  CouponDoseRecord,
  CouponRecord,
  SlotRecord,
  VaccineProductRecord,
  VenueRecord,
} from '../../domain/vocabulary/index.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import {
  type CouponRow,
  couponDoseId,
  couponDoseRecordOf,
  couponRecordOf,
  type HubVenueRecord,
  municipalityRecordOf,
  type ProductRow,
  productRecordOf,
  type SlotRow,
  slotRecordOf,
  type VenueRow,
  venueRecordOf,
} from '../store/records.ts';

export interface MunicipalityInput {
  code: string;
  name: string;
}

export async function upsertMunicipalities(tx: HubTx, rows: readonly MunicipalityInput[]): Promise<void> {
  if (rows.length === 0) return;
  const changed = await tx.query<{ code: string; name: string }>(
    `INSERT INTO municipalities (code, name, updated_at)
     SELECT code, name, $3 FROM unnest($1::text[], $2::text[]) AS t (code, name)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
       WHERE municipalities.name IS DISTINCT FROM excluded.name
     RETURNING code, name`,
    [rows.map((r) => r.code), rows.map((r) => r.name), tx.now],
  );
  for (const m of changed) tx.changes.upsert('municipality', m.code, municipalityRecordOf(m), m.code);
}

/** Adds municipalities that are not there yet (named by their code until someone names them). */
export async function ensureMunicipalities(tx: HubTx, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const added = await tx.query<{ code: string; name: string }>(
    `INSERT INTO municipalities (code, name, updated_at)
     SELECT code, code, $2 FROM unnest($1::text[]) AS t (code)
     ON CONFLICT (code) DO NOTHING RETURNING code, name`,
    [[...new Set(codes)], tx.now],
  );
  for (const m of added) tx.changes.upsert('municipality', m.code, municipalityRecordOf(m), m.code);
  return added.map((m) => m.code);
}

/** A product to write; without ageReferenceDate the minimum age is checked on the vaccination day. */
export type ProductInput = VaccineProductRecord & { ageReferenceDate?: string | null };

/** Returns the rows that changed (inserted or updated). */
export async function upsertProducts(tx: HubTx, rows: readonly ProductInput[]): Promise<ProductRow[]> {
  if (rows.length === 0) return [];
  const changed = await tx.query<ProductRow>(
    `INSERT INTO vaccine_products AS p (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
                                        min_age_years, active, age_reference_date, updated_at)
     SELECT *, $9::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[],
                                           $7::int[], $8::boolean[], $10::date[])
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, manufacturer = excluded.manufacturer,
       doses_in_series = excluded.doses_in_series, interval_min_days = excluded.interval_min_days,
       interval_max_days = excluded.interval_max_days, min_age_years = excluded.min_age_years,
       active = excluded.active, age_reference_date = excluded.age_reference_date, updated_at = excluded.updated_at
     WHERE (p.name, p.manufacturer, p.doses_in_series, p.interval_min_days, p.interval_max_days, p.min_age_years, p.active,
            p.age_reference_date)
       IS DISTINCT FROM (excluded.name, excluded.manufacturer, excluded.doses_in_series, excluded.interval_min_days,
                         excluded.interval_max_days, excluded.min_age_years, excluded.active, excluded.age_reference_date)
     RETURNING *`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.name),
      rows.map((r) => r.manufacturer),
      rows.map((r) => r.dosesInSeries),
      rows.map((r) => r.intervalMinDays),
      rows.map((r) => r.intervalMaxDays),
      rows.map((r) => r.minAgeYears),
      rows.map((r) => r.active),
      tx.now,
      rows.map((r) => r.ageReferenceDate ?? null),
    ],
  );
  for (const p of changed) tx.changes.upsert('vaccine_product', p.id, productRecordOf(p), null);
  return changed;
}

/**
 * A venue to write. The manager's fields (store/migrations/010) may be left out: a new venue then
 * offers no product yet, takes its own municipality's coupons and has no access notes; an existing
 * one keeps what it has.
 */
export type VenueInput = VenueRecord &
  Partial<
    Pick<HubVenueRecord, 'accessNotes' | 'productIds' | 'acceptedMunicipalityCodes' | 'outOfAreaByException'>
  >;

export async function upsertVenues(tx: HubTx, rows: readonly VenueInput[]): Promise<void> {
  if (rows.length === 0) return;
  const input = rows.map((r) => ({
    id: r.id,
    municipality_code: r.municipalityCode,
    name: r.name,
    name_kana: r.nameKana,
    kind: r.kind,
    area: r.area,
    address: r.address,
    phone: r.phone,
    active: r.active,
    access_notes: r.accessNotes ?? null,
    product_ids: r.productIds ?? null,
    accepted_municipality_codes: r.acceptedMunicipalityCodes ?? null,
    out_of_area_by_exception: r.outOfAreaByException ?? null,
  }));
  const changed = await tx.query<VenueRow>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t (id text, municipality_code text, name text, name_kana text,
         kind text, area text, address text, phone text, active boolean, access_notes text, product_ids text[],
         accepted_municipality_codes text[], out_of_area_by_exception boolean))
     INSERT INTO venues AS v (id, municipality_code, name, name_kana, kind, area, address, phone, active, access_notes,
                              product_ids, accepted_municipality_codes, out_of_area_by_exception, updated_at)
     SELECT id, municipality_code, name, name_kana, kind, area, address, phone, active, coalesce(access_notes, ''),
            coalesce(product_ids, '{}'), coalesce(accepted_municipality_codes, ARRAY[municipality_code]),
            coalesce(out_of_area_by_exception, false), $2::timestamptz
       FROM input
     ON CONFLICT (id) DO UPDATE SET municipality_code = excluded.municipality_code, name = excluded.name,
       name_kana = excluded.name_kana, kind = excluded.kind, area = excluded.area, address = excluded.address,
       phone = excluded.phone, active = excluded.active,
       access_notes = coalesce((SELECT i.access_notes FROM input i WHERE i.id = excluded.id), v.access_notes),
       product_ids = coalesce((SELECT i.product_ids FROM input i WHERE i.id = excluded.id), v.product_ids),
       accepted_municipality_codes = coalesce(
         (SELECT i.accepted_municipality_codes FROM input i WHERE i.id = excluded.id), v.accepted_municipality_codes),
       out_of_area_by_exception = coalesce(
         (SELECT i.out_of_area_by_exception FROM input i WHERE i.id = excluded.id), v.out_of_area_by_exception),
       updated_at = excluded.updated_at
     WHERE (v.municipality_code, v.name, v.name_kana, v.kind, v.area, v.address, v.phone, v.active)
       IS DISTINCT FROM (excluded.municipality_code, excluded.name, excluded.name_kana, excluded.kind, excluded.area,
                         excluded.address, excluded.phone, excluded.active)
       OR EXISTS (SELECT 1 FROM input i WHERE i.id = excluded.id
                   AND (coalesce(i.access_notes, v.access_notes), coalesce(i.product_ids, v.product_ids),
                        coalesce(i.accepted_municipality_codes, v.accepted_municipality_codes),
                        coalesce(i.out_of_area_by_exception, v.out_of_area_by_exception))
                       IS DISTINCT FROM (v.access_notes, v.product_ids, v.accepted_municipality_codes,
                                         v.out_of_area_by_exception))
     RETURNING *`,
    [JSON.stringify(input), tx.now],
  );
  for (const v of changed) tx.changes.upsert('venue', v.id, venueRecordOf(v), v.municipality_code);
}

export interface SlotInput extends Omit<SlotRecord, 'updatedAt'> {
  /** Days before the slot date when the reserve opens to the online channel (default 3). */
  reserveReleaseDays?: number;
  /** When set, the reserve opens this many hours before the slot starts instead. */
  reserveReleaseHours?: number | null;
}

/**
 * Inserts slots or changes their shape (times, capacity, reserve, status); seat counters stay.
 * A capacity below the seats already taken is refused by the slots_capacity_not_exceeded check.
 */
export async function upsertSlots(tx: HubTx, rows: readonly SlotInput[]): Promise<void> {
  if (rows.length === 0) return;
  const changed = await tx.query<SlotRow>(
    `INSERT INTO slots AS s (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve,
                             reserve_release_days, status, reserve_release_hours, municipality_code, updated_at)
     SELECT t.*, v.municipality_code, $11::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::int[], $8::int[],
                 $9::int[], $10::text[], $12::int[])
       AS t (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve, reserve_release_days, status,
             reserve_release_hours)
     JOIN venues v ON v.id = t.venue_id
     ON CONFLICT (id) DO UPDATE SET venue_id = excluded.venue_id, product_id = excluded.product_id, date = excluded.date,
       start_time = excluded.start_time, end_time = excluded.end_time, capacity = excluded.capacity,
       call_center_reserve = excluded.call_center_reserve, reserve_release_days = excluded.reserve_release_days,
       reserve_release_hours = excluded.reserve_release_hours,
       status = excluded.status, municipality_code = excluded.municipality_code, updated_at = excluded.updated_at
     WHERE (s.venue_id, s.product_id, s.date, s.start_time, s.end_time, s.capacity, s.call_center_reserve,
            s.reserve_release_days, s.reserve_release_hours, s.status)
       IS DISTINCT FROM (excluded.venue_id, excluded.product_id, excluded.date, excluded.start_time, excluded.end_time,
                         excluded.capacity, excluded.call_center_reserve, excluded.reserve_release_days,
                         excluded.reserve_release_hours, excluded.status)
     RETURNING *`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.venueId),
      rows.map((r) => r.productId),
      rows.map((r) => r.date),
      rows.map((r) => r.startTime),
      rows.map((r) => r.endTime),
      rows.map((r) => r.capacity),
      rows.map((r) => r.callCenterReserve),
      rows.map((r) => r.reserveReleaseDays ?? defaultReserveReleaseDays),
      rows.map((r) => r.status),
      tx.now,
      rows.map((r) => r.reserveReleaseHours ?? null),
    ],
  );
  for (const s of changed) tx.changes.upsert('slot', s.id, slotRecordOf(s), s.municipality_code);
}

export type CouponInput = Omit<CouponRecord, 'updatedAt' | 'status'> & { status?: CouponRecord['status'] };

export interface CouponUpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Upserts coupons by (municipality code, ticket number). A coupon that exists keeps its id and its
 * status (a re-import never brings a voided ticket back); only the resident's details are updated.
 */
export async function upsertCoupons(tx: HubTx, rows: readonly CouponInput[]): Promise<CouponUpsertResult> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const changed = await tx.query<CouponRow & { inserted: boolean }>(
    `INSERT INTO coupons AS c (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
                               address, phone, phone_key, status, updated_at)
     SELECT *, $13::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                            $7::date[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
     ON CONFLICT (municipality_code, ticket_number) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana,
       name_kana_key = excluded.name_kana_key, birth_date = excluded.birth_date, sex = excluded.sex,
       address = excluded.address, phone = excluded.phone, phone_key = excluded.phone_key, updated_at = excluded.updated_at
     WHERE (c.name, c.name_kana, c.birth_date, c.sex, c.address, c.phone)
       IS DISTINCT FROM (excluded.name, excluded.name_kana, excluded.birth_date, excluded.sex, excluded.address,
                         excluded.phone)
     RETURNING *, (xmax = 0) AS inserted`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.municipalityCode),
      rows.map((r) => r.ticketNumber),
      rows.map((r) => r.name),
      rows.map((r) => r.nameKana),
      rows.map((r) => r.nameKanaKey),
      rows.map((r) => r.birthDate),
      rows.map((r) => r.sex),
      rows.map((r) => r.address),
      rows.map((r) => r.phone),
      rows.map((r) => r.phoneKey),
      rows.map((r) => r.status ?? 'active'),
      tx.now,
    ],
  );
  let inserted = 0;
  for (const { inserted: isNew, ...row } of changed) {
    if (isNew) inserted += 1;
    tx.changes.upsert('coupon', row.id, couponRecordOf(row), row.municipality_code);
  }
  return { inserted, updated: changed.length - inserted, unchanged: rows.length - changed.length };
}

export async function upsertCouponDoses(tx: HubTx, rows: readonly CouponDoseRecord[]): Promise<void> {
  if (rows.length === 0) return;
  const changed = await tx.query<{
    coupon_id: string;
    dose_number: number;
    date: string;
    product_id: string | null;
    municipality_code: string;
  }>(
    `WITH upserted AS (
       INSERT INTO coupon_doses AS d (coupon_id, dose_number, date, product_id)
       SELECT * FROM unnest($1::text[], $2::int[], $3::date[], $4::text[])
       ON CONFLICT (coupon_id, dose_number) DO UPDATE SET date = excluded.date, product_id = excluded.product_id
       WHERE (d.date, d.product_id) IS DISTINCT FROM (excluded.date, excluded.product_id)
       RETURNING *)
     SELECT u.*, c.municipality_code FROM upserted u JOIN coupons c ON c.id = u.coupon_id`,
    [
      rows.map((r) => r.couponId),
      rows.map((r) => r.doseNumber),
      rows.map((r) => r.date),
      rows.map((r) => r.productId),
    ],
  );
  for (const d of changed) {
    tx.changes.upsert('coupon_dose', couponDoseId(d), couponDoseRecordOf(d), d.municipality_code);
  }
}
