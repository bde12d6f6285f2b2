import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoLoadProgress, ensureDemoCity, isStoreEmpty, loadDemoCity } from '../../db/demo-load.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { getDayOverview } from '../../db/queries/day-overview.ts';
import { getLocalStoreInfo, getMeta } from '../../db/queries/meta.ts';
import type { BookingChannel, DayOverview, VenueOverview } from '../../domain/api/contract.ts';
import { type DemoCity, generateDemoCity } from '../../domain/demo-city/generate-demo-city.ts';

const today = '2021-05-17';
let dir: string;
let db: Database;
let city: DemoCity;
const progress: DemoLoadProgress[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-demo-'));
  db = openDatabase(join(dir, 'demo.sqlite'));
  city = generateDemoCity({ today });
  loadDemoCity(db, city, (p) => progress.push(p));
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

/**
 * The overview computed the slow, obvious way from raw rows, as the spec states it: per active
 * venue, open-slot seats, occupying bookings by channel, per-slot remaining never below zero.
 */
function overviewFromRawRows(date: string): DayOverview {
  const kindRank = { clinic: 0, community_center: 1, mass_site: 2 } as const;
  const venues = db.prepare('SELECT id, name, name_kana, kind FROM venues WHERE active = 1').all() as Array<{
    id: string;
    name: string;
    name_kana: string;
    kind: keyof typeof kindRank;
  }>;
  const slots = db
    .prepare('SELECT id, venue_id, status, capacity, start_time, end_time FROM slots WHERE date = ?')
    .all(date) as Array<{
    id: string;
    venue_id: string;
    status: string;
    capacity: number;
    start_time: string;
    end_time: string;
  }>;
  const bookings = db
    .prepare(
      'SELECT b.slot_id, b.channel, b.status FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.date = ?',
    )
    .all(date) as Array<{ slot_id: string; channel: BookingChannel; status: string }>;
  const occupyingStatuses = ['held', 'provisional', 'confirmed', 'checked_in', 'vaccinated', 'no_show'];

  venues.sort(
    (a, b) =>
      kindRank[a.kind] - kindRank[b.kind] ||
      (a.name_kana < b.name_kana ? -1 : a.name_kana > b.name_kana ? 1 : 0) ||
      (a.name < b.name ? -1 : 1),
  );
  const rows: VenueOverview[] = venues.map((venue) => {
    const own = slots.filter((s) => s.venue_id === venue.id);
    const booked = { phone: 0, online: 0, walk_in: 0 };
    let remaining = 0;
    for (const slot of own) {
      const taking = bookings.filter((b) => b.slot_id === slot.id && occupyingStatuses.includes(b.status));
      for (const b of taking) booked[b.channel] += 1;
      if (slot.status === 'open') remaining += Math.max(0, slot.capacity - taking.length);
    }
    const open = own.filter((s) => s.status === 'open');
    return {
      venueId: venue.id,
      name: venue.name,
      kind: venue.kind,
      slotCount: own.length,
      openSlotCount: open.length,
      capacity: open.reduce((sum, s) => sum + s.capacity, 0),
      booked,
      remaining,
      firstStart: own.length ? own.map((s) => s.start_time).sort()[0]! : null,
      lastEnd: own.length
        ? own
            .map((s) => s.end_time)
            .sort()
            .at(-1)!
        : null,
    };
  });
  const sum = (pick: (v: VenueOverview) => number) => rows.reduce((total, v) => total + pick(v), 0);
  return {
    date,
    venues: rows,
    totals: {
      slotCount: sum((v) => v.slotCount),
      capacity: sum((v) => v.capacity),
      booked: {
        phone: sum((v) => v.booked.phone),
        online: sum((v) => v.booked.online),
        walk_in: sum((v) => v.booked.walk_in),
      },
      remaining: sum((v) => v.remaining),
    },
  };
}

describe('loadDemoCity', () => {
  it('writes every generated row', () => {
    expect(count('SELECT count(*) FROM vaccine_products')).toBe(city.products.length);
    expect(count('SELECT count(*) FROM venues')).toBe(city.venues.length);
    expect(count('SELECT count(*) FROM staff')).toBe(city.staff.length);
    expect(count('SELECT count(*) FROM slots')).toBe(city.slots.length);
    expect(count('SELECT count(*) FROM coupons')).toBe(50_000);
    expect(count('SELECT count(*) FROM coupon_doses')).toBe(city.couponDoses.length);
    expect(count('SELECT count(*) FROM bookings')).toBe(city.bookings.length);
    expect(count("SELECT count(*) FROM bookings WHERE channel = 'online'")).toBe(
      city.bookings.filter((b) => b.channel === 'online').length,
    );
  });

  it('stores values as generated, ticket numbers with their leading zeros', () => {
    const coupon = city.coupons.find((c) => c.ticketNumber.startsWith('000'))!;
    expect(db.prepare('SELECT * FROM coupons WHERE ticket_number = ?').get(coupon.ticketNumber)).toEqual({
      id: coupon.id,
      municipality_code: coupon.municipalityCode,
      ticket_number: coupon.ticketNumber,
      name: coupon.name,
      name_kana: coupon.nameKana,
      name_kana_key: coupon.nameKanaKey,
      birth_date: coupon.birthDate,
      sex: coupon.sex,
      address: coupon.address,
      phone: coupon.phone,
      phone_key: coupon.phoneKey,
      status: coupon.status,
      updated_at: coupon.updatedAt,
    });
    const booking = city.bookings[100]!;
    expect(
      db
        .prepare('SELECT booking_number, status, channel, created_by FROM bookings WHERE id = ?')
        .get(booking.id),
    ).toEqual({
      booking_number: booking.bookingNumber,
      status: booking.status,
      channel: booking.channel,
      created_by: booking.createdBy,
    });
    expect(count('SELECT count(*) FROM venues WHERE active = 1')).toBe(city.venues.length);
  });

  it('marks the store as the demo city of its municipality', () => {
    expect(getLocalStoreInfo(db)).toMatchObject({
      demo: true,
      municipality: { code: '112992', name: '青葉台市' },
    });
    expect(getMeta(db, 'demo.generated_for')).toBe(today);
    expect(getMeta(db, 'demo.seed')).toBe('1');
  });

  it('reports progress up to the total', () => {
    const total = progress[0]!.total;
    expect(total).toBeGreaterThan(50_000);
    expect(progress.at(-1)!.done).toBe(total);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
  });

  it('passes SQLite integrity and foreign key checks after loading', () => {
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  });
});

describe('getDayOverview on the demo city', () => {
  const dates = () => {
    const slotDates = [...new Set(city.slots.map((s) => s.date))].sort();
    const past = slotDates.find((d) => d < today)!;
    const future = slotDates.at(-1)!;
    return [today, past, future, '2021-05-16' /* a Sunday: no slots anywhere */];
  };

  it('matches the counts computed from raw rows, for today, a past day, a later day and a Sunday', () => {
    for (const date of dates()) expect(getDayOverview(db, date), date).toEqual(overviewFromRawRows(date));
  });

  it("matches the generator's own numbers for today", () => {
    const overview = getDayOverview(db, today);
    const todaySlots = city.slots.filter((s) => s.date === today);
    const open = todaySlots.filter((s) => s.status === 'open');
    const slotIds = new Set(todaySlots.map((s) => s.id));
    const occupying = new Set(['held', 'provisional', 'confirmed', 'checked_in', 'vaccinated', 'no_show']);
    const seats = city.bookings.filter((b) => slotIds.has(b.slotId) && occupying.has(b.status));
    expect(overview.totals.slotCount).toBe(todaySlots.length);
    expect(overview.totals.capacity).toBe(open.reduce((sum, s) => sum + s.capacity, 0));
    expect(overview.totals.booked.online).toBe(seats.filter((b) => b.channel === 'online').length);
    expect(overview.totals.booked.phone).toBe(seats.filter((b) => b.channel === 'phone').length);
    expect(overview.totals.remaining).toBe(overview.totals.capacity - seats.length);
    expect(overview.totals.booked.online).toBeGreaterThan(overview.totals.booked.phone);
    expect(overview.venues).toHaveLength(city.venues.length);
  });

  it('lists every active venue on a day without slots, with zeros and no times', () => {
    const sunday = getDayOverview(db, '2021-05-16');
    expect(sunday.venues).toHaveLength(city.venues.length);
    for (const venue of sunday.venues) {
      expect(venue).toMatchObject({
        slotCount: 0,
        openSlotCount: 0,
        capacity: 0,
        remaining: 0,
        firstStart: null,
        lastEnd: null,
      });
      expect(venue.booked).toEqual({ phone: 0, online: 0, walk_in: 0 });
    }
  });

  it('answers from the prepared statement cache quickly enough for a screen', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) getDayOverview(db, today);
    expect((performance.now() - started) / 20).toBeLessThan(50);
  });
});

