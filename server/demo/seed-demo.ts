/**
 * `hub seed-demo`: the demo city (domain/demo-city, the same generator the desktop uses, so the same
 * seed and day give the same city) written into the hub: municipality, products, venues, slots
 * with their seat counters, coupons, recorded doses and bookings. Everything goes through the
 * change log like any other change, so desktops that sync get it. The demo city's staff are seeded
 * for their names only (who took the demo's phone bookings): inactive and without a password, so
 * nobody signs in with them (create sign-in accounts with `hub create-staff`).
 */

import { isSeatOccupying } from '../../domain/booking-status.ts';
import { todayIn } from '../../domain/calendar.ts';
import { type DemoCity, generateDemoCity } from '../../domain/demo-city/generate-demo-city.ts';
import type { BookingRecord } from '../../domain/vocabulary/index.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import {
  upsertCouponDoses,
  upsertCoupons,
  upsertMunicipalities,
  upsertProducts,
  upsertSlots,
  upsertVenues,
} from '../catalog/catalog-writes.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import {
  type BookingRow,
  bookingRecordOf,
  type SlotRow,
  type StaffRow,
  slotRecordOf,
  staffRecordOf,
} from '../store/records.ts';

const chunkSize = 5000;

export interface SeedDemoResult {
  seeded: boolean;
  municipalityCode: string;
  counts: { venues: number; slots: number; coupons: number; bookings: number };
}

/** Hub booking statuses for the generator's: a booking the demo left provisional is confirmed here. */
function hubStatus(status: BookingRecord['status']): BookingRow['status'] | null {
  switch (status) {
    case 'held':
    case 'provisional':
    case 'confirmed':
      return 'confirmed';
    case 'cancelled':
    case 'checked_in':
    case 'vaccinated':
    case 'no_show':
      return status;
    case 'rejected':
      return null;
  }
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += chunkSize) out.push(rows.slice(i, i + chunkSize));
  return out;
}

export async function seedDemo(
  sql: HubSql,
  options: { seed?: number; now: Date; couponCount?: number },
): Promise<SeedDemoResult> {
  const city: DemoCity = generateDemoCity({
    seed: options.seed ?? 1,
    today: todayIn(japanTimeZone, options.now),
    ...(options.couponCount !== undefined ? { couponCount: options.couponCount } : {}),
  });
  const counts = {
    venues: city.venues.length,
    slots: city.slots.length,
    coupons: city.coupons.length,
    bookings: city.bookings.length,
  };
  const existing = await sql.query('SELECT 1 FROM venues WHERE municipality_code = $1 LIMIT 1', [
    city.municipality.code,
  ]);
  if (existing.length > 0) return { seeded: false, municipalityCode: city.municipality.code, counts };

  const now = options.now;
  await runHubTransaction(sql, now, async (tx) => {
    await upsertMunicipalities(tx, [{ code: city.municipality.code, name: city.municipality.name }]);
    await upsertProducts(tx, city.products);
    // Each demo venue offers the product of its slots.
    await upsertVenues(
      tx,
      city.venues.map((venue) => ({
        ...venue,
        productIds: [...new Set(city.slots.filter((s) => s.venueId === venue.id).map((s) => s.productId))],
      })),
    );
    for (const chunk of chunks(city.slots)) await upsertSlots(tx, chunk);
    const staff = await tx.query<StaffRow>(
      `WITH inserted AS (
         INSERT INTO staff (id, login, display_name, role, municipality_code, password_hash, active)
         SELECT t.id::uuid, t.login, t.display_name, t.role, $6, '!', false
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t (id, login, display_name, role)
         ON CONFLICT DO NOTHING
         RETURNING id, display_name
       ), venues AS (
         INSERT INTO staff_venues (staff_id, venue_id)
         SELECT i.id, t.venue_id FROM inserted i JOIN unnest($1::text[], $5::text[]) AS t (id, venue_id)
           ON t.id::uuid = i.id
          WHERE t.venue_id IS NOT NULL
       )
       SELECT id, display_name FROM inserted`,
      [
        city.staff.map((m) => m.id),
        city.staff.map((m) => m.login),
        city.staff.map((m) => m.displayName),
        city.staff.map((m) => m.role),
        city.staff.map((m) => m.venueId),
        city.municipality.code,
      ],
    );
    for (const row of staff) tx.changes.upsert('staff', row.id, staffRecordOf(row), city.municipality.code);
  });
  for (const chunk of chunks(city.coupons)) {
    await runHubTransaction(sql, now, (tx) => upsertCoupons(tx, chunk));
  }
  for (const chunk of chunks(city.couponDoses)) {
    await runHubTransaction(sql, now, (tx) => upsertCouponDoses(tx, chunk));
  }

  const bookings = city.bookings.flatMap((b) => {
    const status = hubStatus(b.status);
    return status ? [{ ...b, status }] : [];
  });
  const seats = new Map<string, { online: number; phone: number; walkIn: number }>();
  for (const b of bookings) {
    if (!isSeatOccupying(b.status)) continue;
    const s = seats.get(b.slotId) ?? { online: 0, phone: 0, walkIn: 0 };
    if (b.channel === 'online') s.online += 1;
    else if (b.channel === 'phone') s.phone += 1;
    else s.walkIn += 1;
    seats.set(b.slotId, s);
  }
  for (const chunk of chunks(bookings)) {
    await runHubTransaction(sql, now, async (tx) => {
      const rows = await tx.query<BookingRow>(
        `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                               contact_phone, notes, created_by, created_at, updated_at)
         SELECT t.id::uuid, t.booking_number, $13, t.coupon_id, t.slot_id, t.dose_number, t.channel, t.status,
                t.contact_phone, t.notes, t.created_by, t.created_at::timestamptz, t.updated_at::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::text[], $12::text[])
           AS t (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone, notes, created_by,
                 created_at, updated_at)
         ON CONFLICT DO NOTHING
         RETURNING *`,
        [
          chunk.map((b) => b.id),
          chunk.map((b) => b.bookingNumber),
          chunk.map((b) => b.couponId),
          chunk.map((b) => b.slotId),
          chunk.map((b) => b.doseNumber),
          chunk.map((b) => b.channel),
          chunk.map((b) => b.status),
          chunk.map((b) => b.contactPhone),
          chunk.map((b) => b.notes),
          chunk.map((b) => b.createdBy),
          chunk.map((b) => b.createdAt),
          chunk.map((b) => b.updatedAt),
          city.municipality.code,
        ],
      );
      for (const row of rows)
        tx.changes.upsert('booking', row.id, bookingRecordOf(row), row.municipality_code);
    });
  }
  await runHubTransaction(sql, now, async (tx) => {
    const ids = [...seats.keys()];
    const rows = await tx.query<SlotRow>(
      `UPDATE slots s SET booked_online = t.online, booked_phone = t.phone, booked_walk_in = t.walk_in, updated_at = $5
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS t (id, online, phone, walk_in)
       WHERE s.id = t.id
       RETURNING s.*`,
      [
        ids,
        ids.map((id) => seats.get(id)!.online),
        ids.map((id) => seats.get(id)!.phone),
        ids.map((id) => seats.get(id)!.walkIn),
        now,
      ],
    );
    for (const row of rows) tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
  });
  return { seeded: true, municipalityCode: city.municipality.code, counts };
}
