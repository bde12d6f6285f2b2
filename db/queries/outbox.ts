/**
 * The outbox: local writes waiting to be pushed to the hub. Callers enqueue inside the same
 * transaction as the local row they wrote, so the two exist together or not at all.
 */
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface OutboxMutation {
  /** Client-generated UUID; the hub applies a mutation id once. */
  mutationId: string;
  kind: string;
  payload: unknown;
}

/** Enqueues a mutation and returns its sequence number. */
export function enqueueMutation(db: Database, mutation: OutboxMutation, now: Date = new Date()): number {
  const result = cachedStatement(
    db,
    'INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, ?, ?, ?)',
  ).run(mutation.mutationId, mutation.kind, JSON.stringify(mutation.payload), now.toISOString());
  return Number(result.lastInsertRowid);
}

export interface StoredMutation {
  kind: string;
  payload: unknown;
}

/** The mutation stored under this id, or null; lets a writer recognise a retry of the same request. */
export function storedMutation(db: Database, mutationId: string): StoredMutation | null {
  const row = cachedStatement<[string], { kind: string; payload: string }>(
    db,
    'SELECT kind, payload FROM outbox WHERE mutation_id = ?',
  ).get(mutationId);
  return row ? { kind: row.kind, payload: JSON.parse(row.payload) as unknown } : null;
}
