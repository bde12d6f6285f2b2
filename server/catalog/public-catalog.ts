/**
 * What the online channel may see before booking: the municipalities served, active venues, and
 * bookable slots with online seats left.
 */

import { seatsRemaining } from '../../domain/booking-rules/capacity.ts';
import { japanTimeAt, slotHasStarted } from '../../domain/booking-rules/slot-start.ts';
import { todayIn } from '../../domain/calendar.ts';
import { isDemoMunicipality } from '../../domain/demo-city/municipality.ts';
import {
  type MunicipalityView,
  type SlotsQuery,
  type SlotView,
  slotQueryRange,
  type VenueView,
} from '../../domain/hub-api/public-api.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { activeHoldCounts } from '../booking/seat-counters.ts';
import { HubError } from '../hub-error.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import type { SlotRow, VenueRow } from '../store/records.ts';

export async function listPublicVenues(sql: SqlExecutor, municipalityCode?: string): Promise<VenueView[]> {
  const rows = await sql.query<VenueRow>(
    `SELECT * FROM venues WHERE active AND ($1::text IS NULL OR municipality_code = $1)
     ORDER BY municipality_code, name_kana, id`,
    [municipalityCode ?? null],
  );
  return rows.map((v) => ({
    id: v.id,
    municipalityCode: v.municipality_code,
    name: v.name,
    nameKana: v.name_kana,
    kind: v.kind,
    area: v.area,
    address: v.address,
    phone: v.phone,
  }));
}

/** The municipalities an active venue here takes, with their names (null when only the code is known). */
export async function listPublicMunicipalities(sql: SqlExecutor): Promise<MunicipalityView[]> {
  const rows = await sql.query<{ code: string; name: string }>(
    `SELECT m.code, m.name FROM municipalities m
      WHERE EXISTS (SELECT 1 FROM venues v WHERE v.active AND v.municipality_code = m.code)
      ORDER BY m.code`,
  );
  return rows.map((m) => ({
    code: m.code,
    // ensureMunicipalities names an imported municipality by its code until someone names it.
    name: m.name === m.code ? null : m.name,
    demo: isDemoMunicipality(m.code),
  }));
}

/** The municipalities among `codes` whose residents an active venue here takes. */
export async function servedMunicipalities(sql: SqlExecutor, codes: readonly string[]): Promise<Set<string>> {
  const rows = await sql.query<{ municipality_code: string }>(
    'SELECT DISTINCT municipality_code FROM venues WHERE active AND municipality_code = ANY($1::text[])',
    [[...new Set(codes)]],
  );
  return new Set(rows.map((r) => r.municipality_code));
}

/**
 * Open slots of an active venue not started yet, in the query's range (domain slotQueryRange: VALIDATION
 * when it is not allowed), with the seats the online channel can book.
 */
export async function listPublicSlots(sql: SqlExecutor, query: SlotsQuery, now: Date): Promise<SlotView[]> {
  const today = todayIn(japanTimeZone, now);
  const range = slotQueryRange(query, today);
  if (!range.ok)
    throw new HubError('VALIDATION', 'The date range is not allowed.', { fields: [range.issue] });
  const { from, to } = range;
  const rows = await sql.query<SlotRow & { product_name: string }>(
    `SELECT s.*, p.name AS product_name FROM slots s
     JOIN venues v ON v.id = s.venue_id
     JOIN vaccine_products p ON p.id = s.product_id
     WHERE s.venue_id = $1 AND v.active AND s.status = 'open' AND s.date BETWEEN $2::date AND $3::date
     ORDER BY s.date, s.start_time, s.id`,
    [query.venueId, from, to],
  );
  return slotViewsOf(sql, rows, now);
}

/**
 * Slot rows as the public API shows them, with the seats the online channel can book (active holds
 * counted); a slot that has started by `now` is left out (too late to book).
 */
export async function slotViewsOf(
  sql: SqlExecutor,
  allRows: ReadonlyArray<SlotRow & { product_name: string }>,
  now: Date,
): Promise<SlotView[]> {
  const at = japanTimeAt(now);
  const rows = allRows.filter((s) => !slotHasStarted({ date: s.date, startTime: s.start_time }, at));
  const holds = await activeHoldCounts(
    sql,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((s) => ({
    id: s.id,
    venueId: s.venue_id,
    productId: s.product_id,
    productName: s.product_name,
    date: s.date,
    startTime: s.start_time,
    endTime: s.end_time,
    // The reserve opens by the hub's clock (days or hours before the slot): `at`, not only today.
    remaining: seatsRemaining(
      {
        date: s.date,
        startTime: s.start_time,
        capacity: s.capacity,
        callCenterReserve: s.call_center_reserve,
        reserveReleaseDays: s.reserve_release_days,
        reserveReleaseHours: s.reserve_release_hours,
        bookedOnline: s.booked_online,
        bookedPhone: s.booked_phone,
        bookedWalkIn: s.booked_walk_in,
        held: holds.get(s.id) ?? 0,
      },
      'online',
      at,
    ),
  }));
}
