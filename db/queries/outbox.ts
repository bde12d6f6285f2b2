/**
 * The outbox: local writes waiting to be pushed to the hub. Callers enqueue inside the same
 * transaction as the local row they wrote, so the two exist together or not at all.
 */
import { createHash } from 'node:crypto';
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

/**
 * A UUID that is the same for the same entry and step, every time (RFC 9562 version 5 layout): the id
 * of a hub mutation that one outbox entry becomes beside others (electron/node/sync/outbox-plan.ts).
 */
export function derivedMutationId(entryMutationId: string, step: string): string {
  const hex = createHash('sha256').update(`${entryMutationId}/${step}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The hub mutation that cancels one booking of a cancel entry (which may cancel several). */
export const cancelStepMutationId = (entryMutationId: string, bookingId: string): string =>
  derivedMutationId(entryMutationId, `cancel:${bookingId}`);

/** The hub mutation that marks a walk-in checked in after booking it. */
export const walkInMarkMutationId = (entryMutationId: string): string =>
  derivedMutationId(entryMutationId, 'walk-in-mark');
