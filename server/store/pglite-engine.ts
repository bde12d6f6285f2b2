/**
 * The embedded engine: PGlite (PostgreSQL compiled to WASM) inside the hub's process. One session,
 * so transactions run one after another (PGlite queues them); a data directory keeps the database
 * across restarts, ':memory:' keeps it in memory only. Only this process can open it, so
 * notifications are passed to its listeners here, without a NOTIFY through the database.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * The store holds residents' names in its catalogs and WAL, and PGlite creates its files readable
 * and writable by everyone (0666 less the umask): the folder is made 0700 and everything in it owner-
 * only, when it is created, at every start (after PGlite has written its files) and at close. Files
 * made in between sit in the 0700 folder, which nobody else can enter.
 */
export function restrictStoreModes(dataDir: string): void {
  chmodSync(dataDir, 0o700);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) {
        if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
        walk(path);
      } else if ((stat.mode & 0o077) !== 0) {
        chmodSync(path, stat.mode & 0o700);
      }
    }
  };
  walk(dataDir);
}

/** dataDir: a directory (created when missing, owner-only) or ':memory:'. */
export async function openPgliteEngine(dataDir: string): Promise<HubSql> {
  const inMemory = dataDir === ':memory:';
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    restrictStoreModes(dataDir);
  }
  const db = await PGlite.create(inMemory ? undefined : dataDir, { parsers: { ...hubTypeParsers } });
  if (!inMemory) restrictStoreModes(dataDir);
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
    async close() {
      await db.close();
      if (!inMemory && existsSync(dataDir)) restrictStoreModes(dataDir);
    },
  };
}
