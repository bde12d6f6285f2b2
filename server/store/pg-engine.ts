/** The production engine: a `pg` Pool against a PostgreSQL server. */
import pg from 'pg';
import type { HubSql, QueryOptions, SqlExecutor } from './hub-sql.ts';
import { hubTypeParsers } from './type-parsers.ts';

const hubTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    const parser = hubTypeParsers[oid];
    if (parser && format !== 'binary') return parser;
    return pg.types.getTypeParser(oid, 'text');
  },
};

interface PgQueryable {
  query(config: pg.QueryConfig): Promise<{ rows: unknown[] }>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

function executorOf(target: PgQueryable): SqlExecutor {
  return {
    async query<T extends object>(
      sql: string,
      params: readonly unknown[] = [],
      options: QueryOptions = {},
    ): Promise<T[]> {
      const result = options.prepareAs
        ? await target.query({ name: options.prepareAs, text: sql, values: [...params] })
        : await target.query(sql, [...params]);
      return result.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await target.query(sql);
    },
  };
}

export interface PgEngineOptions {
  /** Pool size; each connection runs one transaction at a time. */
  maxConnections?: number;
}

export async function openPgEngine(connectionString: string, options: PgEngineOptions = {}): Promise<HubSql> {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    types: hubTypes as pg.CustomTypesConfig,
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  const executor = executorOf(pool);
  return {
    engine: 'postgres',
    query: executor.query,
    exec: executor.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client whose connection dies (the server restarted) emits 'error' besides failing
      // its query; without a listener that would end the process. The pool listens again on release.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!broken) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError as Error;
          }
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async listen(channel, onNotify, onLost) {
      const client = await pool.connect();
      let released = false;
      const release = (error?: Error) => {
        if (released) return;
        released = true;
        client.off('notification', handler);
        client.off('error', onError);
        client.release(error);
      };
      const handler = (message: pg.Notification) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      };
      // A checked-out client that loses its connection emits 'error'; unhandled, it would end the process.
      const onError = (error: Error) => {
        release(error);
        onLost?.(error);
      };
      client.on('error', onError);
      client.on('notification', handler);
      try {
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        release(error as Error);
        throw error;
      }
      return async () => {
        if (released) return;
        try {
          await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
          release();
        } catch (error) {
          release(error as Error);
        }
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    close: () => pool.end(),
  };
}
