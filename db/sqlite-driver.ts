/**
 * The one place that names the SQLite driver module: `better-sqlite3-multiple-ciphers`, better-sqlite3's
 * API on SQLite3 Multiple Ciphers. With a key the connection is keyed before any other statement, with
 * the cipher named explicitly: ChaCha20-Poly1305 (sqlite3mc's "chacha20", the sqleet scheme). It is
 * authenticated per page (a changed page is refused rather than read as garbage), fast and constant-time
 * in plain software on every PC, and the library's own default, so the best-tested path. The key is
 * 32 random bytes passed raw (x'…'), so no passphrase key derivation is run on each open.
 *
 * A plaintext store (every desk created before encryption) is encrypted in place here, before anything
 * else reads it: `PRAGMA rekey` only works outside WAL mode, so the WAL is folded in first.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { DatabaseKeyRejectedError } from './store-errors.ts';

export type Database = BetterSqlite3.Database;
export type Statement<Params extends unknown[] = unknown[], Row = unknown> = BetterSqlite3.Statement<
  Params,
  Row
>;

export interface ConnectionOptions {
  readonly: boolean;
  /** 32 random bytes; absent: a plaintext store (tests of old stores, benches of the plain driver). */
  key?: Buffer;
  /** Runs on a plaintext store before it is encrypted in place; throwing leaves the file unchanged. */
  beforeEncrypting?: (plain: Database) => void;
}

/** The cipher of the local store; see the note at the top. */
export const storeCipher = 'chacha20';
export const storeKeyBytes = 32;

export function openConnection(path: string, options: ConnectionOptions): Database {
  // The store holds residents' personal data: a new file is readable by its owner only. SQLite
  // gives the -wal and -shm files the main file's permissions, so this covers all three.
  if (!options.readonly && path !== ':memory:' && !existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  const key = options.key;
  if (!key) return plainConnection(path, options.readonly);
  if (key.length !== storeKeyBytes) throw new RangeError(`The store key must be ${storeKeyBytes} bytes.`);
  if (path !== ':memory:' && isPlaintextDatabaseFile(path)) {
    if (options.readonly) throw new DatabaseKeyRejectedError('not-encrypted');
    encryptInPlace(path, key, options.beforeEncrypting);
  }
  const db = plainConnection(path, options.readonly);
  try {
    applyKey(db, key);
    // A wrong key (or a damaged file) shows on the first read: nothing has been written yet.
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    } catch (error) {
      const code = sqliteErrorCode(error);
      if (code?.startsWith('SQLITE_NOTADB') || code?.startsWith('SQLITE_CORRUPT')) {
        throw new DatabaseKeyRejectedError('wrong-key', { cause: error });
      }
      throw error;
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** SQLite's own error (SQLITE_NOTADB, SQLITE_CONSTRAINT_FOREIGNKEY, ...) as thrown by the driver. */
export function sqliteErrorCode(error: unknown): string | null {
  return error instanceof BetterSqlite3.SqliteError ? error.code : null;
}

/** True when the file starts with SQLite's plaintext header (an encrypted file starts with its salt). */
export function isPlaintextDatabaseFile(path: string): boolean {
  if (!existsSync(path) || statSync(path).size < 16) return false;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.equals(Buffer.from('SQLite format 3\0', 'latin1'));
}

function plainConnection(path: string, readonly: boolean): Database {
  // A read-only open must not create an empty file where the database was expected.
  return new BetterSqlite3(path, { readonly, fileMustExist: readonly });
}

function applyKey(db: Database, key: Buffer): void {
  db.pragma(`cipher='${storeCipher}'`);
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/** Folds the WAL into the file, leaves WAL mode (rekey needs it) and encrypts every page with the key. */
function encryptInPlace(path: string, key: Buffer, check: ((plain: Database) => void) | undefined): void {
  const db = plainConnection(path, false);
  try {
    check?.(db);
    db.pragma('journal_mode = DELETE');
    db.pragma(`cipher='${storeCipher}'`);
    db.pragma(`rekey="x'${key.toString('hex')}'"`);
  } finally {
    db.close();
  }
  if (isPlaintextDatabaseFile(path))
    throw new Error('Encrypting the local store in place did not take effect.');
}
