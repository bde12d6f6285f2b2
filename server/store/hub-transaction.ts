/**
 * A hub write: one database transaction that also records its changes in the change log (appended
 * just before COMMIT, see change-log.ts), announced once it has committed (change-announcer.ts).
 * Deadlocks, serialization failures and a change-log number settled as a gap run it again.
 */
import { auditSealerOf } from '../audit/audit-chain.ts';
import { changeAnnouncerOf } from './change-announcer.ts';
import { appendChanges, ChangeRecorder } from './change-log.ts';
import type { HubSql, SqlExecutor } from './hub-sql.ts';
import { isRetryableTransactionError } from './sql-errors.ts';

export interface HubTx extends SqlExecutor {
  readonly changes: ChangeRecorder;
  /** The moment of the write, the same for every row it touches. */
  readonly now: Date;
  /** Audit entries were appended: they are sealed into the chain once this commits (audit-chain.ts). */
  markAudited(): void;
}

const maxAttempts = 3;

export async function runHubTransaction<T>(
  sql: HubSql,
  now: Date,
  fn: (tx: HubTx) => Promise<T>,
): Promise<{ result: T; lastSeq: number | null }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const committed = await sql.transaction(async (inner) => {
        const changes = new ChangeRecorder();
        let audited = false;
        const tx: HubTx = {
          query: inner.query,
          exec: inner.exec,
          changes,
          now,
          markAudited: () => {
            audited = true;
          },
        };
        const result = await fn(tx);
        const lastSeq = await appendChanges(inner, changes.entries, now);
        return { result, lastSeq, audited };
      });
      if (committed.lastSeq !== null) changeAnnouncerOf(sql).announce(committed.lastSeq);
      if (committed.audited) auditSealerOf(sql).schedule();
      return { result: committed.result, lastSeq: committed.lastSeq };
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryableTransactionError(error)) throw error;
    }
  }
}
