/**
 * A first snapshot loads without the bookings grid's triggers and secondary indexes and builds them
 * at the end (db/queries/snapshot-bulk-load.ts), against the real hub (PGlite, over HTTP) and real
 * SQLite files: the grid it ends with is the one the triggers build row by row from the same pages;
 * a desk stopped between pages resumes the load after reopening its file and ends the same; pulls
 * after the snapshot keep the grid row by row again; a load cut short and then cleared, or upgraded,
 * gets its triggers and indexes back.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import type { Migration } from '../../db/migrations/migration.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import type { ReceivedHubRow } from '../../db/queries/hub-rows.ts';
import { applyHubRows, noPendingChanges } from '../../db/queries/sync-apply.ts';
import { clearMirroredData } from '../../db/queries/sync-reset.ts';
import { completeSnapshot, readSyncState, recordSnapshotPage } from '../../db/queries/sync-state.ts';
import type { SnapshotPage } from '../../domain/hub-api/sync-api.ts';
import { HubClient, HubUnreachableError } from '../../electron/node/sync/hub-client.ts';
import { type MirrorDeps, pullChanges, takeSnapshot } from '../../electron/node/sync/mirror-hub.ts';
import { upsertCoupons } from '../../server/catalog/catalog-writes.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { distinctBookingNumbers } from './booking-numbers.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  createTestDatabase,
  type Fixture,
  type FixtureCoupon,
  fixtureMunicipality,
  fixtureNow,
  type TestDatabase,
} from './hub-support.ts';
import { type DeskCredentials, deskCredentials } from './sync-support.ts';

const pageSize = 300;

/** The engine's client with small pages, so that a few thousand rows make many of them. */
class SmallPageClient extends HubClient {
  pagesServed = 0;
  /** Pages served before the next request fails as if the hub had gone (null: never). */
  failAfter: number | null = null;

  override async snapshotPage(token: string, cursor: string | null): Promise<SnapshotPage> {
    if (this.failAfter !== null && this.pagesServed >= this.failAfter) {
      throw new HubUnreachableError('the test cut the hub off');
    }
    this.pagesServed += 1;
    return super.snapshotPage(token, cursor, pageSize);
  }
}

let hubDb: TestDatabase;
let hub: RunningHub;
let fx: Fixture;
let coupons: FixtureCoupon[];
let slots: string[];
let credentials: DeskCredentials;
let staffId: string;
const dirs: string[] = [];

/** A store of the latest schema, or of an earlier one (`version`). */
function freshStore(version?: number): { db: Database; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-bulk-'));
  dirs.push(dir);
  const path = join(dir, 'desk.sqlite');
  if (version === undefined) return { db: openDatabase(path), path };
  const db = new BetterSqlite3(path);
  migrate(db, { target: version });
  db.pragma('foreign_keys = ON');
  return { db, path };
}

async function session(client: HubClient): Promise<string> {
  const { token } = await client.login({
    deviceId: credentials.deviceId,
    deviceSecret: credentials.deviceSecret,
    login: credentials.staffLogin,
    password: credentials.password,
  });
  return token;
}

async function mirror(
  db: Database,
  client = new SmallPageClient({ baseUrl: hub.baseUrl }),
): Promise<MirrorDeps> {
  return { db, client, token: await session(client), now: () => new Date(), municipalityCode: null };
}

/**
 * The reference: a store of schema version 8 (the grid's triggers of migrations 003 and 007), every
 * page written through them row by row as before, then opened as the app opens it (migrated). The
 * rows a page could not read go to sync_set_aside_rows, which stores have from version 11 on: while
 * the pages are written, a temporary table of the latest store's shape stands in for it (it lives in
 * the connection, not in the file, so the upgrade creates the real one).
 */
async function rowByRowSnapshot(): Promise<Database> {
  const { db: fresh, path } = freshStore(8);
  const { db: latest, path: latestPath } = freshStore();
  closeDatabase(latest);
  fresh.prepare('ATTACH ? AS latest').run(latestPath);
  fresh.exec('CREATE TEMP TABLE sync_set_aside_rows AS SELECT * FROM latest.sync_set_aside_rows WHERE 0');
  fresh.exec('DETACH latest');
  const client = new HubClient({ baseUrl: hub.baseUrl });
  const token = await session(client);
  let cursor: string | null = null;
  do {
    const page: SnapshotPage = await client.snapshotPage(token, cursor, pageSize);
    const rows: ReceivedHubRow[] = page.rows.map((r) => ({
      entity: r.entity,
      id: r.id,
      op: 'upsert',
      payload: r.payload,
    }));
    fresh
      .transaction(() => {
        applyHubRows(fresh, rows, { pending: noPendingChanges, municipalityCode: null });
        if (page.next) recordSnapshotPage(fresh, page.snapshotSeq, page.next, 0);
        else completeSnapshot(fresh, page.snapshotSeq, new Date());
      })
      .immediate();
    cursor = page.next;
  } while (cursor);
  fresh.close();
  return openDatabase(path);
}

