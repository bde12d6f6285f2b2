import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCity } from '../../db/demo-load.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import {
  DatabaseFromTheFutureError,
  DatabaseKeyRejectedError,
  StoreKeyUnavailableError,
} from '../../db/store-errors.ts';
import { generateDemoCity } from '../../domain/demo-city/generate-demo-city.ts';
import { databaseFileName } from '../../electron/node/data-dir.ts';
import { openDeskService } from '../../electron/node/desk-service.ts';
import { describeStartupProblem } from '../../electron/node/startup-problem.ts';
import { readStoreKey, storeKeyPath } from '../../electron/node/store-key.ts';
import { localDbSecretBox, osSecretBox } from '../../electron/node/sync/secret-box.ts';

// The local store holds residents' personal data: at rest it must be unreadable without the key.
let root: string;
let dirCount = 0;
const city = generateDemoCity({ today: '2026-01-05', couponCount: 300 });
const resident = city.coupons[0]!;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'store-encryption-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const newDataDir = () => {
  const dir = join(root, `desk-${++dirCount}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
};
const bytesOf = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
/** True when the resident's name or ticket number can be read from the file's raw bytes. */
const showsResident = (path: string) =>
  bytesOf(path).includes(Buffer.from(resident.name, 'utf8')) ||
  bytesOf(path).includes(Buffer.from(resident.ticketNumber, 'utf8'));
const digest = (path: string) => createHash('sha256').update(bytesOf(path)).digest('hex');
const couponCount = (db: Database) => db.prepare('SELECT count(*) FROM coupons').pluck().get();
const residentRow = (db: Database) =>
  db.prepare('SELECT name, ticket_number AS ticketNumber FROM coupons WHERE id = ?').get(resident.id);

/** A (fake) OS keychain: seals by reversing and tagging, so a sealed key differs from the plain one. */
const fakeKeychain = osSecretBox({
  encrypt: (plain) => Buffer.from(`sealed:${[...plain].reverse().join('')}`),
  decrypt: (sealed) => {
    const text = sealed.toString();
    if (!text.startsWith('sealed:')) throw new Error('not sealed by this keychain');
    return [...text.slice('sealed:'.length)].reverse().join('');
  },
});

async function startDesk(dataDir: string, secretBox = localDbSecretBox) {
  return openDeskService({ dataDir, empty: true, appVersion: '0', transport: 'browser', secretBox });
}

describe('the local store at rest', () => {
  it('creates an owner-only key file on first start and keeps residents unreadable in the file and WAL', async () => {
    const dataDir = newDataDir();
    const desk = await startDesk(dataDir);
    loadDemoCity(desk.db, city);
    const path = desk.databasePath;
    // Still open: the rows sit in the WAL.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expect(showsResident(`${path}-wal`)).toBe(false);
    expect(showsResident(path)).toBe(false);
    desk.close(); // checkpoints the WAL into the main file
    expect(showsResident(path)).toBe(false);
    expect(showsResident(`${path}-wal`)).toBe(false);
    expect(bytesOf(path).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    const keyPath = storeKeyPath(dataDir);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);

    const again = await startDesk(dataDir);
    expect(couponCount(again.db)).toBe(city.coupons.length);
    expect(residentRow(again.db)).toEqual({ name: resident.name, ticketNumber: resident.ticketNumber });
    again.close();
  });

  it('refuses a wrong key with DatabaseKeyRejectedError and leaves the file as it was', async () => {
    const dataDir = newDataDir();
    const desk = await startDesk(dataDir);
    loadDemoCity(desk.db, city);
    desk.close();
    const path = join(dataDir, databaseFileName);
    const before = digest(path);

    expect(() => openDatabase(path, { key: randomBytes(32) })).toThrow(DatabaseKeyRejectedError);
    expect(() => openDatabase(path, { readonly: true, key: randomBytes(32) })).toThrow(
      DatabaseKeyRejectedError,
    );
    expect(digest(path)).toBe(before);
    // And the right key still opens it.
    const db = openDatabase(path, { key: readStoreKey(storeKeyPath(dataDir), localDbSecretBox) });
    expect(couponCount(db)).toBe(city.coupons.length);
    closeDatabase(db);
  });

  it('encrypts a plaintext store from before in place on first start, rows intact', async () => {
    const dataDir = newDataDir();
    const path = join(dataDir, databaseFileName);
    const plain = openDatabase(path);
    loadDemoCity(plain, city);
    closeDatabase(plain);
    expect(showsResident(path)).toBe(true); // the check can see plaintext
    expect(existsSync(storeKeyPath(dataDir))).toBe(false);

    const desk = await startDesk(dataDir);
    expect(desk.demoLoaded).toBe(false);
    expect(couponCount(desk.db)).toBe(city.coupons.length);
    expect(residentRow(desk.db)).toEqual({ name: resident.name, ticketNumber: resident.ticketNumber });
    expect(desk.db.pragma('journal_mode', { simple: true })).toBe('wal');
    desk.close();
    expect(showsResident(path)).toBe(false);
    expect(statSync(storeKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(() => openDatabase(path)).toThrow(); // no longer readable without the key
  });

  it('refuses to start when the key file of an encrypted store is missing, creating nothing', async () => {
    const dataDir = newDataDir();
    (await startDesk(dataDir)).close();
    const path = join(dataDir, databaseFileName);
    const before = digest(path);
    rmSync(storeKeyPath(dataDir));

    const refused = await startDesk(dataDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreKeyUnavailableError);
    expect((refused as StoreKeyUnavailableError).reason).toBe('missing');
    expect(existsSync(storeKeyPath(dataDir))).toBe(false);
    expect(digest(path)).toBe(before);
    const problem = describeStartupProblem(refused);
    expect(problem.ja).toContain('鍵ファイルがありません');
    expect(problem.en).toContain('key file is missing');
  });

  it('seals the key with the OS keychain, and browser mode refuses such a key file', async () => {
    const dataDir = newDataDir();
    const desk = await startDesk(dataDir, fakeKeychain);
    loadDemoCity(desk.db, city);
    desk.close();
    const keyFile = readFileSync(storeKeyPath(dataDir), 'utf8');
    const key = readStoreKey(storeKeyPath(dataDir), fakeKeychain).toString('hex');
    expect(keyFile).not.toContain(key);
    expect(JSON.parse(keyFile).storage).toBe('os');

    const refused = await startDesk(dataDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreKeyUnavailableError);
    expect((refused as StoreKeyUnavailableError).reason).toBe('sealed-by-os');
    expect(describeStartupProblem(refused).en).toContain('browser mode cannot use');

    const reopened = await startDesk(dataDir, fakeKeychain);
    expect(couponCount(reopened.db)).toBe(city.coupons.length);
    reopened.close();
  });

  it('seals a key kept as it is (browser mode) at the first start with the OS keychain', async () => {
    const dataDir = newDataDir();
    const browser = await startDesk(dataDir);
    loadDemoCity(browser.db, city);
    browser.close();
    const plainKey = readStoreKey(storeKeyPath(dataDir), localDbSecretBox).toString('hex');
    expect(JSON.parse(readFileSync(storeKeyPath(dataDir), 'utf8'))).toMatchObject({
      storage: 'local-db',
      sealed: plainKey,
    });

    const app = await startDesk(dataDir, fakeKeychain);
    expect(couponCount(app.db)).toBe(city.coupons.length);
    app.close();
    const keyFile = readFileSync(storeKeyPath(dataDir), 'utf8');
    expect(JSON.parse(keyFile).storage).toBe('os');
    expect(keyFile).not.toContain(plainKey);
    expect(statSync(storeKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readStoreKey(storeKeyPath(dataDir), fakeKeychain).toString('hex')).toBe(plainKey);
    const reopened = await startDesk(dataDir, fakeKeychain);
    expect(couponCount(reopened.db)).toBe(city.coupons.length);
    reopened.close();
  });

  it('leaves the key as it is when that start refuses the store (a store from a newer version)', async () => {
    const dataDir = newDataDir();
    (await startDesk(dataDir)).close();
    const path = join(dataDir, databaseFileName);
    const db = openDatabase(path, { key: readStoreKey(storeKeyPath(dataDir), localDbSecretBox) });
    db.pragma('user_version = 999');
    closeDatabase(db);
    const keyFile = readFileSync(storeKeyPath(dataDir), 'utf8');

    const refused = await startDesk(dataDir, fakeKeychain).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatabaseFromTheFutureError);
    expect(readFileSync(storeKeyPath(dataDir), 'utf8')).toBe(keyFile);
  });

  it('refuses a damaged key file rather than making a new key', async () => {
    const dataDir = newDataDir();
    (await startDesk(dataDir)).close();
    writeFileSync(storeKeyPath(dataDir), 'not a key file');
    const refused = await startDesk(dataDir).catch((error: unknown) => error);
    expect((refused as StoreKeyUnavailableError).reason).toBe('damaged');
    expect(readFileSync(storeKeyPath(dataDir), 'utf8')).toBe('not a key file');
  });

  it('explains a wrong key in both languages', () => {
    const problem = describeStartupProblem(new DatabaseKeyRejectedError('wrong-key'));
    expect(problem.ja).toContain('復号できません');
    expect(problem.en).toContain('cannot be decrypted');
  });
});
