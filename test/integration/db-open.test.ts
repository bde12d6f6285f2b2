import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyTimeoutMs, closeDatabase, openDatabase } from '../../db/open-database.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-open-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys on, a busy timeout and synchronous NORMAL', () => {
    const db = openDatabase(join(dir, 'pragmas.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(busyTimeoutMs);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    closeDatabase(db);
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(join(dir, 'foreign-keys.sqlite'));
    expect(() =>
      db
        .prepare(
          `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, updated_at)
           VALUES ('s1', 'no-such-venue', 'no-such-product', '2021-05-10', '09:00', '09:30', 10, 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    closeDatabase(db);
  });

  it('keeps WAL mode in the file, so a second connection sees it too', () => {
    const path = join(dir, 'persisted-wal.sqlite');
    closeDatabase(openDatabase(path));
    const plain = new BetterSqlite3(path, { readonly: true });
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    plain.close();
  });

  it('closeDatabase checkpoints the WAL into the main file and truncates it, then closes', () => {
    const path = join(dir, 'shutdown.sqlite');
    const db = openDatabase(path);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run(`key-${i}`, 'x'.repeat(100));
    })();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    closeDatabase(db);
    expect(db.open).toBe(false);
    expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);

    // The rows are in the main file: a read-only open without the WAL sees them.
    const reader = new BetterSqlite3(path, { readonly: true });
    expect(reader.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(2_000);
    reader.close();
    closeDatabase(db); // closing twice is harmless
  });

  it('lets a read-only connection read while a writer holds its transaction (WAL)', () => {
    const path = join(dir, 'concurrent.sqlite');
    const writer = openDatabase(path);
    writer.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run();
    const reader = openDatabase(path, { readonly: true });
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare("INSERT INTO meta (key, value) VALUES ('b', '2')").run();
    expect(reader.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(1);
    writer.exec('COMMIT');
    expect(reader.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(2);
    closeDatabase(reader);
    closeDatabase(writer);
  });
});
