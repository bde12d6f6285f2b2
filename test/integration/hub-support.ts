/**
 * Shared by the hub's integration tests: one suite, two backends. describeHubBackends() runs the
 * same tests against PGlite (in memory) and a real PostgreSQL, where each test file gets its own
 * database (hub_test_<random>, dropped afterwards). PostgreSQL is expected at
 * HUB_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test); when it does not answer the
 * PostgreSQL half FAILS, unless HUB_TEST_SKIP_PG=1 is set.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingKey } from '../../domain/kana.ts';
import { phoneKey } from '../../domain/phone.ts';
import {
  type CouponInput,
  type SlotInput,
  upsertCoupons,
  upsertMunicipalities,
  upsertProducts,
  upsertSlots,
  upsertVenues,
} from '../../server/catalog/catalog-writes.ts';
import type { HubSql, SqlExecutor } from '../../server/store/hub-sql.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type Migration, migrate } from '../../server/store/migrate.ts';
import { openPgEngine } from '../../server/store/pg-engine.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';

export type BackendName = 'pglite' | 'postgres';

const adminUrl = process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPg = process.env.HUB_TEST_SKIP_PG === '1';

export interface TestDatabase {
  sql: HubSql;
  /** Another connection to the same database, as a second hub process would have (PGlite: the same one). */
  openAnother(): Promise<HubSql>;
  drop(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createPgDatabase(): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${adminUrl} (${(error as Error).message}). The hub's tests need it: ` +
        'start it (.ci/run shows how) or set HUB_TEST_SKIP_PG=1 to run only the embedded half.',
    );
  }
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const sql = await openPgEngine(databaseUrl(name), { maxConnections: 10 });
  return {
    sql,
    openAnother: () => openPgEngine(databaseUrl(name), { maxConnections: 4 }),
    async drop() {
      await sql.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** A fresh database migrated with `migrations` (by default every migration there is). */
export async function createTestDatabase(
  backend: BackendName,
  migrations?: Migration[],
): Promise<TestDatabase> {
  if (backend === 'postgres') {
    const db = await createPgDatabase();
    await migrate(db.sql, migrations);
    return db;
  }
  const sql = await openPgliteEngine(':memory:');
  await migrate(sql, migrations);
  // PGlite lives in this process: a second hub on it shares the engine (closing it is a no-op).
  return { sql, openAnother: async () => ({ ...sql, close: async () => {} }), drop: () => sql.close() };
}

export interface BackendContext {
  readonly backend: BackendName;
  /** The migrated database of this file for this backend (available from beforeAll on). */
  readonly sql: HubSql;
  /** A second connection to it, as another hub process would open (close it when done). */
  openAnother(): Promise<HubSql>;
}

/**
 * Runs `body` once per backend, each inside its own describe with a fresh migrated database (`migrations`:
 * only these, as a hub of older code left it).
 */
export function describeHubBackends(
  title: string,
  body: (ctx: BackendContext) => void,
  migrations?: Migration[],
): void {
  for (const backend of ['pglite', 'postgres'] as const) {
    const describeOrSkip = backend === 'postgres' && skipPg ? describe.skip : describe;
    describeOrSkip(`${title} [${backend}]`, () => {
      let db: TestDatabase | undefined;
      // Kept rather than thrown from beforeAll, so that every test of this backend fails with it
      // (a failing beforeAll would only mark the tests as skipped).
      let openError: Error | undefined;
      const ctx: BackendContext = {
        backend,
        get sql() {
          if (openError) throw openError;
          if (!db) throw new Error('the test database is not open yet');
          return db.sql;
        },
        openAnother() {
          if (openError) throw openError;
          if (!db) throw new Error('the test database is not open yet');
          return db.openAnother();
        },
      };
      beforeAll(async () => {
        try {
          db = await createTestDatabase(backend, migrations);
        } catch (error) {
          openError = error as Error;
        }
      });
      afterAll(async () => {
        await db?.drop();
      });
      it(`opens a fresh ${backend} database`, () => {
        if (openError) throw openError;
        expect(db).toBeDefined();
      });
      body(ctx);
    });
  }
}

// ── fixtures ─────────────────────────────────────────────────────────────────────────────

/** 2030-06-01 09:00 in Japan. */
export const fixtureNow = new Date('2030-06-01T00:00:00Z');
export const fixtureMunicipality = { code: '131016', name: 'テスト区' };
export const fixtureProduct = {
  id: 'test-product-2dose',
  name: 'テストワクチン',
  manufacturer: 'Test',
  dosesInSeries: 2,
  intervalMinDays: 18,
  intervalMaxDays: 42,
  minAgeYears: 12,
  active: true,
};

export interface FixtureVenue {
  id: string;
}

export interface FixtureCoupon {
  id: string;
  ticketNumber: string;
  birthDate: string;
}

export interface Fixture {
  venueId: string;
  slot(overrides: Partial<SlotInput> & { date: string }): Promise<string>;
  coupon(overrides?: Partial<CouponInput>): Promise<FixtureCoupon>;
  /** n coupons born 1947-04-01, written in one transaction. */
  coupons(n: number): Promise<FixtureCoupon[]>;
}

let ticketCounter = 0;

/** A unique 10-digit ticket number per call within this process. */
export function nextTicketNumber(): string {
  ticketCounter += 1;
  return String(1_000_000_000 + process.pid * 10_000 + ticketCounter).slice(-10);
}

function couponInput(overrides: Partial<CouponInput>): CouponInput {
  return {
    id: randomUUID(),
    municipalityCode: fixtureMunicipality.code,
    name: '山田 太郎',
    nameKana: 'ヤマダ タロウ',
    nameKanaKey: readingKey('ヤマダ タロウ'),
    sex: 'M',
    address: '東京都千代田区1-2',
    phone: '090-1234-5678',
    phoneKey: phoneKey('090-1234-5678'),
    ...overrides,
    ticketNumber: overrides.ticketNumber ?? nextTicketNumber(),
    birthDate: overrides.birthDate ?? '1947-04-01',
  };
}

/** Municipality, product and one venue; returns helpers to add slots and coupons. */
export async function createFixture(sql: HubSql): Promise<Fixture> {
  const venueId = `venue-${randomUUID()}`;
  await runHubTransaction(sql, fixtureNow, async (tx) => {
    await upsertMunicipalities(tx, [fixtureMunicipality]);
    await upsertProducts(tx, [fixtureProduct]);
    await upsertVenues(tx, [
      {
        id: venueId,
        municipalityCode: fixtureMunicipality.code,
        name: 'テスト会場',
        nameKana: 'テストカイジョウ',
        kind: 'community_center',
        area: '',
        address: '東京都千代田区1-1',
        phone: '0312345678',
        active: true,
        updatedAt: fixtureNow.toISOString(),
      },
    ]);
  });
  return {
    venueId,
    async slot(overrides) {
      const id = overrides.id ?? `slot-${randomUUID()}`;
      await runHubTransaction(sql, fixtureNow, (tx) =>
        upsertSlots(tx, [
          {
            venueId,
            productId: fixtureProduct.id,
            startTime: '10:00',
            endTime: '10:30',
            capacity: 20,
            callCenterReserve: 0,
            reserveReleaseDays: 3,
            status: 'open',
            ...overrides,
            id,
          },
        ]),
      );
      return id;
    },
    async coupon(overrides = {}) {
      const [input] = [couponInput(overrides)];
      await runHubTransaction(sql, fixtureNow, (tx) => upsertCoupons(tx, [input!]));
      const [row] = await sql.query<{ id: string }>(
        'SELECT id FROM coupons WHERE municipality_code = $1 AND ticket_number = $2',
        [input!.municipalityCode, input!.ticketNumber],
      );
      return { id: row!.id, ticketNumber: input!.ticketNumber, birthDate: input!.birthDate };
    },
    async coupons(n) {
      const inputs = Array.from({ length: n }, () => couponInput({}));
      await runHubTransaction(sql, fixtureNow, (tx) => upsertCoupons(tx, inputs));
      return inputs.map((c) => ({ id: c.id, ticketNumber: c.ticketNumber, birthDate: c.birthDate }));
    },
  };
}

/** Row counts of the tables a public request may change, to show that a refused request changed nothing. */
export async function tableCounts(sql: HubSql): Promise<Record<string, number>> {
  const tables = ['bookings', 'coupons', 'slots', 'holds', 'idempotency_keys', 'change_log'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row!.n;
  }
  const [seats] = await sql.query<{ n: number }>(
    'SELECT coalesce(sum(booked_online + booked_phone + booked_walk_in + held), 0)::int AS n FROM slots',
  );
  counts.seatsTaken = seats!.n;
  return counts;
}

/**
 * Runs `work` inside the transaction `tx` and counts the rows of verification_failures it wrote
 * (PostgreSQL's statistics of the transaction; read before and after, since the counters of earlier
 * transactions may not have been flushed yet).
 */
export async function lockoutWritesOf<T>(
  tx: SqlExecutor,
  work: () => Promise<T>,
): Promise<{ result: T; writes: { inserted: number; updated: number; deleted: number } }> {
  const read = async () =>
    (
      await tx.query<{ inserted: number; updated: number; deleted: number }>(
        `SELECT coalesce(sum(n_tup_ins), 0)::int AS inserted, coalesce(sum(n_tup_upd), 0)::int AS updated,
                coalesce(sum(n_tup_del), 0)::int AS deleted
           FROM pg_stat_xact_user_tables WHERE relname = 'verification_failures'`,
      )
    )[0]!;
  const before = await read();
  const result = await work();
  const after = await read();
  return {
    result,
    writes: {
      inserted: after.inserted - before.inserted,
      updated: after.updated - before.updated,
      deleted: after.deleted - before.deleted,
    },
  };
}
