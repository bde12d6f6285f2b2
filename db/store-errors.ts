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

/** A key was given but the loaded driver cannot encrypt (see db/sqlite-driver.ts). */
export class EncryptionUnavailableError extends Error {
  constructor() {
    super(
      'An encryption key was passed to openDatabase, but the SQLite driver in this build cannot encrypt. ' +
        'Refusing to open rather than store data unencrypted.',
    );
    this.name = 'EncryptionUnavailableError';
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
