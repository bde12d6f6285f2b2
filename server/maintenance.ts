/**
 * Housekeeping while the hub serves: expired holds give their seats back (with change-log rows, so
 * desktops see the seats free up), the change log older than the retention is pruned (older
 * cursors then get RESNAPSHOT), old idempotency answers and stale verification counters are
 * deleted, coupon imports left unfinished for a day lose their staged rows, and audit entries not yet
 * sealed into the chain are sealed (audit/audit-chain.ts). Every hub process may
 * run it; the statements are safe to run concurrently.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sealAuditChain } from './audit/audit-chain.ts';
import { sweepExpiredHolds } from './booking/seat-counters.ts';
import type { Clock } from './clock.ts';
import { safeError } from './http/logging.ts';
import { discardStaleImports } from './import/coupon-imports.ts';
import { pruneChangeLog } from './store/change-log.ts';
import type { HubSql } from './store/hub-sql.ts';
import { runHubTransaction } from './store/hub-transaction.ts';

export const idempotencyRetentionDays = 7;
export const defaultChangeLogRetentionDays = 30;
const intervalMs = 30_000;

export interface MaintenanceOptions {
  /** Change-log rows older than this many days are pruned. */
  changeLogRetentionDays?: number;
}

export interface MaintenanceResult {
  holdsExpired: number;
  changesPruned: number;
  importsDiscarded: number;
}

export async function runMaintenance(
  sql: HubSql,
  now: Date,
  options: MaintenanceOptions = {},
): Promise<MaintenanceResult> {
  const slots = await sql.query<{ slot_id: string }>(
    'SELECT DISTINCT slot_id FROM holds WHERE expires_at <= $1 ORDER BY slot_id LIMIT 500',
    [now],
  );
  let holdsExpired = 0;
  if (slots.length > 0) {
    const { result } = await runHubTransaction(sql, now, (tx) =>
      sweepExpiredHolds(
        tx,
        slots.map((s) => s.slot_id),
      ),
    );
    holdsExpired = result;
  }
  const retentionDays = options.changeLogRetentionDays ?? defaultChangeLogRetentionDays;
  const { pruned } = await pruneChangeLog(sql, new Date(now.getTime() - retentionDays * 86_400_000));
  await sql.query(
    `DELETE FROM idempotency_keys WHERE created_at < $1::timestamptz - make_interval(days => $2)`,
    [now, idempotencyRetentionDays],
  );
  await sql.query(
    `DELETE FROM verification_failures
     WHERE (locked_until IS NULL OR locked_until < $1) AND last_attempt_at < $1::timestamptz - interval '1 day'`,
    [now],
  );
  await sql.query(
    `DELETE FROM verification_source_failures WHERE last_failure_at < $1::timestamptz - interval '1 day'`,
    [now],
  );
  const importsDiscarded = await discardStaleImports(sql, now);
  await sealAuditChain(sql);
  return { holdsExpired, changesPruned: pruned, importsDiscarded };
}

export function startMaintenance(
  sql: HubSql,
  clock: Clock,
  log: FastifyBaseLogger,
  options: MaintenanceOptions = {},
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runMaintenance(sql, clock(), options)
      .then((result) => {
        if (result.holdsExpired > 0 || result.changesPruned > 0 || result.importsDiscarded > 0) {
          log.info(result, 'maintenance');
        }
      })
      .catch((error: unknown) => log.warn({ err: safeError(error) }, 'maintenance failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
