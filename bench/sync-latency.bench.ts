/**
 * Sync figures, hub on PGlite (in memory) over real HTTP on 127.0.0.1, desktop = the real desk service
 * on a SQLite file:
 * 1. Latency from an online booking on the hub (POST /api/v1/public/bookings) to its row in a
 *    desktop's SQLite, with SSE pokes (polling slowed to once a minute so only pokes count), p50/p99
 *    over 50 bookings; the POST round trip alone is the baseline of the same run.
 * 2. The first snapshot of 50,000 coupons and 200,000 bookings (plus slots and the catalogue), the hub
 *    in a process of its own (`node server/cli.ts serve` on a PGlite data directory, as deployed): the
 *    engine's snapshot into a fresh desktop end to end (HTTP, parsing, the rows, the grid and indexes
 *    built at the end), beside, in the same run, the paging over HTTP alone and two inserts of the
 *    same rows: the driver floor (prepared INSERTs into tables without any index, constraint or
 *    trigger) and the no-index bulk insert (the desk's schema without its secondary indexes and grid
 *    triggers, as the snapshot loads). Then incremental pulls: bookings made on the hub after the
 *    snapshot (change-log rows) pulled into that desktop, which keeps its grid row by row again.
 * Run: `npm run bench -- sync` (SYNC_BENCH_COUPONS, SYNC_BENCH_BOOKINGS, SYNC_BENCH_PULLED,
 * SYNC_BENCH_LATENCY_N to vary).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, type Database, openDatabase } from '../db/open-database.ts';
import { beginBulkLoad, finishBulkLoad } from '../db/queries/snapshot-bulk-load.ts';
import { openConnection } from '../db/sqlite-driver.ts';
import { addDays, todayIn } from '../domain/calendar.ts';
import type { SnapshotPage } from '../domain/hub-api/sync-api.ts';
import { readingKey } from '../domain/kana.ts';
import { type DeskService, openDeskService } from '../electron/node/desk-service.ts';
import { HubClient } from '../electron/node/sync/hub-client.ts';
import { pullChanges, snapshotPageSize } from '../electron/node/sync/mirror-hub.ts';
import {
  type CouponInput,
  upsertCoupons,
  upsertMunicipalities,
  upsertProducts,
  upsertSlots,
  upsertVenues,
} from '../server/catalog/catalog-writes.ts';
import { buildHubApp } from '../server/http/build-hub-app.ts';
import { createStaff } from '../server/staff/create-staff.ts';
import type { HubSql, SqlExecutor } from '../server/store/hub-sql.ts';
import { runHubTransaction } from '../server/store/hub-transaction.ts';
import { migrate } from '../server/store/migrate.ts';
import { openPgliteEngine } from '../server/store/pglite-engine.ts';
import { type BookingRow, bookingRecordOf } from '../server/store/records.ts';
import { registerDevice } from '../server/sync/device-sessions.ts';
import { distinctBookingNumbers } from '../test/integration/booking-numbers.ts';
import { openDeskStore } from '../test/integration/desk-store.ts';
import { hubProcess } from '../test/integration/hub-process.ts';
import { loadAverage, machineFacts, recordBenchResult } from './bench-results.ts';

const couponCount = Number(process.env.SYNC_BENCH_COUPONS ?? 50_000);
const bookingCount = Number(process.env.SYNC_BENCH_BOOKINGS ?? 200_000);
const latencyRuns = Number(process.env.SYNC_BENCH_LATENCY_N ?? 50);
const pulledBookings = Number(process.env.SYNC_BENCH_PULLED ?? 20_000);
const municipality = '131016';
const productId = 'bench-product';
const password = 'bench password 1';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

function coupon(i: number): CouponInput {
  return {
    id: `bench-coupon-${String(i).padStart(6, '0')}`,
    municipalityCode: municipality,
    ticketNumber: String(1_000_000_000 + i),
    name: 'ベンチ 太郎',
    nameKana: 'ベンチ タロウ',
    nameKanaKey: readingKey('ベンチ タロウ'),
    birthDate: '1950-04-01',
    sex: 'M',
    address: '東京都千代田区1-1',
    phone: '090-0000-0000',
    phoneKey: '09000000000',
  };
}

/** Municipality, product, 4 venues × 300 slots from next week, and the coupons. */
async function seedCatalogue(sql: HubSql, now: Date, coupons: number): Promise<string[]> {
  await migrate(sql);
  const start = addDays(todayIn('Asia/Tokyo', now), 7);
  const slotIds: string[] = [];
  await runHubTransaction(sql, now, async (tx) => {
    await upsertMunicipalities(tx, [{ code: municipality, name: 'ベンチ区' }]);
    await upsertProducts(tx, [
      {
        id: productId,
        name: 'ベンチワクチン',
        manufacturer: 'Bench',
        dosesInSeries: 5,
        intervalMinDays: 0,
        intervalMaxDays: 365,
        minAgeYears: 12,
        active: true,
      },
    ]);
    for (let v = 0; v < 4; v++) {
      const venueId = `bench-venue-${v}`;
      await upsertVenues(tx, [
        {
          id: venueId,
          municipalityCode: municipality,
          name: `ベンチ会場${v}`,
          nameKana: 'ベンチカイジョウ',
          kind: 'mass_site',
          area: '',
          address: '東京都千代田区1-1',
          phone: '',
          active: true,
          updatedAt: now.toISOString(),
        },
      ]);
      const slots = Array.from({ length: 300 }, (_, i) => {
        const hour = 9 + (i % 8);
        return {
          id: `bench-slot-${v}-${i}`,
          venueId,
          productId,
          date: addDays(start, Math.floor(i / 8)),
          startTime: `${String(hour).padStart(2, '0')}:00`,
          endTime: `${String(hour).padStart(2, '0')}:30`,
          capacity: 10_000,
          callCenterReserve: 0,
          reserveReleaseDays: 3,
          status: 'open' as const,
        };
      });
      await upsertSlots(tx, slots);
      slotIds.push(...slots.map((s) => s.id));
    }
  });
  for (let i = 0; i < coupons; i += 5000) {
    const chunk = Array.from({ length: Math.min(5000, coupons - i) }, (_, k) => coupon(i + k));
    await runHubTransaction(sql, now, (tx) => upsertCoupons(tx, chunk));
  }
  return slotIds;
}

