/**
 * The manager's desk on the hub:
 * - Importing a coupon list of 300,000 rows (CSV, as a municipality sends it) through the import a
 *   desk and `hub import-coupons` use (read + stage, then apply in chunks with the change log), rows/s
 *   and peak memory of this process, beside a plain bulk INSERT of the same rows into a table of the
 *   same shape without checks or change log (the baseline of the same run). The same import of a third
 *   of the rows shows whether memory grows with the rows.
 * - Generating 6 months of slots for 10 venues through the hub's generation (plan + one transaction
 *   per venue), beside a plain bulk INSERT of the same slots.
 * Embedded (PGlite, in this process: its WASM memory holds the whole database, so its RSS grows with
 * the data; the JS heap is this code's) and PostgreSQL (HUB_TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test; a scratch database, dropped after; skipped when it does not
 * answer). Run: `npm run bench -- manager-desk`; BENCH_COUPONS=N for another size.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { addDays } from '../domain/calendar.ts';
import { readingKey } from '../domain/kana.ts';
import { upsertMunicipalities, upsertProducts, upsertVenues } from '../server/catalog/catalog-writes.ts';
import { applySlotGeneration } from '../server/catalog/slot-generation.ts';
import { applyCouponImport, commandLineImporter, readCouponFile } from '../server/import/coupon-imports.ts';
import { parseCsv } from '../server/import/csv.ts';
import type { HubSql } from '../server/store/hub-sql.ts';
import { runHubTransaction } from '../server/store/hub-transaction.ts';
import { migrate } from '../server/store/migrate.ts';
import { openPgEngine } from '../server/store/pg-engine.ts';
import { openPgliteEngine } from '../server/store/pglite-engine.ts';
import type { SyncSession } from '../server/sync/device-sessions.ts';
import { measured, mib, writeCouponList } from './coupon-list-file.ts';
import { benchProduct } from './hub-booking/bench-data.ts';

const couponCount = Number(process.env.BENCH_COUPONS ?? 300_000);
const venueCount = 10;
const months = 6;
const code = '131016';
const now = new Date('2030-06-01T00:00:00Z');
const adminUrl = process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'bench-manager-desk-'));
async function seed(sql: HubSql): Promise<void> {
  await migrate(sql);
  await runHubTransaction(sql, now, async (tx) => {
    await upsertMunicipalities(tx, [{ code, name: 'ベンチ区' }]);
    await upsertProducts(tx, [benchProduct]);
    await upsertVenues(
      tx,
      Array.from({ length: venueCount }, (_, i) => ({
        id: `bench-venue-${i}`,
        municipalityCode: code,
        name: `ベンチ会場${i}`,
        nameKana: 'ベンチカイジョウ',
        kind: 'community_center' as const,
        area: '',
        address: '東京都千代田区1-1',
        phone: '',
        active: true,
        updatedAt: now.toISOString(),
        productIds: ['bench-product'],
      })),
    );
  });
}

/** The same rows as the import writes, inserted plainly in batches of 1000 (no checks, no change log). */
async function plainCouponInsert(sql: HubSql, path: string): Promise<number> {
  const records = parseCsv(readFileSync(path, 'utf8')).slice(1);
  await sql.exec('CREATE TABLE coupons_baseline (LIKE coupons INCLUDING ALL)');
  const started = performance.now();
  for (let start = 0; start < records.length; start += 1000) {
    const chunk = records.slice(start, start + 1000);
    await sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO coupons_baseline (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date,
                                       sex, address, phone, phone_key, status, updated_at)
         SELECT t.*, 'active', $12::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
           $6::text[], $7::date[], $8::text[], $9::text[], $10::text[], $11::text[]) AS t`,
        [
          chunk.map(() => randomUUID()),
          chunk.map((r) => r[1]),
          chunk.map((r) => r[0]),
          chunk.map((r) => r[2]),
          chunk.map((r) => r[3]),
          chunk.map((r) => readingKey(r[3]!)),
          chunk.map((r) => r[4]),
          chunk.map((r) => (r[5] === '女' ? 'F' : 'M')),
          chunk.map((r) => r[6]),
          chunk.map((r) => r[7]),
          chunk.map((r) => r[7]!.replaceAll('-', '')),
          now,
        ],
      );
    });
  }
  const ms = performance.now() - started;
  await sql.exec('DROP TABLE coupons_baseline');
  return ms;
}

async function importList(sql: HubSql, path: string) {
  return measured(async () => {
    const read = performance.now();
    const preview = await readCouponFile(sql, commandLineImporter, { path, fileName: 'coupons.csv' }, now);
    const readMs = performance.now() - read;
    const applied = await applyCouponImport(
      sql,
      commandLineImporter,
      preview.import.id,
      () => now,
      Number.POSITIVE_INFINITY,
    );
    return { readMs, applied };
  });
}

async function slotGeneration(sql: HubSql) {
  const session: SyncSession = {
    staffId: randomUUID(),
    deviceId: randomUUID(),
    role: 'manager',
    municipalityCode: code,
    venueIds: null,
  };
  const deps = { sql, clock: () => now };
  const body = {
    productId: 'bench-product',
    from: '2030-06-03',
    to: addDays('2030-06-03', months * 30 - 1),
    patterns: [
      {
        daysOfWeek: [1, 2, 3, 4, 5, 6],
        startTime: '09:00',
        endTime: '17:00',
        slotMinutes: 30,
        lunchBreak: { startTime: '12:00', endTime: '13:00' },
        capacity: 20,
        callCenterReserve: 4,
      },
    ],
  };
  const generated = await measured(async () => {
    let slots = 0;
    for (let i = 0; i < venueCount; i++) {
      slots += (await applySlotGeneration(deps, session, `bench-venue-${i}`, body)).created.length;
    }
    return slots;
  });
  // Baseline: the same number of slot rows, inserted plainly in one statement per venue.
  await sql.exec('CREATE TABLE slots_baseline (LIKE slots INCLUDING ALL)');
  const perVenue = generated.result / venueCount;
  const started = performance.now();
  for (let v = 0; v < venueCount; v++) {
    await sql.query(
      `INSERT INTO slots_baseline (id, municipality_code, venue_id, product_id, date, start_time, end_time, capacity,
                                   call_center_reserve)
       SELECT gen_random_uuid()::text, $1, $2, 'bench-product', date '2030-06-03' + (i / 14), '09:00', '09:30', 20, 4
         FROM generate_series(0, $3 - 1) AS i`,
      [code, `bench-venue-${v}`, perVenue],
    );
  }
  const baselineMs = performance.now() - started;
  await sql.exec('DROP TABLE slots_baseline');
  return { ...generated, baselineMs };
}

async function run(engine: string, sql: HubSql, small: string, large: string): Promise<void> {
  await seed(sql);
  const third = await importList(sql, small);
  const full = await importList(sql, large);
  const baselineMs = await plainCouponInsert(sql, large);
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
  const a = full.result.applied;
  console.info(
    `${engine.padEnd(9)} import ${couponCount} rows: ${(full.ms / 1000).toFixed(1)} s (read ${(full.result.readMs / 1000).toFixed(1)} s), ` +
      `${rate(couponCount, full.ms)} rows/s; plain INSERT ${(baselineMs / 1000).toFixed(1)} s, ${rate(couponCount, baselineMs)} rows/s; ` +
      `inserted ${a.inserted}, rejected ${a.rejectedRows}`,
  );
  console.info(
    `${''.padEnd(9)} peak JS heap ${mib(third.heap)} MiB for ${third.result.applied.validRows} rows, ${mib(full.heap)} MiB for ${couponCount}; ` +
      `peak RSS ${mib(third.rss)} MiB, ${mib(full.rss)} MiB`,
  );
  const slots = await slotGeneration(sql);
  console.info(
    `${''.padEnd(9)} slot generation ${venueCount} venues × ${months} months: ${slots.result} slots in ${(slots.ms / 1000).toFixed(2)} s ` +
      `(${rate(slots.result, slots.ms)} slots/s); plain INSERT ${(slots.baselineMs / 1000).toFixed(2)} s`,
  );
}

const small = writeCouponList(dir, Math.round(couponCount / 3), 5_000_000, code);
const large = writeCouponList(dir, couponCount, 1, code);
console.info(`coupon list: ${couponCount} rows, ${mib(statSync(large).size)} MiB (UTF-8 CSV)`);
try {
  const embedded = await openPgliteEngine(join(dir, 'pglite'));
  try {
    await run('pglite', embedded, small, large);
  } finally {
    await embedded.close();
  }
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    console.info(`postgres  skipped: no server at ${adminUrl}`);
    process.exit(0);
  }
  const name = `bench_manager_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = await openPgEngine(url.toString(), { maxConnections: 4 });
  try {
    await run('postgres', sql, small, large);
  } finally {
    await sql.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
