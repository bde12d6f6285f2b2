/**
 * Housekeeping while the hub serves: expired holds give their seats back (with change-log rows, so
 * desktops see the seats free up), old idempotency answers and stale verification counters are
 * deleted. Every hub process may run it; the statements are safe to run concurrently.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sweepExpiredHolds } from './booking/seat-counters.ts';
import type { Clock } from './clock.ts';
import { safeError } from './http/logging.ts';
import type { HubSql } from './store/hub-sql.ts';
import { runHubTransaction } from './store/hub-transaction.ts';

export const idempotencyRetentionDays = 7;
const intervalMs = 30_000;

export async function runMaintenance(sql: HubSql, now: Date): Promise<{ holdsExpired: number }> {
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
  await sql.query(
    `DELETE FROM idempotency_keys WHERE created_at < $1::timestamptz - make_interval(days => $2)`,
    [now, idempotencyRetentionDays],
  );
  await sql.query(
    `DELETE FROM verification_failures
     WHERE (locked_until IS NULL OR locked_until < $1) AND last_attempt_at < $1::timestamptz - interval '1 day'`,
    [now],
  );
  return { holdsExpired };
}

export function startMaintenance(sql: HubSql, clock: Clock, log: FastifyBaseLogger): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runMaintenance(sql, clock())
      .catch((error: unknown) => log.warn({ err: safeError(error) }, 'maintenance failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
