import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, readSchemaVersion } from '../../db/migrate.ts';
import type { Migration } from '../../db/migrations/migration.ts';
import { closeDatabase, openDatabase } from '../../db/open-database.ts';
import { readBookingHistory } from '../../db/queries/booking-history.ts';
import type { Database } from '../../db/sqlite-driver.ts';
import {
  DatabaseFromTheFutureError,
  DatabaseNotMigratedError,
  DatabaseUnreadableError,
  MigrationForeignKeyError,
} from '../../db/store-errors.ts';

let dir: string;
let fileCount = 0;
const newPath = () => join(dir, `store-${++fileCount}.sqlite`);
const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const tableNames = (db: Database) =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-migrations-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Sample rows per schema version: `insert` runs on a database at exactly that version, `check` runs
 * after migrating to the latest and must find the rows unchanged. When a migration changes a table,
 * add the rows for its version here; the loop below then covers every path to the latest schema.
 */
const sampleRowsFromVersion: Record<
  number,
  {
    /** The first version whose code no longer writes such rows (their check needs a migration up to it). */
    writtenBefore?: number;
    insert(db: Database): void;
    check(db: Database): void;
  }
> = {
  1: {
    insert(db) {
      db.exec(`
        INSERT INTO meta (key, value) VALUES ('municipality.code', '112992');
        INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days,
          interval_max_days, min_age_years) VALUES ('p1', 'Vaccine', 'Maker', 2, 21, 42, 12);
        INSERT INTO venues (id, municipality_code, name, kind, address, updated_at)
          VALUES ('v1', '112992', 'Hall', 'mass_site', 'Address', '2021-05-01T00:00:00Z');
        INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity,
          call_center_reserve, updated_at)
          VALUES ('s1', 'v1', 'p1', '2021-05-10', '09:00', '09:30', 40, 10, '2021-05-01T00:00:00Z');
        INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key,
          birth_date, sex, updated_at)
          VALUES ('c1', '112992', '0000012345', 'Name', 'カナ', 'カナ', '1940-01-01', 'F', '2021-05-01T00:00:00Z');
        INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
          created_at, updated_at)
          VALUES ('b1', 'K7XH3PRW', 'c1', 's1', 1, 'phone', 'provisional', '2021-05-01T00:00:00Z',
                  '2021-05-01T00:00:00Z');
        INSERT INTO outbox (mutation_id, kind, payload, created_at)
          VALUES ('b1', 'booking.create', '{}', '2021-05-01T00:00:00Z');
      `);
    },
    check(db) {
      expect(db.prepare("SELECT ticket_number FROM coupons WHERE id = 'c1'").pluck().get()).toBe(
        '0000012345',
      );
      expect(db.prepare("SELECT status FROM bookings WHERE id = 'b1'").pluck().get()).toBe('provisional');
      expect(db.prepare("SELECT kind FROM outbox WHERE mutation_id = 'b1'").pluck().get()).toBe(
        'booking.create',
      );
      expect(db.prepare("SELECT value FROM meta WHERE key = 'municipality.code'").pluck().get()).toBe(
        '112992',
      );
    },
  },
  // Before 010: audit entries written without a chain (010 chains them; from then on an insert must
  // continue the chain, so a raw one is refused).
  2: {
    writtenBefore: 10,
    insert(db) {
      db.exec(
        "INSERT INTO audit_events (at, action, entity) VALUES ('2021-05-01T00:00:00Z', 'x', 'booking');",
      );
    },
    check(db) {
      expect(db.prepare("SELECT count(*) FROM audit_events WHERE action = 'x'").pluck().get()).toBe(1);
    },
  },
  // Before 007: a named operator's phone booking, moved and then cancelled for illness (the move known
  // only from the audit log, the cancellation from booking_cancellations).
  6: {
    writtenBefore: 7,
    insert(db) {
      db.exec(`
        INSERT INTO staff (id, login, display_name, role) VALUES ('st1', 'operator1', 'コールセンター 1番席', 'operator');
        INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, updated_at)
          VALUES ('s6', 'v1', 'p1', '2021-05-12', '14:00', '14:30', 40, '2021-05-01T00:00:00Z');
        INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_by,
          created_at, updated_at)
          VALUES ('b6', 'AF3TWXYP', 'c1', 's6', 2, 'phone', 'cancelled', 'st1', '2021-05-02T00:00:00Z',
                  '2021-05-04T00:00:00Z');
        INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail)
          VALUES ('2021-05-03T00:00:00Z', 'st1', 'booking.move', 'booking', '["b6"]',
                  '{"mutationId":"m6","fromSlotId":"s1","toSlotId":"s6"}');
        INSERT INTO booking_cancellations (booking_id, reason, cancelled_by, cancelled_at)
          VALUES ('b6', 'illness', 'st1', '2021-05-04T00:00:00Z');
      `);
    },
    check(db) {
      expect(db.prepare("SELECT login, role, display_name FROM staff WHERE id = 'st1'").get()).toEqual({
        login: 'operator1',
        role: 'operator',
        display_name: 'コールセンター 1番席',
      });
      expect(
        db.prepare("SELECT created_by_name FROM booking_grid WHERE booking_id = 'b6'").pluck().get(),
      ).toBe('コールセンター 1番席');
      expect(
        db
          .prepare(
            `SELECT at, staff_id, action, from_slot_id, to_slot_id, reason, mutation_id FROM booking_history
              WHERE booking_id = 'b6' ORDER BY at`,
          )
          .all(),
      ).toEqual([
        {
          at: '2021-05-03T00:00:00Z',
          staff_id: 'st1',
          action: 'moved',
          from_slot_id: 's1',
          to_slot_id: 's6',
          reason: null,
          mutation_id: 'm6',
        },
        {
          at: '2021-05-04T00:00:00Z',
          staff_id: 'st1',
          action: 'cancelled',
          from_slot_id: null,
          to_slot_id: null,
          reason: 'illness',
          mutation_id: null,
        },
      ]);
      // A name from the hub's staff directory needs no login or role.
      db.prepare("INSERT INTO staff (id, display_name, source) VALUES ('hub-1', '受付 花子', 'hub')").run();
      db.prepare("DELETE FROM staff WHERE id = 'hub-1'").run();
    },
  },
  // Before 009: a booking with its own contact number made by a named member of staff, in the grid the
  // triggers of 003 and 007 wrote; from 009 the triggers write the grid's row from booking_grid_source.
  8: {
    insert(db) {
      db.exec(`
        INSERT INTO staff (id, display_name, source) VALUES ('st8', '受付 八郎', 'hub');
        INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
          contact_phone, created_by, created_at, updated_at)
          VALUES ('b8', 'M8QRTWXY', 'c1', 's1', 2, 'phone', 'confirmed', '(03) 1234-5678', 'st8',
                  '2021-05-05T00:00:00Z', '2021-05-05T00:00:00Z');
      `);
    },
    check(db) {
      const gridRow = (id: string) =>
        db
          .prepare('SELECT created_by_name, phone_key, booking_number FROM booking_grid WHERE booking_id = ?')
          .get(id);
      expect(gridRow('b8')).toEqual({
        created_by_name: '受付 八郎',
        phone_key: '0312345678',
        booking_number: 'M8QRTWXY',
      });
      // The view gives every booking's row as the grid holds it.
      const columns = (db.pragma('table_info(booking_grid_source)') as Array<{ name: string }>)
        .map((c) => c.name)
        .join(', ');
      expect(db.prepare(`SELECT ${columns} FROM booking_grid_source ORDER BY booking_id`).all()).toEqual(
        db.prepare(`SELECT ${columns} FROM booking_grid ORDER BY booking_id`).all(),
      );
      expect(db.prepare('SELECT count(*) FROM snapshot_suspended_schema').pluck().get()).toBe(0);
      // The rewritten triggers keep the grid: a changed contact number, a new booking by the same person.
      db.prepare("UPDATE bookings SET contact_phone = '+81 90-0000-1111' WHERE id = 'b8'").run();
      db.exec(`
        INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
          created_by, created_at, updated_at)
          VALUES ('b8b', 'N9RSTWXY', 'c1', 's1', 3, 'phone', 'confirmed', 'st8', '2021-05-06T00:00:00Z',
                  '2021-05-06T00:00:00Z');
      `);
      expect(gridRow('b8')).toMatchObject({ created_by_name: '受付 八郎', phone_key: '09000001111' });
      expect(gridRow('b8b')).toEqual({
        created_by_name: '受付 八郎',
        phone_key: '',
        booking_number: 'N9RSTWXY',
      });
      db.exec("DELETE FROM bookings WHERE id = 'b8b'");
    },
  },
  // Before 011: the hub's refusals packed into one text ('NOT_ELIGIBLE:<reasons>',
  // 'BOOKING_NUMBER_CHANGED:<old number>') on bookings, callback tasks and history lines.
  9: {
    writtenBefore: 11,
    insert(db) {
      db.exec(`
        INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, reject_reason,
          created_at, updated_at)
          VALUES ('b9a', 'HX4K7MWP', 'c1', 's1', 1, 'phone', 'rejected', 'NOT_ELIGIBLE:TOO_YOUNG,INTERVAL_TOO_SHORT',
                  '2021-05-01T00:00:00Z', '2021-05-02T00:00:00Z'),
                 ('b9b', 'HX4K7MWQ', 'c1', 's1', 2, 'phone', 'confirmed', NULL,
                  '2021-05-01T00:00:00Z', '2021-05-02T00:00:00Z'),
                 ('b9c', 'HX4K7MWR', 'c1', 's1', 3, 'walk_in', 'checked_in', 'SLOT_FULL',
                  '2021-05-01T00:00:00Z', '2021-05-02T00:00:00Z');
        INSERT INTO booking_callbacks (booking_id, kind, reason, mutation_id, created_at)
          VALUES ('b9b', 'move_refused', 'NOT_ELIGIBLE:INTERVAL_TOO_SHORT', 'm9-move', '2021-05-03T00:00:00Z'),
                 ('b9b', 'number_changed', 'BOOKING_NUMBER_CHANGED:K7XH3PRW', 'm9-book', '2021-05-03T00:00:00Z');
        INSERT INTO booking_history (booking_id, at, action, from_status, to_status, reason)
          VALUES ('b9a', '2021-05-02T00:00:00Z', 'hub_refused_booking', 'provisional', 'rejected',
                  'NOT_ELIGIBLE:TOO_YOUNG,INTERVAL_TOO_SHORT'),
                 ('b9b', '2021-05-03T00:00:00Z', 'hub_refused_move', 'provisional', 'confirmed', 'SLOT_FULL'),
                 ('b9b', '2021-05-04T00:00:00Z', 'cancelled', 'confirmed', 'cancelled', 'illness');
      `);
    },
    check(db) {
      expect(
        db
          .prepare("SELECT id, reject_code, reject_reasons FROM bookings WHERE id LIKE 'b9%' ORDER BY id")
          .all(),
      ).toEqual([
        { id: 'b9a', reject_code: 'NOT_ELIGIBLE', reject_reasons: '["TOO_YOUNG","INTERVAL_TOO_SHORT"]' },
        { id: 'b9b', reject_code: null, reject_reasons: '[]' },
        { id: 'b9c', reject_code: 'SLOT_FULL', reject_reasons: '[]' },
      ]);
      expect(
        db
          .prepare(
            `SELECT kind, reject_code, reject_reasons, previous_booking_number FROM booking_callbacks
              WHERE booking_id = 'b9b' ORDER BY id`,
          )
          .all(),
      ).toEqual([
        {
          kind: 'move_refused',
          reject_code: 'NOT_ELIGIBLE',
          reject_reasons: '["INTERVAL_TOO_SHORT"]',
          previous_booking_number: null,
        },
        {
          kind: 'number_changed',
          reject_code: null,
          reject_reasons: '[]',
          previous_booking_number: 'K7XH3PRW',
        },
      ]);
      expect(
        db
          .prepare(
            `SELECT action, reason, reject_code, reject_reasons FROM booking_history
              WHERE booking_id IN ('b9a', 'b9b') ORDER BY at`,
          )
          .all(),
      ).toEqual([
        {
          action: 'hub_refused_booking',
          reason: null,
          reject_code: 'NOT_ELIGIBLE',
          reject_reasons: '["TOO_YOUNG","INTERVAL_TOO_SHORT"]',
        },
        { action: 'hub_refused_move', reason: null, reject_code: 'SLOT_FULL', reject_reasons: '[]' },
        { action: 'cancelled', reason: 'illness', reject_code: null, reject_reasons: '[]' },
      ]);
      // The packed columns are gone.
      const columns = (table: string) =>
        (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).sort();
      expect(columns('bookings')).not.toContain('reject_reason');
      expect(columns('booking_callbacks')).not.toContain('reason');
      // The desk reads them back as the hub said them.
      expect(readBookingHistory(db, 'b9a').map((line) => line.rejection)).toEqual([
        { code: 'NOT_ELIGIBLE', reasons: ['TOO_YOUNG', 'INTERVAL_TOO_SHORT'] },
      ]);
    },
  },
};