const nextBookingNumber = distinctBookingNumbers();

/**
 * Bench bookings `from`…`from + count - 1` written straight into the hub's table (the snapshot reads
 * tables, not the change log); with `logged`, in hub transactions that append their change-log rows,
 * as bookings made after a snapshot reach a desktop.
 */
async function seedBookings(
  sql: HubSql,
  slotIds: string[],
  range: { from: number; count: number },
  now: Date,
  logged = false,
): Promise<void> {
  const chunkSize = logged ? 2000 : 10_000;
  for (let i = range.from; i < range.from + range.count; i += chunkSize) {
    const n = Math.min(chunkSize, range.from + range.count - i);
    const rows = Array.from({ length: n }, (_, k) => {
      const index = i + k;
      return {
        id: randomUUID(),
        number: nextBookingNumber(),
        couponId: `bench-coupon-${String(index % couponCount).padStart(6, '0')}`,
        slotId: slotIds[index % slotIds.length]!,
        dose: 1 + Math.floor(index / couponCount),
        channel: index % 3 === 0 ? 'phone' : 'online',
      };
    });
    const insert = (tx: SqlExecutor) =>
      tx.query<BookingRow>(
        `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                               created_at, updated_at)
         SELECT t.id::uuid, t.number, $7, t.coupon_id, t.slot_id, t.dose, t.channel, 'confirmed', $8, $8
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
             AS t (id, number, coupon_id, slot_id, dose, channel)
         RETURNING *`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.number),
          rows.map((r) => r.couponId),
          rows.map((r) => r.slotId),
          rows.map((r) => r.dose),
          rows.map((r) => r.channel),
          municipality,
          now,
        ],
      );
    if (!logged) await insert(sql);
    else
      await runHubTransaction(sql, now, async (tx) => {
        for (const row of await insert(tx))
          tx.changes.upsert('booking', row.id, bookingRecordOf(row), municipality);
      });
  }
}

interface Hub {
  url: string;
  sql: HubSql;
  credentials(): Promise<{ deviceId: string; deviceSecret: string; staffLogin: string; password: string }>;
  close(): Promise<void>;
}

