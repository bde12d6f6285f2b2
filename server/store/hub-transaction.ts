/**
 * A hub write: one database transaction that also records its changes in the change log (appended
 * just before COMMIT, see change-log.ts). Deadlocks and serialization failures run it again.
 */
import { appendChanges, ChangeRecorder } from './change-log.ts';
import type { HubSql, SqlExecutor } from './hub-sql.ts';
import { isRetryableTransactionError } from './sql-errors.ts';

export interface HubTx extends SqlExecutor {
  readonly changes: ChangeRecorder;
  /** The moment of the write, the same for every row it touches. */
  readonly now: Date;
}

const maxAttempts = 3;

export async function runHubTransaction<T>(
  sql: HubSql,
  now: Date,
  fn: (tx: HubTx) => Promise<T>,
): Promise<{ result: T; lastSeq: number | null }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sql.transaction(async (inner) => {
        const changes = new ChangeRecorder();
        const tx: HubTx = { query: inner.query, exec: inner.exec, changes, now };
        const result = await fn(tx);
        const lastSeq = await appendChanges(inner, changes.entries, now);
        return { result, lastSeq };
      });
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryableTransactionError(error)) throw error;
    }
  }
}