describe('migrations of the local store', () => {
  it('migrates an empty file to the latest version with every table', () => {
    const path = newPath();
    const db = openDatabase(path);
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(1);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'bookings',
        'coupon_doses',
        'coupons',
        'meta',
        'outbox',
        'slots',
        'staff',
        'sync_state',
        'vaccine_products',
        'venues',
      ]),
    );
    expect(db.prepare('SELECT cursor FROM sync_state WHERE id = 1').pluck().get()).toBe(0);
    closeDatabase(db);
    // Opening again is a no-op.
    const again = openDatabase(path);
    expect(readSchemaVersion(again)).toBe(latestSchemaVersion);
    closeDatabase(again);
  });

  for (let version = 0; version < latestSchemaVersion; version++) {
    it(`migrates a version ${version} database to the latest, keeping its rows`, () => {
      const path = newPath();
      const raw = new BetterSqlite3(path);
      migrate(raw, { target: version });
      expect(readSchemaVersion(raw)).toBe(version);
      const applicable = Object.entries(sampleRowsFromVersion)
        .map(([v, rows]) => [Number(v), rows] as const)
        .filter(([v, rows]) => v <= version && version < (rows.writtenBefore ?? Number.POSITIVE_INFINITY));
      for (const [, rows] of applicable) rows.insert(raw);
      raw.close();

      const db = openDatabase(path);
      expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
      for (const [, rows] of applicable) rows.check(db);
      closeDatabase(db);
    });
  }

  it('refuses a database from a newer app version with both versions named, leaving the file untouched', () => {
    const path = newPath();
    const raw = new BetterSqlite3(path);
    raw.exec('CREATE TABLE future_thing (x INTEGER)');
    raw.pragma(`user_version = ${latestSchemaVersion + 3}`);
    raw.close();
    const before = fileHash(path);

    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseFromTheFutureError);
    const future = error as DatabaseFromTheFutureError;
    expect(future.fileVersion).toBe(latestSchemaVersion + 3);
    expect(future.codeVersion).toBe(latestSchemaVersion);
    expect(future.message).toContain(String(latestSchemaVersion + 3));
    expect(future.message).toContain(String(latestSchemaVersion));
    expect(future.message).toMatch(/newer version of the app/);
    expect(fileHash(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(() => openDatabase(path, { readonly: true })).toThrow(DatabaseFromTheFutureError);
  });

  it('refuses a file that is not a database, leaving it untouched', () => {
    for (const content of [Buffer.from('name,phone\n山田,090-0000-0000\n'.repeat(200)), randomBytes(8192)]) {
      const path = newPath();
      writeFileSync(path, content);
      let error: unknown;
      try {
        openDatabase(path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseUnreadableError);
      expect((error as DatabaseUnreadableError).sqliteCode).toBe('SQLITE_NOTADB');
      expect((error as Error).message).not.toContain('山田');
      expect(readFileSync(path).equals(content)).toBe(true);
    }
  });

  it('refuses a database whose header is valid but whose schema page is damaged', () => {
    const path = newPath();
    closeDatabase(openDatabase(path));
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, 100, pageSize); // page 1 after the 100-byte header: sqlite_master's b-tree
    writeFileSync(path, bytes);
    expect(() => openDatabase(path)).toThrow(DatabaseUnreadableError);
  });

  it('opens read-only without migrating, and refuses an outdated or missing file there', () => {
    const current = newPath();
    closeDatabase(openDatabase(current));
    const ro = openDatabase(current, { readonly: true });
    expect(ro.readonly).toBe(true);
    expect(readSchemaVersion(ro)).toBe(latestSchemaVersion);
    closeDatabase(ro);

    const outdated = newPath();
    new BetterSqlite3(outdated).close();
    expect(() => openDatabase(outdated, { readonly: true })).toThrow(DatabaseNotMigratedError);

    const missing = join(dir, 'missing.sqlite');
    expect(() => openDatabase(missing, { readonly: true })).toThrow();
    expect(existsSync(missing)).toBe(false);
  });
});

