/**
 * The embedded engine: PGlite (PostgreSQL compiled to WASM) inside the hub's process. One session,
 * so transactions run one after another (PGlite queues them); a data directory keeps the database
 * across restarts, ':memory:' keeps it in memory only. Only this process can open it, so
 * notifications are passed to its listeners here, without a NOTIFY through the database.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { HubSql, SqlExecutor } from './hub-sql.ts';
import { hubTypeParsers } from './type-parsers.ts';

interface PgliteQueryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function executorOf(target: PgliteQueryable): SqlExecutor {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await target.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/** dataDir: a directory (created when missing) or ':memory:'. */
export async function openPgliteEngine(dataDir: string): Promise<HubSql> {
  const inMemory = dataDir === ':memory:';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir, { parsers: { ...hubTypeParsers } });
  const executor = executorOf(db);
  const listeners = new Map<string, Set<(payload: string) => void>>();
  return {
    engine: 'pglite',
    query: executor.query,
    exec: executor.exec,
    transaction: (fn) => db.transaction((tx) => fn(executorOf(tx))),
    async listen(channel, onNotify) {
      const forChannel = listeners.get(channel) ?? new Set();
      listeners.set(channel, forChannel);
      const listener = (payload: string) => onNotify(payload);
      forChannel.add(listener);
      return async () => {
        forChannel.delete(listener);
      };
    },
    async notify(channel, payload) {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
    },
    close: () => db.close(),
  };
}
