/**
 * The one factory for the local store: every caller (Electron main, browser mode, tests, benches)
 * opens the database here, so pragmas, migrations and the driver (see sqlite-driver.ts) are decided
 * in one place.
 */
import { latestSchemaVersion, migrate, readSchemaVersion } from './migrate.ts';
import { type Database, openConnection, sqliteErrorCode } from './sqlite-driver.ts';
import {
  DatabaseFromTheFutureError,
  DatabaseNotMigratedError,
  DatabaseUnreadableError,
} from './store-errors.ts';

export type { Database } from './sqlite-driver.ts';

export interface OpenDatabaseOptions {
  /** Open without writing: no WAL switch, no migrations; the file must exist and be up to date. */
  readonly?: boolean;
  /**
   * The store key (32 bytes, see electron/node/store-key.ts). With it the file is encrypted at rest (a
   * plaintext file is encrypted in place first); without it the file is plain SQLite.
   */
  key?: Buffer;
}

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const busyTimeoutMs = 5_000;

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  const readonly = options.readonly ?? false;
  const db = openConnection(path, {
    readonly,
    ...(options.key
      ? {
          key: options.key,
          // A file from a newer app is refused before it would be encrypted in place: it stays as it was.
          beforeEncrypting: (plain: Database) => {
            const version = readVersionOrExplain(plain);
            if (version > latestSchemaVersion)
              throw new DatabaseFromTheFutureError(version, latestSchemaVersion);
          },
        }
      : {}),
  });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const version = readVersionOrExplain(db);
    // Checked before any pragma that writes the file header (journal_mode), so a refused file stays untouched.
    if (version > latestSchemaVersion) throw new DatabaseFromTheFutureError(version, latestSchemaVersion);
    if (readonly) {
      if (version < latestSchemaVersion) throw new DatabaseNotMigratedError(version, latestSchemaVersion);
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Clean shutdown: fold the WAL back into the main file (and truncate it), then close. */
export function closeDatabase(db: Database): void {
  if (!db.open) return;
  if (!db.readonly && !db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Reads the schema version; a file that is not a database (or is damaged) fails here with a clear error. */
function readVersionOrExplain(db: Database): number {
  try {
    // Reading sqlite_master makes SQLite parse the header and the schema, not just open the file.
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    return readSchemaVersion(db);
  } catch (error) {
    const code = sqliteErrorCode(error);
    if (code && (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'))) {
      throw new DatabaseUnreadableError(code, { cause: error });
    }
    throw error;
  }
}