describe('the migration runner', () => {
  const steps: Migration[] = [
    {
      version: 1,
      name: 'people',
      up: (db) => db.exec('CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT)'),
    },
    {
      version: 2,
      name: 'pets',
      up: (db) =>
        db.exec('CREATE TABLE pets (id TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES people (id))'),
    },
    {
      // A table rebuild (the SQLite way to change a column), which needs foreign keys off meanwhile.
      version: 3,
      name: 'people-with-kana',
      up: (db) =>
        db.exec(`
          CREATE TABLE people_new (id TEXT PRIMARY KEY, name TEXT, kana TEXT NOT NULL DEFAULT '');
          INSERT INTO people_new (id, name) SELECT id, name FROM people;
          DROP TABLE people;
          ALTER TABLE people_new RENAME TO people;
        `),
    },
  ];

  const fresh = () => {
    const db = new BetterSqlite3(newPath());
    db.pragma('foreign_keys = ON');
    return db;
  };

  it('runs from every earlier version to the latest and keeps the data', () => {
    for (let start = 0; start < steps.length; start++) {
      const db = fresh();
      migrate(db, { migrations: steps, target: start });
      if (start >= 1) db.exec("INSERT INTO people (id, name) VALUES ('a', 'A')");
      if (start >= 2) db.exec("INSERT INTO pets (id, owner) VALUES ('p', 'a')");
      expect(migrate(db, { migrations: steps })).toEqual({ from: start, to: 3 });
      expect(readSchemaVersion(db)).toBe(3);
      if (start >= 1)
        expect(db.prepare('SELECT name, kana FROM people').get()).toEqual({ name: 'A', kana: '' });
      if (start >= 2) expect(db.prepare('SELECT owner FROM pets').pluck().get()).toBe('a');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.close();
    }
  });

  it('runs all pending migrations in one transaction: a failing step leaves the file as it was', () => {
    const db = fresh();
    migrate(db, { migrations: steps, target: 1 });
    const broken: Migration[] = [
      ...steps.slice(0, 2),
      { version: 3, name: 'broken', up: (d) => d.exec('CREATE TABLE x (a); SELECT no_such_function()') },
    ];
    expect(() => migrate(db, { migrations: broken })).toThrow(/no_such_function/);
    expect(readSchemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['people']);
    db.close();
  });

  it('rolls back a migration that leaves a broken foreign key', () => {
    const db = fresh();
    migrate(db, { migrations: steps, target: 2 });
    db.exec("INSERT INTO people (id) VALUES ('a'); INSERT INTO pets (id, owner) VALUES ('p', 'a')");
    const dropsOwners: Migration = {
      version: 3,
      name: 'drops-owners',
      up: (d) => d.exec('DELETE FROM people'),
    };
    expect(() => migrate(db, { migrations: [...steps.slice(0, 2), dropsOwners] })).toThrow(
      MigrationForeignKeyError,
    );
    expect(readSchemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(1);
    db.close();
  });

  it('rejects a migration list with a gap in its versions', () => {
    const db = fresh();
    const [first, , third] = steps;
    expect(() => migrate(db, { migrations: [first!, third!] })).toThrow(/expected 2/);
    expect(readSchemaVersion(db)).toBe(0);
    db.close();
  });
});