const gridOf = (db: Database) => db.prepare('SELECT * FROM booking_grid ORDER BY id').all();
const schemaOf = (db: Database) =>
  db
    .prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name",
    )
    .all();
const suspended = (db: Database) =>
  db.prepare('SELECT count(*) FROM snapshot_suspended_schema').pluck().get() as number;

/** Bookings written straight into the hub's table (the snapshot reads tables): staff and online, phones or not. */
async function seedHubBookings(count: number): Promise<void> {
  const nextBookingNumber = distinctBookingNumbers(7);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    number: nextBookingNumber(),
    couponId: coupons[i % coupons.length]!.id,
    slotId: slots[i % slots.length]!,
    dose: 1 + Math.floor(i / coupons.length),
    channel: i % 3 === 0 ? 'phone' : 'online',
    status: i % 7 === 0 ? 'cancelled' : 'confirmed',
    phone: i % 5 === 0 ? `(03) ${String(1000 + i)}-0000` : '',
    createdBy: i % 3 === 0 ? staffId : null,
  }));
  await hubDb.sql.query(
    `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                           contact_phone, created_by, created_at, updated_at)
     SELECT t.id::uuid, t.number, $10, t.coupon_id, t.slot_id, t.dose, t.channel, t.status, t.phone,
            t.created_by, $11::timestamptz + make_interval(secs => t.n), $11
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                   $9::text[]) WITH ORDINALITY AS t (id, number, coupon_id, slot_id, dose, channel, status, phone,
                                                     created_by, n)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.number),
      rows.map((r) => r.couponId),
      rows.map((r) => r.slotId),
      rows.map((r) => r.dose),
      rows.map((r) => r.channel),
      rows.map((r) => r.status),
      rows.map((r) => r.phone),
      rows.map((r) => r.createdBy),
      fixtureMunicipality.code,
      fixtureNow,
    ],
  );
}

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  fx = await createFixture(hubDb.sql);
  slots = [];
  for (const date of ['2030-06-20', '2030-06-21', '2030-06-22', '2030-06-23']) {
    slots.push(await fx.slot({ date, capacity: 2000 }));
  }
  coupons = await fx.coupons(900);
  credentials = await deskCredentials(hubDb.sql, { role: 'manager', displayName: '受付 花子' });
  const [staff] = await hubDb.sql.query<{ id: string }>('SELECT id FROM staff WHERE login = $1', [
    credentials.staffLogin,
  ]);
  staffId = staff!.id;
  await seedHubBookings(1500);
  hub = await startHub(hubDb.sql);
});

afterAll(async () => {
  await hub?.close();
  await hubDb?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a first snapshot builds the bookings grid at its end', () => {
  let reference: Database;
  let pagesInAll = 0;
  beforeAll(async () => {
    reference = await rowByRowSnapshot();
  });
  afterAll(() => closeDatabase(reference));

  it('ends with the grid, triggers and indexes the triggers give row by row', async () => {
    const { db } = freshStore();
    const deps = await mirror(db);
    const done = await takeSnapshot(deps, () => {});
    pagesInAll = (deps.client as SmallPageClient).pagesServed;
    expect(pagesInAll).toBeGreaterThan(8);
    expect(done.rows).toBeGreaterThan(2400);
    expect(readSyncState(db).ready).toBe(true);
    expect(suspended(db)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM booking_grid').pluck().get()).toBe(1500);
    expect(gridOf(db)).toEqual(gridOf(reference));
    expect(schemaOf(db)).toEqual(schemaOf(reference));
    // What the grid shows for a staff member's booking and a contact phone, built in bulk.
    expect(
      db.prepare("SELECT count(*) FROM booking_grid WHERE created_by_name = '受付 花子'").pluck().get(),
    ).toBe(500);
    expect(db.prepare("SELECT count(*) FROM booking_grid WHERE phone_key LIKE '03%'").pluck().get()).toBe(
      300,
    );
    closeDatabase(db);
  });

  it('a desk stopped between pages reopens its file, resumes the load in bulk and ends with the same grid', async () => {
    const { db, path } = freshStore();
    const client = new SmallPageClient({ baseUrl: hub.baseUrl });
    // Stopped after the first booking pages: coupons are in, bookings partly.
    client.failAfter = 7;
    await expect(takeSnapshot(await mirror(db, client), () => {})).rejects.toThrow(HubUnreachableError);
    const loaded = db.prepare('SELECT count(*) FROM bookings').pluck().get() as number;
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(1500);
    // Loading in bulk: the grid waits for the end, its triggers and indexes are put aside.
    expect(suspended(db)).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM booking_grid').pluck().get()).toBe(0);
    // As if the process had died: no checkpoint, no cleanup.
    db.close();

    const reopened = openDatabase(path);
    expect(readSyncState(reopened).snapshot?.rows).toBeGreaterThan(0);
    const resumed = new SmallPageClient({ baseUrl: hub.baseUrl });
    await takeSnapshot(await mirror(reopened, resumed), () => {});
    // Resumed after the last page it had written, not from the first page.
    expect(resumed.pagesServed).toBe(pagesInAll - 7);
    expect(suspended(reopened)).toBe(0);
    expect(gridOf(reopened)).toEqual(gridOf(reference));
    expect(schemaOf(reopened)).toEqual(schemaOf(reference));
    closeDatabase(reopened);
  });

  it('pulls after the snapshot keep the grid row by row: new bookings, a renamed resident', async () => {
    const { db } = freshStore();
    const deps = await mirror(db);
    await takeSnapshot(deps, () => {});
    const resident = await fx.coupon();
    const made = await hub.request<{ bookings: Array<{ id: string }> }>('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: resident.ticketNumber, birthDate: resident.birthDate, slotId: slots[3] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(made.status).toBe(201);
    const [renamed] = await hubDb.sql.query<Record<string, unknown>>('SELECT * FROM coupons WHERE id = $1', [
      coupons[2]!.id,
    ]);
    await runHubTransaction(hubDb.sql, fixtureNow, (tx) =>
      upsertCoupons(tx, [
        {
          id: coupons[2]!.id,
          municipalityCode: fixtureMunicipality.code,
          ticketNumber: String(renamed!.ticket_number),
          name: '改名 次郎',
          nameKana: 'カイメイ ジロウ',
          nameKanaKey: 'カイメイジロウ',
          birthDate: coupons[2]!.birthDate,
          sex: 'M',
          address: '',
          phone: '',
          phoneKey: '',
        },
      ]),
    );

    await pullChanges(deps);
    await pullChanges(await mirror(reference));
    const newRow = db
      .prepare('SELECT * FROM booking_grid WHERE booking_id = ?')
      .get(made.body.bookings![0]!.id);
    expect(newRow).toMatchObject({ coupon_id: resident.id, slot_id: slots[3], channel: 'online' });
    expect(
      db.prepare('SELECT DISTINCT name FROM booking_grid WHERE coupon_id = ?').pluck().all(coupons[2]!.id),
    ).toEqual(['改名 次郎']);
    expect(gridOf(db)).toEqual(gridOf(reference));
    closeDatabase(db);
  });
});

describe('a bulk load cut short never leaves the store without its grid', () => {
  const cutShort = async () => {
    const { db, path } = freshStore();
    const client = new SmallPageClient({ baseUrl: hub.baseUrl });
    client.failAfter = 7;
    await expect(takeSnapshot(await mirror(db, client), () => {})).rejects.toThrow(HubUnreachableError);
    expect(suspended(db)).toBeGreaterThan(0);
    return { db, path, complete: schemaOf(freshStore().db) };
  };

  it('clearing the mirrored data (another hub) puts the grid’s triggers and indexes back', async () => {
    const { db, complete } = await cutShort();
    clearMirroredData(db, { dropOutbox: false });
    expect(suspended(db)).toBe(0);
    expect(schemaOf(db)).toEqual(complete);
    closeDatabase(db);
  });

  it('an upgrade meanwhile ends the bulk load before its schema steps, which see every index', async () => {
    const { db, path, complete } = await cutShort();
    const loaded = db.prepare('SELECT count(*) FROM bookings').pluck().get();
    closeDatabase(db);
    const upgraded = new BetterSqlite3(path);
    const nextStep: Migration = {
      version: latestSchemaVersion + 1,
      name: 'a later step that rebuilds a grid index',
      up: (step) =>
        step.exec(
          'DROP INDEX booking_grid_by_date; CREATE INDEX booking_grid_by_date ON booking_grid (date)',
        ),
    };
    expect(migrate(upgraded, { migrations: [...migrations, nextStep] })).toEqual({
      from: latestSchemaVersion,
      to: latestSchemaVersion + 1,
    });
    expect(suspended(upgraded)).toBe(0);
    expect(upgraded.prepare('SELECT count(*) FROM booking_grid').pluck().get()).toBe(loaded);
    expect(schemaOf(upgraded).map((o) => (o as { name: string }).name)).toEqual(
      complete.map((o) => (o as { name: string }).name),
    );
    upgraded.close();
  });
});