async function startBenchHub(sql: HubSql): Promise<Hub> {
  const app = await buildHubApp({ sql, logLevel: 'silent', rateLimits: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    sql,
    async credentials() {
      const device = await registerDevice(sql, { name: 'bench' });
      const staffLogin = `bench-${randomUUID().slice(0, 8)}`;
      await createStaff(sql, { login: staffLogin, role: 'manager', password });
      return { deviceId: device.id, deviceSecret: device.secret, staffLogin, password };
    },
    close: () => app.close(),
  };
}

async function openDesk(dataDir: string, log: string[], timing = {}): Promise<DeskService> {
  return openDeskService({
    dataDir,
    empty: true,
    appVersion: 'bench',
    transport: 'browser',
    syncLog: (line) => log.push(line),
    syncTiming: timing,
  });
}

async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function latencyBench(): Promise<void> {
  const now = new Date();
  const sql = await openPgliteEngine(':memory:');
  const slotIds = await seedCatalogue(sql, now, latencyRuns + 10);
  const hub = await startBenchHub(sql);
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-bench-latency-'));
  const log: string[] = [];
  // Polling once a minute: every booking below arrives through a poke.
  const desk = await openDesk(dataDir, log, { pollMinMs: 60_000, pollMaxMs: 60_000 });
  try {
    await desk.sync.saveSettings({ hubUrl: hub.url, ...(await hub.credentials()) });
    await until(
      () => {
        const status = desk.sync.status();
        return status.state === 'idle' && status.live === 'pokes';
      },
      60_000,
      'pokes',
    );
    const arrived = desk.db.prepare('SELECT 1 FROM bookings WHERE id = ?').pluck();
    const total: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < latencyRuns; i++) {
      const resident = coupon(i);
      const started = performance.now();
      const answer = await fetch(new URL('api/v1/public/bookings', hub.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          ticketNumber: resident.ticketNumber,
          birthDate: resident.birthDate,
          slotId: slotIds[i % slotIds.length],
        }),
      });
      const body = (await answer.json()) as { bookings?: Array<{ id: string }> };
      roundTrip.push(performance.now() - started);
      const id = body.bookings?.[0]?.id;
      if (!id) throw new Error(`booking ${i} refused: ${JSON.stringify(body)}`);
      while (arrived.get(id) === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
      total.push(performance.now() - started);
    }
    total.sort((a, b) => a - b);
    roundTrip.sort((a, b) => a - b);
    console.info(
      `\nOnline booking on the hub → row in the desktop's SQLite (${latencyRuns} bookings, pokes)`,
    );
    console.info('| figure | p50 | p99 |');
    console.info('| --- | --- | --- |');
    console.info(`| POST → row in SQLite | ${ms(percentile(total, 50))} | ${ms(percentile(total, 99))} |`);
    console.info(
      `| POST round trip alone (baseline) | ${ms(percentile(roundTrip, 50))} | ${ms(percentile(roundTrip, 99))} |`,
    );
  } finally {
    desk.close();
    await hub.close();
    await sql.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const insertSql: Record<string, string> = {
  vaccine_product: `INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days,
    interval_max_days, min_age_years, active) VALUES (@id, @name, @manufacturer, @dosesInSeries, @intervalMinDays,
    @intervalMaxDays, @minAgeYears, @active)`,
  venue: `INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, phone, active, updated_at)
    VALUES (@id, @municipalityCode, @name, @nameKana, @kind, @area, @address, @phone, @active, @updatedAt)`,
  slot: `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve, status,
    updated_at) VALUES (@id, @venueId, @productId, @date, @startTime, @endTime, @capacity, @callCenterReserve, @status,
    @updatedAt)`,
  coupon: `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
    address, phone, phone_key, status, updated_at) VALUES (@id, @municipalityCode, @ticketNumber, @name, @nameKana,
    @nameKanaKey, @birthDate, @sex, @address, @phone, @phoneKey, @status, @updatedAt)`,
  booking: `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone,
    notes, created_by, created_at, updated_at, hub_id, hub_status, hub_slot_id) VALUES (@id, @bookingNumber,
    @couponId, @slotId, @doseNumber, @channel, @status, @contactPhone, @notes, @createdBy, @createdAt, @updatedAt,
    @id, @status, @slotId)`,
};
const insertedTables = ['vaccine_products', 'venues', 'slots', 'coupons', 'bookings'];

/** The same rows through prepared statements, in one transaction, nothing else; milliseconds. */
function insertPages(db: Database, pages: SnapshotPage[]): number {
  const statements = new Map(Object.entries(insertSql).map(([entity, text]) => [entity, db.prepare(text)]));
  const started = performance.now();
  db.transaction(() => {
    for (const page of pages) {
      for (const row of page.rows) {
        const payload = row.payload as Record<string, unknown>;
        const values = Object.fromEntries(
          Object.entries(payload).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 1 : 0) : v]),
        );
        statements.get(row.entity)?.run(values);
      }
    }
  }).immediate();
  return performance.now() - started;
}

