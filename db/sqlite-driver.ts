/**
 * The one place that names the SQLite driver module. Today it is the plain `better-sqlite3`; the
 * encrypting build `better-sqlite3-multiple-ciphers` has the same API, so switching means changing the
 * import below and applying the key in `openConnection` (it must be the first statement on the
 * connection). Until then a key is refused rather than silently writing an unencrypted file.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { EncryptionUnavailableError } from './store-errors.ts';

export type Database = BetterSqlite3.Database;
export type Statement<Params extends unknown[] = unknown[], Row = unknown> = BetterSqlite3.Statement<
  Params,
  Row
>;

export interface ConnectionOptions {
  readonly: boolean;
  key?: Buffer;
}

export function openConnection(path: string, options: ConnectionOptions): Database {
  if (options.key) throw new EncryptionUnavailableError();
  // The store holds residents' personal data: a new file is readable by its owner only. SQLite
  // gives the -wal and -shm files the main file's permissions, so this covers all three.
  if (!options.readonly && path !== ':memory:' && !existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  // A read-only open must not create an empty file where the database was expected.
  return new BetterSqlite3(path, { readonly: options.readonly, fileMustExist: options.readonly });
}

/** SQLite's own error (SQLITE_NOTADB, SQLITE_CONSTRAINT_FOREIGNKEY, ...) as thrown by the driver. */
export function sqliteErrorCode(error: unknown): string | null {
  return error instanceof BetterSqlite3.SqliteError ? error.code : null;
}
