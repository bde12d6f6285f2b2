import type { Database, Statement } from './sqlite-driver.ts';

const cachesByDatabase = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement for this SQL on this connection, prepared once and reused: query modules call
 * this on every call instead of holding statements themselves. The cache dies with the connection.
 */
export function cachedStatement<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database,
  sql: string,
): Statement<Params, Row> {
  let cache = cachesByDatabase.get(db);
  if (!cache) {
    cache = new Map();
    cachesByDatabase.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<Params, Row>;
}
