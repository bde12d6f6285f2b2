/**
 * A large synthetic local store for the bookings-grid and export benches: 12 venues, 14 half-hour
 * slots of 18 seats a day (3,024 bookings a day over all venues), every seat booked, for as many days
 * as the booking count needs (2,000,000 bookings: 662 days, 1,000,000 residents with two doses each).
 * Built at schema version 2, then migrated, so the projection and its indexes are built the way an
 * existing desktop gets them. Kept in the temp folder between runs (delete it to rebuild).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../db/migrate.ts';
import { addDays } from '../domain/calendar.ts';

export const benchVenues = 12;
export const slotsPerDay = 14;
export const seatsPerSlot = 18;
export const bookingsPerDay = benchVenues * slotsPerDay * seatsPerSlot;
export const benchFirstDay = '2025-01-06';

const families = [
  'サトウ',
  'スズキ',
  'タカハシ',
  'タナカ',
  'イトウ',
  'ワタナベ',
  'ヤマモト',
  'ナカムラ',
  'コバヤシ',
  'カトウ',
];
const givens = [
  'ハナコ',
  'タロウ',
  'ヨシコ',
  'イチロウ',
  'カズコ',
  'ヒロシ',
  'ミチコ',
  'マサオ',
  'ケイコ',
  'タケシ',
];
const kanjiFamilies = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const kanjiGivens = ['花子', '太郎', '良子', '一郎', '和子', '博', '美智子', '正男', '恵子', '武'];
const alphabet = '34679AFHJKMPRTWXY';

export interface BenchStore {
  path: string;
  bookings: number;
  days: number;
  buildMs: number | null;
}

/** A deterministic pseudo-random generator (xorshift), so every build is the same store. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export function benchStore(bookings = 2_000_000): BenchStore {
  const days = Math.ceil(bookings / bookingsPerDay);
  const path = join(tmpdir(), `vaccine-desk-bench-${bookings}.sqlite`);
  if (existsSync(path)) return { path, bookings, days, buildMs: null };
  const started = performance.now();
  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const db = new BetterSqlite3(building);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  migrate(db, { target: 2 });
  fill(db, bookings, days);
  migrate(db);
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(building, path);
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  return { path, bookings, days, buildMs: performance.now() - started };
}

function fill(db: BetterSqlite3.Database, bookings: number, days: number): void {
  const next = random(2021);
  const at = '2024-12-01T00:00:00.000Z';
  const residents = Math.ceil(bookings / 2);
  db.transaction(() => {
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('municipality.code', '112992'), ('municipality.name', 'ベンチ市')",
    ).run();
    db.prepare(
      `INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
              min_age_years) VALUES ('p1', 'ファイザー社ワクチン', 'ファイザー', 2, 21, 42, 12)`,
    ).run();
    const venue = db.prepare(
      `INSERT INTO venues (id, municipality_code, name, name_kana, kind, address, updated_at)
       VALUES (?, '112992', ?, ?, 'mass_site', '住所', ?)`,
    );
    for (let v = 0; v < benchVenues; v++)
      venue.run(`v${v}`, `ベンチ会場${v + 1}`, `ベンチカイジョウ${v + 10}`, at);
    const staff = db.prepare(
      "INSERT INTO staff (id, login, display_name, role) VALUES (?, ?, ?, 'operator')",
    );
    for (let s = 0; s < 4; s++) staff.run(`op${s}`, `op${s}`, `コールセンター ${s + 1}番席`);

    const coupon = db.prepare(
      `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
              phone, phone_key, updated_at) VALUES (?, '112992', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let c = 0; c < residents; c++) {
      const f = Math.floor(next() * families.length);
      const g = Math.floor(next() * givens.length);
      const kana = `${families[f]}　${givens[g]}`;
      const year = 1930 + Math.floor(next() * 30);
      const birth = `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
      const phone = `090${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
      coupon.run(
        `c${c}`,
        String(c * 7919 + 13).padStart(10, '0'),
        `${kanjiFamilies[f]}　${kanjiGivens[g]}`,
        kana,
        kana.replace('　', '') + String(c % 97).padStart(2, '0'),
        birth,
        next() < 0.5 ? 'F' : 'M',
        `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
        phone,
        at,
      );
    }

    const slot = db.prepare(
      `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, updated_at)
       VALUES (?, ?, 'p1', ?, ?, ?, ?, ?)`,
    );
    const booking = db.prepare(
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone,
              created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)`,
    );
    let made = 0;
    for (let d = 0; d < days && made < bookings; d++) {
      const date = addDays(benchFirstDay, d);
      for (let v = 0; v < benchVenues; v++) {
        for (let s = 0; s < slotsPerDay; s++) {
          const minutes = 9 * 60 + s * 30;
          const time = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const slotId = `s${d}-${v}-${s}`;
          slot.run(slotId, `v${v}`, date, time(minutes), time(minutes + 30), seatsPerSlot, at);
          for (let seat = 0; seat < seatsPerSlot && made < bookings; seat++, made++) {
            // Dose 1 of resident k in the first half of the days, dose 2 in the second half.
            const resident = made % residents;
            const dose = made < residents ? 1 : 2;
            let number = '';
            for (let i = 0; i < 8; i++) number += alphabet[Math.floor(next() * alphabet.length)];
            const phoneChannel = next() < 0.3;
            booking.run(
              `b${made}`,
              `${number}${made.toString(36)}`,
              `c${resident}`,
              slotId,
              dose,
              phoneChannel ? 'phone' : 'online',
              d < days / 3 ? 'vaccinated' : 'confirmed',
              phoneChannel ? `op${made % 4}` : null,
              `${addDays(date, -10)}T01:00:00.000Z`,
              at,
            );
          }
        }
      }
    }
  })();
}
