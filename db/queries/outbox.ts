/**
 * The outbox: local writes waiting to be pushed to the hub. Callers enqueue inside the same
 * transaction as the local row they wrote, so the two exist together or not at all.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { cancelReasons } from '../../domain/api/methods/phone-desk.ts';
import { bookingStatuses } from '../../domain/vocabulary/terms.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

// What each kind of entry carries. Fields added after the first release are optional, so an entry
// queued by an older version still reads; the writers below always write them.
const bookingCreatePayload = z.object({
  /** The local booking (also the entry's mutation id). */
  id: z.string(),
  bookingNumber: z.string(),
  couponId: z.string(),
  slotId: z.string(),
  doseNumber: z.number().int(),
  channel: z.enum(['phone', 'walk_in']),
  /** A walk-in is created checked in; a phone booking has no status here (provisional). */
  status: z.enum(bookingStatuses).optional(),
  contactPhone: z.string().optional(),
  notes: z.string().optional(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** The first dose's mutation id when this is the follow-up dose booked with it. */
  followUpOf: z.string().nullable().optional(),
  /** The hub hold the phone desk took for this seat. */
  holdId: z.string().optional(),
});
const bookingCancelPayload = z.object({
  bookingIds: z.array(z.string()),
  reason: z.enum(cancelReasons),
  cancelledBy: z.string(),
  cancelledAt: z.string(),
});
const bookingMovePayload = z.object({
  bookingId: z.string(),
  fromSlotId: z.string(),
  toSlotId: z.string(),
  holdId: z.string().optional(),
  movedBy: z.string(),
  movedAt: z.string(),
});
const bookingStatusPayload = z.object({
  bookingId: z.string(),
  status: z.enum(bookingStatuses),
  fromStatus: z.enum(bookingStatuses).nullable(),
  vaccineLot: z.string().nullable(),
  changedBy: z.string(),
  changedAt: z.string(),
});

/** A local change waiting for the hub, one shape per kind. */
export const outboxMutationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('booking.create'), payload: bookingCreatePayload }),
  z.object({ kind: z.literal('booking.cancel'), payload: bookingCancelPayload }),
  z.object({ kind: z.literal('booking.move'), payload: bookingMovePayload }),
  z.object({ kind: z.literal('booking.status'), payload: bookingStatusPayload }),
]);
export type OutboxMutationBody = z.infer<typeof outboxMutationSchema>;
export type OutboxKind = OutboxMutationBody['kind'];
export type OutboxPayload<K extends OutboxKind> = Extract<OutboxMutationBody, { kind: K }>['payload'];
export type OutboxMutation = OutboxMutationBody & {
  /** Client-generated UUID; the hub applies a mutation id once. */
  mutationId: string;
};

export const bookingCreateKind = 'booking.create' satisfies OutboxKind;
export const bookingCancelKind = 'booking.cancel' satisfies OutboxKind;
export const bookingMoveKind = 'booking.move' satisfies OutboxKind;
export const bookingStatusKind = 'booking.status' satisfies OutboxKind;

/** An entry as stored: its typed body, or, when it does not read as any kind, what it is stored as. */
export type StoredOutboxBody =
  | OutboxMutationBody
  | { kind: 'unreadable'; storedKind: string; payload: unknown };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function readOutboxBody(kind: string, payloadText: string): StoredOutboxBody {
  const payload = parseJson(payloadText);
  const parsed = outboxMutationSchema.safeParse({ kind, payload });
  return parsed.success ? parsed.data : { kind: 'unreadable', storedKind: kind, payload };
}

// One writer per kind: each takes its kind's payload only.
function enqueue(db: Database, mutation: OutboxMutation, now: Date): number {
  const result = cachedStatement(
    db,
    'INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, ?, ?, ?)',
  ).run(mutation.mutationId, mutation.kind, JSON.stringify(mutation.payload), now.toISOString());
  return Number(result.lastInsertRowid);
}

/** A new booking (phone or walk-in); its mutation id is the booking's id. Returns the entry's sequence number. */
export const enqueueBookingCreate = (
  db: Database,
  payload: OutboxPayload<'booking.create'>,
  now: Date,
): number => enqueue(db, { mutationId: payload.id, kind: bookingCreateKind, payload }, now);

export const enqueueBookingCancel = (
  db: Database,
  mutationId: string,
  payload: OutboxPayload<'booking.cancel'>,
  now: Date,
): number => enqueue(db, { mutationId, kind: bookingCancelKind, payload }, now);

export const enqueueBookingMove = (
  db: Database,
  mutationId: string,
  payload: OutboxPayload<'booking.move'>,
  now: Date,
): number => enqueue(db, { mutationId, kind: bookingMoveKind, payload }, now);

export const enqueueBookingStatus = (
  db: Database,
  mutationId: string,
  payload: OutboxPayload<'booking.status'>,
  now: Date,
): number => enqueue(db, { mutationId, kind: bookingStatusKind, payload }, now);

/** The mutation stored under this id, or null; lets a writer recognise a retry of the same request. */
export function storedMutation(db: Database, mutationId: string): StoredOutboxBody | null {
  const row = cachedStatement<[string], { kind: string; payload: string }>(
    db,
    'SELECT kind, payload FROM outbox WHERE mutation_id = ?',
  ).get(mutationId);
  return row ? readOutboxBody(row.kind, row.payload) : null;
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