/** The driver floor: the desk's tables as bare copies (their columns only: no key, index, check or trigger). */
function driverFloor(work: string, pages: SnapshotPage[]): number {
  const schema = openDatabase(join(work, 'schema.sqlite'));
  closeDatabase(schema);
  const db = openConnection(join(work, 'floor.sqlite'), { readonly: false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`ATTACH '${join(work, 'schema.sqlite')}' AS desk`);
    for (const table of insertedTables)
      db.exec(`CREATE TABLE main.${table} AS SELECT * FROM desk.${table} WHERE 0`);
    db.exec('DETACH desk');
    return insertPages(db, pages);
  } finally {
    db.close();
  }
}

/** The no-index bulk insert: the desk's schema as a first snapshot loads it, then the grid built at the end. */
function noIndexInsert(work: string, pages: SnapshotPage[]): { insertMs: number; buildMs: number } {
  const db = openDatabase(join(work, 'no-index.sqlite'));
  try {
    db.pragma('cache_size = -65536');
    db.transaction(() => beginBulkLoad(db)).immediate();
    const insertMs = insertPages(db, pages);
    const started = performance.now();
    db.transaction(() => finishBulkLoad(db)).immediate();
    return { insertMs, buildMs: performance.now() - started };
  } finally {
    closeDatabase(db);
  }
}

