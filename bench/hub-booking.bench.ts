/**
 * Online bookings per second on the hub, embedded (PGlite) and PostgreSQL, measured with autocannon
 * over real HTTP on 127.0.0.1: p50/p99 latency, and beside it the same load on GET /healthz (one
 * small query, no write) as the baseline of the same run.
 *
 * PostgreSQL: HUB_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test); a scratch database
 * is created and dropped. Skipped with a note when it does not answer.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { readingKey } from '../domain/kana.ts';
import {
  type CouponInput,
  upsertCoupons,
  upsertMunicipalities,
  upsertProducts,
  upsertSlots,
  upsertVenues,
} from '../server/catalog/catalog-writes.ts';
import { buildHubApp } from '../server/http/build-hub-app.ts';
import type { HubSql } from '../server/store/hub-sql.ts';
import { runHubTransaction } from '../server/store/hub-transaction.ts';
import { migrate } from '../server/store/migrate.ts';
import { openPgEngine } from '../server/store/pg-engine.ts';
import { openPgliteEngine } from '../server/store/pglite-engine.ts';

const requests = 4000;
const connections = 20;
const slotCount = 50;
const now = new Date('2030-06-01T00:00:00Z');
const adminUrl = process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function prepare(sql: HubSql): Promise<{ slotIds: string[]; coupons: CouponInput[] }> {
  await migrate(sql);
  const venueId = 'bench-venue';
  const slotIds = Array.from({ length: slotCount }, (_, i) => `bench-slot-${i}`);
  const coupons: CouponInput[] = Array.from({ length: requests }, (_, i) => ({
    id: randomUUID(),
    municipalityCode: '131016',
    ticketNumber: String(i + 1).padStart(10, '0'),
    name: 'ベンチ 太郎',
    nameKana: 'ベンチ タロウ',
    nameKanaKey: readingKey('ベンチ タロウ'),
    birthDate: '1947-04-01',
    sex: 'M',
    address: '',
    phone: '',
    phoneKey: '',
  }));
  await runHubTransaction(sql, now, async (tx) => {
    await upsertMunicipalities(tx, [{ code: '131016', name: 'ベンチ区' }]);
    await upsertProducts(tx, [
      {
        id: 'bench-product',
        name: 'ベンチワクチン',
        manufacturer: 'Bench',
        dosesInSeries: 2,
        intervalMinDays: 18,
        intervalMaxDays: 42,
        minAgeYears: 12,
        active: true,
      },
    ]);
    await upsertVenues(tx, [
      {
        id: venueId,
        municipalityCode: '131016',
        name: 'ベンチ会場',
        nameKana: 'ベンチカイジョウ',
        kind: 'mass_site',
        area: '',
        address: '東京都千代田区1-1',
        phone: '',
        active: true,
        updatedAt: now.toISOString(),
      },
    ]);
    await upsertSlots(
      tx,
      slotIds.map((id, i) => ({
        id,
        venueId,
        productId: 'bench-product',
        date: `2030-06-${String(10 + (i % 15)).padStart(2, '0')}`,
        startTime: `${String(9 + Math.floor(i / 15)).padStart(2, '0')}:00`,
        endTime: `${String(9 + Math.floor(i / 15)).padStart(2, '0')}:30`,
        capacity: 10_000,
        callCenterReserve: 0,
        status: 'open' as const,
      })),
    );
    await upsertCoupons(tx, coupons);
  });
  return { slotIds, coupons };
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

/** Runs autocannon; the rate is answers over wall time (autocannon's per-second histogram is coarse for short runs). */
async function run(options: autocannon.Options): Promise<Figures> {
  const started = performance.now();
  const result = await autocannon(options);
  const seconds = (performance.now() - started) / 1000;
  return figures(result, seconds);
}

function figures(result: autocannon.Result, seconds: number): Figures {
  return {
    perSecond: Math.round((result['2xx'] + result.non2xx) / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
  };
}

async function measure(engine: string, sql: HubSql): Promise<void> {
  const { slotIds, coupons } = await prepare(sql);
  const app = await buildHubApp({ sql, clock: () => now, rateLimits: false, logLevel: 'silent' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    let next = 0;
    const booking = await run({
      url,
      connections,
      amount: requests,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/public/bookings',
          setupRequest: (request) => {
            const i = next++;
            const coupon = coupons[i % coupons.length]!;
            return {
              ...request,
              headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${engine}-${i}` },
              body: JSON.stringify({
                ticketNumber: coupon.ticketNumber,
                birthDate: coupon.birthDate,
                slotId: slotIds[i % slotIds.length],
              }),
            };
          },
        },
      ],
    });
    const baseline = await run({ url: `${url}/healthz`, connections, amount: requests });
    const [stored] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings');
    const line = (name: string, f: Figures) =>
      `${engine.padEnd(10)} ${name.padEnd(22)} ${String(f.perSecond).padStart(6)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   ${f.ok} ok, ${f.failed} failed`;
    console.info(line('POST bookings', booking));
    console.info(line('GET /healthz (baseline)', baseline));
    if (stored!.n !== booking.ok)
      console.info(`${engine}: ${stored!.n} bookings stored for ${booking.ok} answers!`);
  } finally {
    await app.close();
  }
}

async function withScratchPostgres(fn: (sql: HubSql) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    console.info(`postgres   skipped: no server at ${adminUrl}`);
    return;
  }
  const name = `hub_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = await openPgEngine(url.toString(), { maxConnections: 10 });
  try {
    await fn(sql);
  } finally {
    await sql.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

console.info(
  `${requests} online bookings (distinct residents over ${slotCount} slots), ${connections} connections`,
);
const embedded = await openPgliteEngine(':memory:');
try {
  await measure('pglite', embedded);
} finally {
  await embedded.close();
}
await withScratchPostgres((sql) => measure('postgres', sql));
