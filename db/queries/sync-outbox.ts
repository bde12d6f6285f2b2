/**
 * The push side of the outbox (db/queries/outbox.ts writes it): reading the queue in order, taking an
 * entry off once the hub has answered it for good, deferring one the hub asked to retry, and the
 * record of refusals the status view lists.
 */
import type { SyncFailure } from '../../domain/api/methods/sync.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { readOutboxBody, type StoredOutboxBody } from './outbox.ts';

/** An entry of the outbox, oldest first by seq: its typed body (or 'unreadable') and its delivery state. */
export type OutboxEntry = StoredOutboxBody & {
  seq: number;
  mutationId: string;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
};

interface Row {
  seq: number;
  mutation_id: string;
  kind: string;
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** Every waiting entry, oldest first. */
export function outboxEntries(db: Database): OutboxEntry[] {
  return cachedStatement<[], Row>(
    db,
    `SELECT seq, mutation_id, kind, payload, created_at, attempts, next_attempt_at, last_error
       FROM outbox ORDER BY seq`,
  )
    .all()
    .map((row) => ({
      ...readOutboxBody(row.kind, row.payload),
      seq: row.seq,
      mutationId: row.mutation_id,
      createdAt: row.created_at,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
    }));
}

export function outboxLength(db: Database): number {
  return cachedStatement<[], number>(db, 'SELECT count(*) FROM outbox').pluck().get() ?? 0;
}

/** The newest entry's sequence number (0 when empty): tells a watcher that something was queued. */
export function outboxHead(db: Database): number {
  return cachedStatement<[], number>(db, 'SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() ?? 0;
}

/** When the next deferred entry becomes due (after `now`), or null when none waits for a time. */
export function outboxNextDueAfter(db: Database, now: Date): Date | null {
  const due = cachedStatement<[string], string | null>(
    db,
    'SELECT min(next_attempt_at) FROM outbox WHERE next_attempt_at > ?',
  )
    .pluck()
    .get(now.toISOString());
  return due ? new Date(due) : null;
}

/** The hub answered this entry for good (accepted or refused). */
export function removeOutboxEntry(db: Database, seq: number): void {
  cachedStatement(db, 'DELETE FROM outbox WHERE seq = ?').run(seq);
}

/** The hub could not take this entry now: try again at `nextAttemptAt`. */
export function deferOutboxEntry(db: Database, seq: number, nextAttemptAt: Date, reason: string): void {
  cachedStatement(
    db,
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?',
  ).run(nextAttemptAt.toISOString(), reason.slice(0, 300), seq);
}

/** Notes why an entry is held back without counting an attempt (e.g. a kind the hub does not take). */
export function noteOutboxEntry(db: Database, seq: number, reason: string): void {
  cachedStatement(db, 'UPDATE outbox SET last_error = ? WHERE seq = ? AND last_error IS NOT ?').run(
    reason.slice(0, 300),
    seq,
    reason.slice(0, 300),
  );
}

export interface NewSyncFailure {
  mutationId: string;
  kind: string;
  bookingId: string | null;
  code: string;
  reasons: readonly string[];
  message: string;
}

export function recordSyncFailure(db: Database, failure: NewSyncFailure, at: Date): void {
  cachedStatement(
    db,
    `INSERT INTO sync_failures (at, mutation_id, kind, booking_id, code, reasons, message)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at.toISOString(),
    failure.mutationId,
    failure.kind,
    failure.bookingId,
    failure.code,
    JSON.stringify(failure.reasons),
    failure.message.slice(0, 500),
  );
}

export function recentSyncFailures(db: Database, limit = 50): SyncFailure[] {
  const rows = cachedStatement<
    [number],
    {
      at: string;
      mutation_id: string;
      kind: string;
      booking_id: string | null;
      booking_number: string | null;
      code: string;
      reasons: string;
      message: string;
    }
  >(
    db,
    `SELECT f.at, f.mutation_id, f.kind, f.booking_id, b.booking_number, f.code, f.reasons, f.message
       FROM sync_failures f LEFT JOIN bookings b ON b.id = f.booking_id
      ORDER BY f.id DESC LIMIT ?`,
  ).all(limit);
  return rows.map((row) => ({
    at: row.at,
    mutationId: row.mutation_id,
    kind: row.kind,
    bookingId: row.booking_id,
    bookingNumber: row.booking_number,
    code: row.code,
    reasons: parseReasons(row.reasons),
    message: row.message,
  }));
}

function parseReasons(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}
