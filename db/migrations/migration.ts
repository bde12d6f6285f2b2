import type { Database } from '../sqlite-driver.ts';

/**
 * One schema step. `version` is the `PRAGMA user_version` the database has after `up` ran; versions
 * are consecutive from 1. `up` runs inside the migration transaction with foreign keys off (so a
 * table can be rebuilt); the runner checks foreign keys before it commits. Never edit a migration
 * that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
