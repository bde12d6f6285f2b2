/**
 * Sync figures, hub on PGlite (in memory) over real HTTP on 127.0.0.1, desktop = the real desk service
 * on a SQLite file:
 * 1. Latency from an online booking on the hub (POST /api/v1/public/bookings) to its row in a
 *    desktop's SQLite, with SSE pokes (polling slowed to once a minute so only pokes count), p50/p99
 *    over 50 bookings; the POST round trip alone is the baseline of the same run.
 * 2. Snapshot rate for 50,000 coupons and 200,000 bookings (plus slots and the catalogue): the engine's
 *    first snapshot of a fresh desktop, against a plain better-sqlite3 bulk insert of the same rows into
 *    the same schema (same run), and the paging over HTTP alone.
 * Run: `npm run bench -- sync` (SYNC_BENCH_COUPONS, SYNC_BENCH_BOOKINGS, SYNC_BENCH_LATENCY_N to vary).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../db/open-database.ts';
import { makeBookingNumber } from '../domain/booking-number.ts';
import { addDays, todayIn } from '../domain/calendar.ts';
import type { SnapshotPage } from '../domain/hub-api/sync-api.ts';
import { readingKey } from '../domain/kana.ts';
import { type DeskService, openDeskService } from '../electron/node/desk-service.ts';
import { HubClient } from '../electron/node/sync/hub-client.ts';
import { snapshotPageSize } from '../electron/node/sync/mirror-hub.ts';
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
import type { HubSql } from '../server/store/hub-sql.ts';
import { runHubTransaction } from '../server/store/hub-transaction.ts';
import { migrate } from '../server/store/migrate.ts';
import { openPgliteEngine } from '../server/store/pglite-engine.ts';
import { registerDevice } from '../server/sync/device-sessions.ts';

const couponCount = Number(process.env.SYNC_BENCH_COUPONS ?? 50_000);
const bookingCount = Number(process.env.SYNC_BENCH_BOOKINGS ?? 200_000);
const latencyRuns = Number(process.env.SYNC_BENCH_LATENCY_N ?? 50);
const municipality = '131016';
const productId = 'bench-product';
const password = 'bench password 1';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const perSecond = (rows: number, millis: number) =>
  `${Math.round(rows / (millis / 1000)).toLocaleString('en-US')} rows/s`;

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

/** Bench rows written straight into the hub's table (the snapshot reads tables, not the change log). */
async function seedBookings(sql: HubSql, slotIds: string[], count: number, now: Date): Promise<void> {
  const numbers = new Set<string>();
  let seed = 1;
  const random = () => {
    seed = (seed * 16_807) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  for (let i = 0; i < count; i += 10_000) {
    const n = Math.min(10_000, count - i);
    const rows = Array.from({ length: n }, (_, k) => {
      const index = i + k;
      let number = makeBookingNumber(random);
      while (numbers.has(number)) number = makeBookingNumber(random);
      numbers.add(number);
      return {
        id: randomUUID(),
        number,
        couponId: `bench-coupon-${String(index % couponCount).padStart(6, '0')}`,
        slotId: slotIds[index % slotIds.length]!,
        dose: 1 + Math.floor(index / couponCount),
        channel: index % 3 === 0 ? 'phone' : 'online',
      };
    });
    await sql.query(
      `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                             created_at, updated_at)
       SELECT t.id::uuid, t.number, $7, t.coupon_id, t.slot_id, t.dose, t.channel, 'confirmed', $8, $8
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
           AS t (id, number, coupon_id, slot_id, dose, channel)`,
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
    notes, reject_reason, created_by, created_at, updated_at) VALUES (@id, @bookingNumber, @couponId, @slotId,
    @doseNumber, @channel, @status, @contactPhone, @notes, NULL, @createdBy, @createdAt, @updatedAt)`,
};

/** The baseline: the same rows, prepared statements, one transaction, nothing else. */
function plainBulkInsert(path: string, pages: SnapshotPage[]): void {
  const db = openDatabase(path);
  try {
    const statements = new Map(Object.entries(insertSql).map(([entity, text]) => [entity, db.prepare(text)]));
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
  } finally {
    closeDatabase(db);
  }
}

async function snapshotBench(): Promise<void> {
  const now = new Date();
  const sql = await openPgliteEngine(':memory:');
  const seedStarted = performance.now();
  const slotIds = await seedCatalogue(sql, now, couponCount);
  await seedBookings(sql, slotIds, bookingCount, now);
  const seedMs = performance.now() - seedStarted;
  const hub = await startBenchHub(sql);
  const work = mkdtempSync(join(tmpdir(), 'sync-bench-snapshot-'));
  try {
    // The engine: a fresh desktop attaches and loads the first snapshot.
    const log: string[] = [];
    const desk = await openDesk(join(work, 'engine'), log);
    const started = performance.now();
    await desk.sync.saveSettings({ hubUrl: hub.url, ...(await hub.credentials()) });
    await until(() => desk.sync.status().ready, 30 * 60_000, 'the snapshot');
    const engineMs = performance.now() - started;
    const rows = Number(/snapshot of (\d+) rows/.exec(log.join('\n'))?.[1] ?? 0);
    const localBookings = desk.db.prepare('SELECT count(*) FROM bookings').pluck().get() as number;
    desk.close();

    // The same pages fetched over HTTP without applying them, then the plain bulk insert of their rows.
    const client = new HubClient({ baseUrl: hub.url, timeoutMs: 120_000 });
    const credentials = await hub.credentials();
    const { token } = await client.login({
      deviceId: credentials.deviceId,
      deviceSecret: credentials.deviceSecret,
      login: credentials.staffLogin,
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
    const bulkStarted = performance.now();
    plainBulkInsert(join(work, 'baseline.sqlite'), pages);
    const bulkMs = performance.now() - bulkStarted;

    console.info(
      `\nFirst snapshot: ${couponCount.toLocaleString('en-US')} coupons, ${bookingCount.toLocaleString('en-US')} bookings, ` +
        `${fetchedRows.toLocaleString('en-US')} rows in all (hub seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    );
    console.info('| figure | time | rate |');
    console.info('| --- | --- | --- |');
    console.info(
      `| sync engine: snapshot into a fresh desktop (${localBookings.toLocaleString('en-US')} bookings stored) | ${(engineMs / 1000).toFixed(1)} s | ${perSecond(rows, engineMs)} |`,
    );
    console.info(
      `| paging over HTTP alone (no apply) | ${(fetchMs / 1000).toFixed(1)} s | ${perSecond(fetchedRows, fetchMs)} |`,
    );
    console.info(
      `| plain bulk insert of the same rows (baseline) | ${(bulkMs / 1000).toFixed(1)} s | ${perSecond(fetchedRows, bulkMs)} |`,
    );
  } finally {
    await hub.close();
    await sql.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await latencyBench();
await snapshotBench();
