/**
 * Demo city: generation time, load rate through loadDemoCity into an encrypted store (as a desk has
 * it) against a plain bulk insert of the same rows into an unencrypted file (baseline, same run, same
 * schema and pragmas), so the gap includes the encryption cost, and getDayOverview latency (encrypted).
 * Run: `node_modules/.bin/node bench/demo-city-load.bench.ts` (or `npm run bench -- demo-city`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { loadDemoCity } from '../db/demo-load.ts';
import { migrate } from '../db/migrate.ts';
import { closeDatabase, openDatabase } from '../db/open-database.ts';
import { getDayOverview } from '../db/queries/day-overview.ts';
import { type DemoCity, generateDemoCity } from '../domain/demo-city/generate-demo-city.ts';

export interface DemoCityLoadFigures {
  coupons: number;
  rows: number;
  generationMs: number;
  loadMs: number;
  baselineLoadMs: number;
  overviewColdMs: number;
  overviewP50Ms: number;
  overviewP99Ms: number;
  overviewRuns: number;
  rounds: number;
}

export interface DemoCityLoadOptions {
  today?: string;
  couponCount?: number;
  overviewRuns?: number;
  /** Load rounds per side (best of). */
  rounds?: number;
  /** Print the table (default true). */
  print?: boolean;
}

const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

function rowCount(city: DemoCity): number {
  return (
    city.products.length +
    city.venues.length +
    city.staff.length +
    city.slots.length +
    city.coupons.length +
    city.couponDoses.length +
    city.bookings.length
  );
}

/** The baseline: the same rows written with nothing but prepared statements in one transaction. */
function plainBulkInsert(path: string, city: DemoCity): void {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  db.pragma('foreign_keys = ON');
  const product = db.prepare('INSERT INTO vaccine_products VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const venue = db.prepare('INSERT INTO venues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const staff = db.prepare('INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?)');
  const slot = db.prepare('INSERT INTO slots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const coupon = db.prepare('INSERT INTO coupons VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const dose = db.prepare('INSERT INTO coupon_doses VALUES (?, ?, ?, ?)');
  const booking = db.prepare(
    `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
            contact_phone, notes, created_by, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const p of city.products) {
      product.run(
        p.id,
        p.name,
        p.manufacturer,
        p.dosesInSeries,
        p.intervalMinDays,
        p.intervalMaxDays,
        p.minAgeYears,
        1,
      );
    }
    for (const v of city.venues) {
      venue.run(
        v.id,
        v.municipalityCode,
        v.name,
        v.nameKana,
        v.kind,
        v.area,
        v.address,
        v.phone,
        1,
        v.updatedAt,
      );
    }
    for (const s of city.staff) staff.run(s.id, s.login, s.displayName, s.role, s.venueId, 1);
    for (const s of city.slots) {
      slot.run(
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
      );
    }
    for (const c of city.coupons) {
      coupon.run(
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
      );
    }
    for (const d of city.couponDoses) dose.run(d.couponId, d.doseNumber, d.date, d.productId);
    for (const b of city.bookings) {
      booking.run(
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
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export function run(options: DemoCityLoadOptions = {}): DemoCityLoadFigures {
  const today = options.today ?? '2021-05-17';
  const couponCount = options.couponCount ?? 50_000;
  const overviewRuns = options.overviewRuns ?? 200;
  const rounds = options.rounds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-bench-'));
  try {
    generateDemoCity({ today, couponCount: 1_000 }); // warm up the generator's code paths
    collectGarbage();
    const [city, generationMs] = timed(() => generateDemoCity({ today, couponCount }));
    const rows = rowCount(city);

    // Rounds alternate which side goes first, so neither always runs on a warmer machine; best of each.
    const loadTimes: number[] = [];
    const baselineTimes: number[] = [];
    const loadedPath = join(dir, 'loader-0.sqlite');
    const key = randomBytes(32);
    for (let round = 0; round < rounds; round++) {
      const viaLoader = () => {
        collectGarbage();
        const db = openDatabase(join(dir, `loader-${round}.sqlite`), { key });
        const [, loadMs] = timed(() => {
          loadDemoCity(db, city);
          closeDatabase(db); // includes the checkpoint, as the baseline does
        });
        loadTimes.push(loadMs);
      };
      const viaBaseline = () => {
        collectGarbage();
        baselineTimes.push(timed(() => plainBulkInsert(join(dir, `baseline-${round}.sqlite`), city))[1]);
      };
      const order = round % 2 === 0 ? [viaLoader, viaBaseline] : [viaBaseline, viaLoader];
      for (const side of order) side();
    }

    const db = openDatabase(loadedPath, { key });
    const dates = [...new Set(city.slots.map((s) => s.date))].sort();
    const [, overviewColdMs] = timed(() => getDayOverview(db, today));
    const latencies: number[] = [];
    for (let i = 0; i < overviewRuns; i++) {
      const date = dates[i % dates.length] ?? today;
      latencies.push(timed(() => getDayOverview(db, date))[1]);
    }
    closeDatabase(db);
    latencies.sort((a, b) => a - b);

    const figures: DemoCityLoadFigures = {
      coupons: city.coupons.length,
      rows,
      generationMs,
      loadMs: Math.min(...loadTimes),
      baselineLoadMs: Math.min(...baselineTimes),
      overviewColdMs,
      overviewP50Ms: percentile(latencies, 50),
      overviewP99Ms: percentile(latencies, 99),
      overviewRuns,
      rounds,
    };
    if (options.print ?? true) printFigures(figures);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printFigures(f: DemoCityLoadFigures): void {
  const perSecond = (ms: number) => `${Math.round(f.rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
  const lines: Array<[string, string, string]> = [
    [
      'generate demo city',
      ms(f.generationMs),
      `${f.coupons.toLocaleString('en-US')} coupons, ${f.rows.toLocaleString('en-US')} rows`,
    ],
    ['load via loadDemoCity', ms(f.loadMs), perSecond(f.loadMs)],
    ['baseline plain bulk insert', ms(f.baselineLoadMs), perSecond(f.baselineLoadMs)],
    [
      'loader / baseline',
      `${(f.loadMs / f.baselineLoadMs).toFixed(2)}x`,
      `time ratio, best of ${f.rounds} each`,
    ],
    ['overview, first call', ms(f.overviewColdMs), 'includes preparing the statement'],
    ['overview p50', ms(f.overviewP50Ms), `${f.overviewRuns} runs over all slot dates`],
    ['overview p99', ms(f.overviewP99Ms), ''],
  ];
  const width = (i: 0 | 1) => Math.max(...lines.map((line) => line[i].length));
  for (const [name, value, note] of lines) {
    console.info(`${name.padEnd(width(0))}  ${value.padStart(width(1))}  ${note}`);
  }
}

if (import.meta.main) run();
