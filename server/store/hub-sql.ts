/**
 * The hub's one SQL code path. Every query is PostgreSQL SQL with $n parameters; two engines run it:
 * a `pg` Pool against a PostgreSQL server (production) and PGlite, Postgres compiled to WASM, in
 * this process (the embedded default: a data directory, or in memory for tests).
 *
 * Both engines return rows with the same JavaScript types (see type-parsers.ts): date → 'YYYY-MM-DD'
 * string, bigint and numeric → number, timestamptz → Date, jsonb → parsed value.
 */
export interface SqlExecutor {
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared under this name on each connection (PostgreSQL), so it is parsed
   * and planned once rather than at every call: for the few statements on the hot path, whose text
   * never changes. PGlite runs it as any other.
   */
  prepareAs?: string;
}

export type HubEngine = 'postgres' | 'pglite';

export interface HubSql extends SqlExecutor {
  readonly engine: HubEngine;
  /** Runs fn in one transaction (READ COMMITTED): committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Calls onNotify once per NOTIFY on the channel; returns an unsubscribe function. onLost is called
   * (once) when the listening connection breaks; the subscription is over then.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onLost?: (error: Error) => void,
  ): Promise<() => Promise<void>>;
  /** Tells every listener of the channel (NOTIFY outside any transaction; PGlite: its listeners in this process). */
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}
