/**
 * Schema migrations, Signal Desktop style: `PRAGMA user_version` is the schema version; every pending
 * migration runs in ONE immediate transaction together with the new user_version, so a crash or a
 * failing step leaves the file exactly as it was. A file newer than the code is refused.
 */
import { migrations as appMigrations, latestSchemaVersion } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';
import { bulkLoadSchemaVersion, finishBulkLoad } from './queries/snapshot-bulk-load.ts';
import type { Database } from './sqlite-driver.ts';
import { DatabaseFromTheFutureError, MigrationForeignKeyError } from './store-errors.ts';

export interface MigrateOptions {
  /** Defaults to the app's migrations; tests pass their own list. */
  migrations?: readonly Migration[];
  /** Stop at this version instead of the latest (tests build databases of earlier versions). */
  target?: number;
}

export interface MigrationOutcome {
  from: number;
  to: number;
}

export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database, options: MigrateOptions = {}): MigrationOutcome {
  const list = options.migrations ?? appMigrations;
  assertConsecutive(list);
  const latest = list.at(-1)?.version ?? 0;
  const target = options.target ?? latest;
  if (!Number.isInteger(target) || target < 0 || target > latest) {
    throw new RangeError(`Migration target ${target} is not between 0 and ${latest}`);
  }

  // foreign_keys cannot be switched inside a transaction; a table rebuild needs it off.
  const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeysWereOn) db.pragma('foreign_keys = OFF');
  try {
    const run = db.transaction((): MigrationOutcome => {
      const from = readSchemaVersion(db);
      if (from > latest) throw new DatabaseFromTheFutureError(from, latest);
      if (from >= target) return { from, to: from };
      // A schema step sees the whole schema: a first snapshot loading in bulk is ended first (it goes
      // on row by row after the upgrade).
      if (from >= bulkLoadSchemaVersion) finishBulkLoad(db);
      for (const migration of list) {
        if (migration.version > from && migration.version <= target) migration.up(db);
      }
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new MigrationForeignKeyError(target, violations.length);
      db.pragma(`user_version = ${target}`);
      return { from, to: target };
    });
    return run.immediate();
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON');
  }
}

export { latestSchemaVersion };

function assertConsecutive(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