async function snapshotBench(): Promise<void> {
  const now = new Date();
  const work = mkdtempSync(join(tmpdir(), 'sync-bench-snapshot-'));
  const hubDir = join(work, 'hub');
  const seedStarted = performance.now();
  const seeding = await openPgliteEngine(hubDir);
  const slotIds = await seedCatalogue(seeding, now, couponCount);
  await seedBookings(seeding, slotIds, { from: 0, count: bookingCount }, now);
  // A PostgreSQL hub gets its planner statistics from autovacuum; PGlite has none running.
  await seeding.query('ANALYZE');
  const credentials = await benchCredentials(seeding);
  const pagingCredentials = await benchCredentials(seeding);
  await seeding.close();
  const seedMs = performance.now() - seedStarted;
  const hub = await hubProcess(hubDir, ['--rate-limits', 'off']);
  await hub.start();
  const loadBefore = loadAverage();
  try {
    // The engine: a fresh desktop attaches and loads the first snapshot.
    const log: string[] = [];
    const deskDir = join(work, 'engine');
    const desk = await openDesk(deskDir, log);
    const started = performance.now();
    await desk.sync.saveSettings({ hubUrl: hub.baseUrl, ...credentials });
    await until(() => desk.sync.status().ready, 30 * 60_000, 'the snapshot');
    const engineMs = performance.now() - started;
    const rows = Number(/snapshot of (\d+) rows/.exec(log.join('\n'))?.[1] ?? 0);
    const localBookings = desk.db.prepare('SELECT count(*) FROM booking_grid').pluck().get() as number;
    desk.close();

    // The same pages fetched over HTTP without applying them, then the two inserts of their rows.
    const client = new HubClient({ baseUrl: hub.baseUrl, timeoutMs: 120_000 });
    const { token } = await client.login({
      deviceId: pagingCredentials.deviceId,
      deviceSecret: pagingCredentials.deviceSecret,
      login: pagingCredentials.staffLogin,
      password,
    });
    const fetchStarted = performance.now();
    const pages: SnapshotPage[] = [];
    let cursor: string | null = null;
    do {
      const page: SnapshotPage = await client.snapshotPage(token, cursor, snapshotPageSize);
      pages.push(page);
      cursor = page.next;
    } while (cursor);
    const fetchMs = performance.now() - fetchStarted;
    const fetchedRows = pages.reduce((n, p) => n + p.rows.length, 0);
    const floorMs = driverFloor(work, pages);
    const noIndex = noIndexInsert(work, pages);
    pages.length = 0;

    // Bookings made on the hub after the snapshot (with their change-log rows), pulled by the desktop.
    await hub.stop();
    const writing = await openPgliteEngine(hubDir);
    await seedBookings(writing, slotIds, { from: bookingCount, count: pulledBookings }, now, true);
    await writing.close();
    await hub.start();
    const store = openDeskStore(deskDir);
    const pullStarted = performance.now();
    const pulled = await pullChanges({
      db: store,
      client,
      token: (
        await client.login({
          deviceId: credentials.deviceId,
          deviceSecret: credentials.deviceSecret,
          login: credentials.staffLogin,
          password,
        })
      ).token,
      now: () => new Date(),
      municipalityCode: null,
    });
    const pullMs = performance.now() - pullStarted;
    const gridAfterPull = store.prepare('SELECT count(*) FROM booking_grid').pluck().get() as number;
    closeDatabase(store);
    const loadAfter = loadAverage();

    const rate = (n: number, millis: number) => Math.round(n / (millis / 1000));
    const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;
    console.info(
      `\nFirst snapshot: ${couponCount.toLocaleString('en-US')} coupons, ${bookingCount.toLocaleString('en-US')} bookings, ` +
        `${fetchedRows.toLocaleString('en-US')} rows in all; hub in its own process on PGlite (seeded in ` +
        `${seconds(seedMs)}); load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
    );
    console.info('| figure | time | rate |');
    console.info('| --- | --- | --- |');
    const line = (what: string, n: number, millis: number, unit = 'rows/s') =>
      console.info(`| ${what} | ${seconds(millis)} | ${rate(n, millis).toLocaleString('en-US')} ${unit} |`);
    line(
      `sync engine: first snapshot end to end into a fresh desktop (${localBookings.toLocaleString('en-US')} bookings in its grid)`,
      rows,
      engineMs,
    );
    line('paging over HTTP alone (no apply)', fetchedRows, fetchMs);
    line('driver floor: the same rows into bare tables (baseline)', fetchedRows, floorMs);
    line('no-index bulk insert of the same rows (baseline)', fetchedRows, noIndex.insertMs);
    line('… then the grid and indexes built from them', fetchedRows, noIndex.buildMs);
    line(
      `pulls: ${pulled.changes.toLocaleString('en-US')} bookings made after the snapshot (grid kept row by row; ${gridAfterPull.toLocaleString('en-US')} in it)`,
      pulled.changes,
      pullMs,
      'bookings/s',
    );
    const figure = (name: string, n: number, millis: number, unit = 'rows/s') => ({
      name,
      value: rate(n, millis),
      unit,
      notes: { seconds: Math.round(millis) / 1000, rows: n },
    });
    const floor = figure('driver floor: the same rows into bare tables', fetchedRows, floorMs);
    const noIndexFigure = figure('no-index bulk insert of the same rows', fetchedRows, noIndex.insertMs);
    const engine = figure('first snapshot end to end (hub process on PGlite, HTTP)', rows, engineMs);
    recordBenchResult({
      bench: 'sync-snapshot',
      at: new Date().toISOString(),
      machine: machineFacts(),
      figures: [
        { ...engine, baseline: floor, ratio: Math.round((engine.value / floor.value) * 1000) / 1000 },
        {
          ...engine,
          baseline: noIndexFigure,
          ratio: Math.round((engine.value / noIndexFigure.value) * 1000) / 1000,
        },
        figure('paging over HTTP alone', fetchedRows, fetchMs),
        figure('grid and indexes built at the end (from the no-index insert)', fetchedRows, noIndex.buildMs),
        {
          ...figure('pulls after the snapshot', pulled.changes, pullMs, 'bookings/s'),
          notes: {
            seconds: Math.round(pullMs) / 1000,
            bookings: pulled.changes,
            loadAverage: { before: loadBefore, after: loadAfter },
          },
        },
      ],
    });
  } finally {
    await hub.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function benchCredentials(sql: HubSql) {
  const device = await registerDevice(sql, { name: 'bench' });
  const staffLogin = `bench-${randomUUID().slice(0, 8)}`;
  await createStaff(sql, { login: staffLogin, role: 'manager', password });
  return { deviceId: device.id, deviceSecret: device.secret, staffLogin, password };
}

await latencyBench();
await snapshotBench();