describe('getDayOverview rules', () => {
  let small: Database;
  beforeAll(() => {
    small = openDatabase(join(dir, 'rules.sqlite'));
    small.exec(`
      INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
        min_age_years) VALUES ('p', 'V', 'M', 2, 21, 42, 12);
      INSERT INTO venues (id, municipality_code, name, name_kana, kind, address, active, updated_at) VALUES
        ('mass', '112992', '体育館', 'タイイクカン', 'mass_site', 'a', 1, 't'),
        ('clinic-b', '112992', '医院B', 'イインビー', 'clinic', 'a', 1, 't'),
        ('clinic-a', '112992', '医院A', 'イインエー', 'clinic', 'a', 1, 't'),
        ('closed-for-good', '112992', '旧会場', 'キュウカイジョウ', 'clinic', 'a', 0, 't'),
        ('center', '112992', '公民館', 'コウミンカン', 'community_center', 'a', 1, 't');
      INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve, status,
        updated_at) VALUES
        ('m1', 'mass', 'p', '2021-06-01', '09:00', '09:30', 3, 0, 'open', 't'),
        ('m2', 'mass', 'p', '2021-06-01', '09:30', '10:00', 5, 1, 'open', 't'),
        ('m3', 'mass', 'p', '2021-06-01', '13:00', '13:30', 10, 2, 'closed', 't'),
        ('m4', 'mass', 'p', '2021-06-02', '09:00', '09:30', 10, 2, 'open', 't'),
        ('a1', 'clinic-a', 'p', '2021-06-01', '14:00', '14:30', 4, 1, 'open', 't'),
        ('x1', 'closed-for-good', 'p', '2021-06-01', '14:00', '14:30', 4, 1, 'open', 't');
      INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
        updated_at) VALUES ('c', '112992', '0000000001', 'n', 'カ', 'カ', '1940-01-01', 'F', 't');
    `);
    const insert = small.prepare(
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_at, updated_at)
       VALUES (?, ?, 'c', ?, 1, ?, ?, 't', 't')`,
    );
    let n = 0;
    const add = (slot: string, channel: BookingChannel, status: string) => {
      n += 1;
      insert.run(`b${n}`, `N${n}`, slot, channel, status);
    };
    // m1 (capacity 3) overbooked with 4 seat-occupying bookings; a cancelled and a rejected one do not count.
    add('m1', 'online', 'confirmed');
    add('m1', 'online', 'held');
    add('m1', 'phone', 'provisional');
    add('m1', 'walk_in', 'checked_in');
    add('m1', 'online', 'cancelled');
    add('m1', 'phone', 'rejected');
    // m2 (capacity 5): vaccinated and no-show keep their seats.
    add('m2', 'phone', 'vaccinated');
    add('m2', 'online', 'no_show');
    // m3 is closed, yet its booking is someone who will come.
    add('m3', 'phone', 'confirmed');
    // Other day.
    add('m4', 'online', 'confirmed');
  });
  afterAll(() => closeDatabase(small));

  it('counts seats, channels and remaining by the documented rules', () => {
    const overview = getDayOverview(small, '2021-06-01');
    expect(overview.venues.map((v) => v.venueId)).toEqual(['clinic-a', 'clinic-b', 'center', 'mass']);
    const mass = overview.venues.find((v) => v.venueId === 'mass')!;
    expect(mass).toEqual({
      venueId: 'mass',
      name: '体育館',
      kind: 'mass_site',
      slotCount: 3,
      openSlotCount: 2,
      capacity: 8, // open slots only: 3 + 5
      booked: { phone: 3, online: 3, walk_in: 1 },
      remaining: 3, // m1 overbooked counts 0 (not −1), m2 has 5 − 2
      firstStart: '09:00',
      lastEnd: '13:30',
    });
    expect(overview.venues.find((v) => v.venueId === 'clinic-a')).toMatchObject({
      slotCount: 1,
      capacity: 4,
      remaining: 4,
      firstStart: '14:00',
      lastEnd: '14:30',
    });
    expect(overview.venues.find((v) => v.venueId === 'center')).toMatchObject({ slotCount: 0, capacity: 0 });
    expect(overview.totals).toEqual({
      slotCount: 4,
      capacity: 12,
      booked: { phone: 3, online: 3, walk_in: 1 },
      remaining: 7,
    });
  });
});

describe('ensureDemoCity', () => {
  it('loads the demo city into an empty store only, once', () => {
    const fresh = openDatabase(join(dir, 'ensure.sqlite'));
    expect(isStoreEmpty(fresh)).toBe(true);
    expect(ensureDemoCity(fresh, { seed: 5, today, couponCount: 2_000 })).toEqual({ loaded: true });
    expect(isStoreEmpty(fresh)).toBe(false);
    expect(fresh.prepare('SELECT count(*) FROM coupons').pluck().get()).toBe(2_000);
    expect(ensureDemoCity(fresh, { seed: 5, today, couponCount: 2_000 })).toEqual({ loaded: false });
    expect(fresh.prepare('SELECT count(*) FROM coupons').pluck().get()).toBe(2_000);
    closeDatabase(fresh);
  });

  it('leaves a store with real data alone', () => {
    expect(isStoreEmpty(db)).toBe(false);
    const before = db.prepare('SELECT count(*) FROM bookings').pluck().get();
    expect(ensureDemoCity(db, { today, couponCount: 100 })).toEqual({ loaded: false });
    expect(db.prepare('SELECT count(*) FROM bookings').pluck().get()).toBe(before);
  });
});
