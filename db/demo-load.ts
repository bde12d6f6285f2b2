/**
 * Loading the generated demo city (domain/demo-city) into the local store: prepared statements reused
 * row after row, all tables in ONE transaction so that a crash never leaves half a city behind (an
 * empty store is what `ensureDemoCity` looks for). Progress is reported per batch of rows.
 */
import {
  type DemoCity,
  defaultCouponCount,
  generateDemoCity,
} from '../domain/demo-city/generate-demo-city.ts';
import { metaKeys, setMeta, setMunicipality } from './queries/meta.ts';
import type { Database } from './sqlite-driver.ts';

export interface DemoLoadProgress {
  table: string;
  /** Rows written so far, over all tables. */
  done: number;
  total: number;
}

const progressBatchRows = 5_000;
/** Negative: KiB (SQLite's convention), so 64 MiB. */
const loadCacheSize = -65_536;
const flag = (value: boolean) => (value ? 1 : 0);

interface TableLoad {
  table: string;
  sql: string;
  count: number;
  valuesAt(index: number): unknown[];
}

function tableLoad<Row>(
  table: string,
  sql: string,
  rows: readonly Row[],
  values: (row: Row) => unknown[],
): TableLoad {
  return { table, sql, count: rows.length, valuesAt: (index) => values(rows[index] as Row) };
}

function tableLoads(city: DemoCity): TableLoad[] {
  return [
    tableLoad(
      'vaccine_products',
      `INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days,
              interval_max_days, min_age_years, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      city.products,
      (p) => [
        p.id,
        p.name,
        p.manufacturer,
        p.dosesInSeries,
        p.intervalMinDays,
        p.intervalMaxDays,
        p.minAgeYears,
        flag(p.active),
      ],
    ),
    tableLoad(
      'venues',
      `INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, phone, active,
              updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      city.venues,
      (v) => [
        v.id,
        v.municipalityCode,
        v.name,
        v.nameKana,
        v.kind,
        v.area,
        v.address,
        v.phone,
        flag(v.active),
        v.updatedAt,
      ],
    ),
    tableLoad(
      'staff',
      'INSERT INTO staff (id, login, display_name, role, venue_id, active) VALUES (?, ?, ?, ?, ?, ?)',
      city.staff,
      (s) => [s.id, s.login, s.displayName, s.role, s.venueId, flag(s.active)],
    ),
    tableLoad(
      'slots',
      `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity,
              call_center_reserve, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      city.slots,
      (s) => [
        s.id,
        s.venueId,
        s.productId,
        s.date,
        s.startTime,
        s.endTime,
        s.capacity,
        s.callCenterReserve,
        s.status,
        s.updatedAt,
      ],
    ),
    tableLoad(
      'coupons',
      `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key,
              birth_date, sex, address, phone, phone_key, status, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      city.coupons,
      (c) => [
        c.id,
        c.municipalityCode,
        c.ticketNumber,
        c.name,
        c.nameKana,
        c.nameKanaKey,
        c.birthDate,
        c.sex,
        c.address,
        c.phone,
        c.phoneKey,
        c.status,
        c.updatedAt,
      ],
    ),
    tableLoad(
      'coupon_doses',
      'INSERT INTO coupon_doses (coupon_id, dose_number, date, product_id) VALUES (?, ?, ?, ?)',
      city.couponDoses,
      (d) => [d.couponId, d.doseNumber, d.date, d.productId],
    ),
    tableLoad(
      'bookings',
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
              contact_phone, notes, created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      city.bookings,
      (b) => [
        b.id,
        b.bookingNumber,
        b.couponId,
        b.slotId,
        b.doseNumber,
        b.channel,
        b.status,
        b.contactPhone,
        b.notes,
        b.createdBy,
        b.createdAt,
        b.updatedAt,
      ],
    ),
  ];
}

export interface DemoLoadSummary {
  rows: number;
}

export function loadDemoCity(
  db: Database,
  city: DemoCity,
  onProgress?: (progress: DemoLoadProgress) => void,
): DemoLoadSummary {
  const loads = tableLoads(city);
  const total = loads.reduce((sum, load) => sum + load.count, 0);
  let done = 0;
  // Random UUID keys scatter inserts over every index: a bigger page cache for the load avoids
  // re-reading pages (the default 2 MiB is far smaller than the city's indexes).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${loadCacheSize}`);
  try {
    db.transaction(() => {
      for (const load of loads) {
        const insert = db.prepare(load.sql);
        for (let i = 0; i < load.count; i++) {
          insert.run(...load.valuesAt(i));
          done += 1;
          if (onProgress && (i + 1) % progressBatchRows === 0) onProgress({ table: load.table, done, total });
        }
        onProgress?.({ table: load.table, done, total });
      }
      setMeta(db, metaKeys.demo, '1');
      setMeta(db, metaKeys.demoSeed, String(city.seed));
      setMeta(db, metaKeys.demoGeneratedFor, city.today);
      setMunicipality(db, { code: city.municipality.code, name: city.municipality.name });
    }).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  return { rows: total };
}

/** True when the store holds no venues, slots, coupons or bookings (a fresh profile). */
export function isStoreEmpty(db: Database): boolean {
  const row = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM venues) OR EXISTS (SELECT 1 FROM slots)
           OR EXISTS (SELECT 1 FROM coupons) OR EXISTS (SELECT 1 FROM bookings)`,
    )
    .pluck()
    .get();
  return row === 0;
}

export interface EnsureDemoCityOptions {
  /** Defaults to 1, like generateDemoCity. */
  seed?: number;
  today: string;
  couponCount?: number;
  onProgress?: (progress: DemoLoadProgress) => void;
}

/** Generates and loads the demo city, but only into an empty store; says whether it did. */
export function ensureDemoCity(db: Database, options: EnsureDemoCityOptions): { loaded: boolean } {
  if (!isStoreEmpty(db)) return { loaded: false };
  const city = generateDemoCity({
    seed: options.seed,
    today: options.today,
    couponCount: options.couponCount ?? defaultCouponCount,
  });
  // Checked again under the write lock: another process may have loaded it meanwhile.
  return db
    .transaction(() => {
      if (!isStoreEmpty(db)) return { loaded: false };
      loadDemoCity(db, city, options.onProgress);
      return { loaded: true };
    })
    .immediate();
}
