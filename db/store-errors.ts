/**
 * Errors from opening the local store. Their messages are for the engineer reading a log: they name
 * versions and causes, never the file's contents (personal data) or its path (it holds the user name).
 */

/** The file was written by a newer version of the app: this code must not guess at its schema. */
export class DatabaseFromTheFutureError extends Error {
  readonly fileVersion: number;
  readonly codeVersion: number;

  constructor(fileVersion: number, codeVersion: number) {
    super(
      `Local database has schema version ${fileVersion}, but this app only knows versions up to ${codeVersion}. ` +
        'It was written by a newer version of the app; install that version (or newer) to open it. ' +
        'The file was left unchanged.',
    );
    this.name = 'DatabaseFromTheFutureError';
    this.fileVersion = fileVersion;
    this.codeVersion = codeVersion;
  }
}

/** A read-only open found an older schema; migrations only run on a writable open. */
export class DatabaseNotMigratedError extends Error {
  readonly fileVersion: number;
  readonly codeVersion: number;

  constructor(fileVersion: number, codeVersion: number) {
    super(
      `Local database has schema version ${fileVersion}, this app expects ${codeVersion}; ` +
        'open it once writable so that the migrations run.',
    );
    this.name = 'DatabaseNotMigratedError';
    this.fileVersion = fileVersion;
    this.codeVersion = codeVersion;
  }
}

/** The file is not an SQLite database (or is damaged beyond opening). */
export class DatabaseUnreadableError extends Error {
  /** SQLite's error code, e.g. SQLITE_NOTADB or SQLITE_CORRUPT. */
  readonly sqliteCode: string;

  constructor(sqliteCode: string, options?: { cause?: unknown }) {
    super(
      `Local database file cannot be read as an SQLite database (${sqliteCode}): it is damaged or is not a ` +
        'database at all. It was left unchanged; restore it from a backup or move it aside to start afresh.',
      options,
    );
    this.name = 'DatabaseUnreadableError';
    this.sqliteCode = sqliteCode;
  }
}

/**
 * The store cannot be opened with the key given: a wrong key (or a damaged file), or a read-only open of a
 * store that has not been encrypted yet. The file was left unchanged.
 */
export class DatabaseKeyRejectedError extends Error {
  readonly reason: 'wrong-key' | 'not-encrypted';

  constructor(reason: 'wrong-key' | 'not-encrypted', options?: { cause?: unknown }) {
    super(
      reason === 'wrong-key'
        ? 'Local database cannot be decrypted with the key given: the key is not the one it was encrypted ' +
            'with, or the file is damaged. It was left unchanged.'
        : 'Local database is not encrypted yet; a read-only open cannot encrypt it. Open it once writable.',
      options,
    );
    this.name = 'DatabaseKeyRejectedError';
    this.reason = reason;
  }
}

/**
 * The key file beside the database cannot give the key: it is missing while an encrypted store exists,
 * sealed by the OS keychain that this mode has no access to, cannot be unsealed, or is damaged.
 * Nothing was created or changed.
 */
export class StoreKeyUnavailableError extends Error {
  readonly reason: 'missing' | 'sealed-by-os' | 'unsealable' | 'damaged';

  constructor(reason: StoreKeyUnavailableError['reason'], options?: { cause?: unknown }) {
    const why = {
      missing: 'the key file is missing but an encrypted database exists',
      'sealed-by-os': 'the key file is sealed by the OS keychain, which this mode (browser mode) cannot use',
      unsealable: 'the OS keychain could not unseal the key file (another user or PC, or a reset keychain)',
      damaged: 'the key file is damaged',
    }[reason];
    super(`Local database key is unavailable: ${why}. Nothing was created or changed.`, options);
    this.name = 'StoreKeyUnavailableError';
    this.reason = reason;
  }
}

/** A migration left rows that break a foreign key; the whole migration was rolled back. */
export class MigrationForeignKeyError extends Error {
  readonly version: number;

  constructor(version: number, violations: number) {
    super(`Migration to schema version ${version} left ${violations} foreign key violation(s); rolled back.`);
    this.name = 'MigrationForeignKeyError';
    this.version = version;
  }
}
