/**
 * Chooses the engine from the configured database: a postgres:// (or postgresql://) URL → PostgreSQL;
 * ':memory:' → PGlite in memory; any other value → a PGlite data directory at that path.
 */
import type { HubSql } from './hub-sql.ts';
import { openPgEngine } from './pg-engine.ts';
import { openPgliteEngine } from './pglite-engine.ts';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export async function openHubSql(target: string): Promise<HubSql> {
  return isPostgresUrl(target) ? openPgEngine(target) : openPgliteEngine(target);
}
