/**
 * How each outbox entry (written by the phone desk and the venue day) reaches the hub: as one or more
 * hub mutations ('book', 'cancel'), sent one step per round so that a later step never runs on the hub
 * before the earlier one was accepted (a move is a cancel of the old booking, then a booking of the
 * new slot). Step ids are derived from the entry's own mutation id, so every retry, also after a
 * restart, carries the same ids and the hub applies each step once.
 *
 * Entries of a kind the hub does not take yet (attendance marks) stay in the outbox untouched.
 */
import { createHash } from 'node:crypto';
import { phoneBookingMutationKind } from '../../../db/queries/phone-booking.ts';
import { bookingCancelMutationKind } from '../../../db/queries/phone-booking-cancel.ts';
import { bookingMoveMutationKind } from '../../../db/queries/phone-booking-move.ts';
import { type BookingFacts, bookingFacts, type PendingLocalChanges } from '../../../db/queries/sync-apply.ts';
import type { OutboxEntry } from '../../../db/queries/sync-outbox.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import { type Mutation, mutationSchema } from '../../../domain/hub-api/sync-api.ts';

/** What a step does for the local booking it concerns, which decides how its answer is applied. */
export type StepRole = 'create' | 'cancel' | 'move-cancel' | 'move-book';

export interface PlanStep {
  role: StepRole;
  localBookingId: string;
  mutation: Mutation;
}

export type EntryPlan =
  | { kind: 'send'; steps: PlanStep[] }
  /** Nothing for the hub (e.g. cancelling a booking the hub never had): the entry is done. */
  | { kind: 'done-locally' }
  /** A kind this hub does not take: left in the outbox. */
  | { kind: 'unsupported'; reason: string }
  /** Cannot become a valid hub mutation: refused locally, for good. */
  | { kind: 'invalid'; localBookingId: string | null; reason: string };

/** The local bookings an entry is about (read from its payload alone). */
export function bookingsTouched(entry: OutboxEntry): string[] {
  const p = (entry.payload ?? {}) as Record<string, unknown>;
  const ids: unknown[] = [];
  if (entry.kind === phoneBookingMutationKind) ids.push(p.id ?? entry.mutationId);
  if (typeof p.bookingId === 'string') ids.push(p.bookingId);
  if (Array.isArray(p.bookingIds)) ids.push(...p.bookingIds);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/** A UUID that is the same for the same entry and step, every time (RFC 9562 version 5 layout). */
export function derivedMutationId(entryMutationId: string, step: string): string {
  const hex = createHash('sha256').update(`${entryMutationId}/${step}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The hub mutation id of the 'book' step an entry will send → the local booking it makes. */
export function bookMutationsOf(entry: OutboxEntry): Array<[string, string]> {
  const p = (entry.payload ?? {}) as Record<string, unknown>;
  if (entry.kind === phoneBookingMutationKind) return [[entry.mutationId, String(p.id ?? entry.mutationId)]];
  if (entry.kind === bookingMoveMutationKind && typeof p.bookingId === 'string') {
    return [[derivedMutationId(entry.mutationId, 'move-book'), p.bookingId]];
  }
  return [];
}

function validMutation(candidate: unknown): Mutation | null {
  const parsed = mutationSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

function bookPayload(facts: {
  couponId: string;
  slotId: string;
  doseNumber: number;
  channel: string;
  contactPhone: string;
  notes: string;
}): Record<string, unknown> {
  return {
    couponId: facts.couponId,
    slotId: facts.slotId,
    doseNumber: facts.doseNumber,
    // A booking moved by the call center takes a call-center seat, whichever channel made it.
    channel: facts.channel === 'walk_in' ? 'walk_in' : 'phone',
    ...(facts.contactPhone !== '' ? { contactPhone: facts.contactPhone } : {}),
    ...(facts.notes !== '' ? { notes: facts.notes } : {}),
  };
}

export function planEntry(db: Database, entry: OutboxEntry): EntryPlan {
  const p = (entry.payload ?? {}) as Record<string, unknown>;
  switch (entry.kind) {
    case phoneBookingMutationKind:
      return planCreate(db, entry, p);
    case bookingCancelMutationKind:
      return planCancel(db, entry, p);
    case bookingMoveMutationKind:
      return planMove(db, entry, p);
    default:
      return { kind: 'unsupported', reason: `the hub does not take '${entry.kind}' changes yet` };
  }
}

function planCreate(db: Database, entry: OutboxEntry, p: Record<string, unknown>): EntryPlan {
  const localId = typeof p.id === 'string' ? p.id : entry.mutationId;
  const facts = bookingFacts(db, localId);
  if (!facts) return { kind: 'done-locally' }; // the local row is gone (cleared data): nothing to send
  if (facts.status === 'cancelled' && facts.hubId === null) return { kind: 'done-locally' };
  const mutation = validMutation({
    mutationId: entry.mutationId,
    kind: 'book',
    payload: bookPayload({
      couponId: facts.couponId,
      slotId: typeof p.slotId === 'string' ? p.slotId : '',
      doseNumber: facts.doseNumber,
      channel: facts.channel,
      contactPhone: facts.contactPhone,
      notes: facts.notes,
    }),
  });
  if (!mutation)
    return { kind: 'invalid', localBookingId: localId, reason: 'the booking cannot be sent as it is' };
  return { kind: 'send', steps: [{ role: 'create', localBookingId: localId, mutation }] };
}

function planCancel(db: Database, entry: OutboxEntry, p: Record<string, unknown>): EntryPlan {
  const ids = Array.isArray(p.bookingIds)
    ? p.bookingIds.filter((id): id is string => typeof id === 'string')
    : [];
  const steps: PlanStep[] = [];
  for (const localId of ids) {
    const hubId = bookingFacts(db, localId)?.hubId ?? null;
    // A booking the hub never had (refused, or never sent) has nothing to cancel there.
    if (hubId === null) continue;
    const mutation = validMutation({
      mutationId: derivedMutationId(entry.mutationId, `cancel:${localId}`),
      kind: 'cancel',
      payload: { bookingId: hubId },
    });
    if (!mutation)
      return { kind: 'invalid', localBookingId: localId, reason: 'the cancellation cannot be sent' };
    steps.push({ role: 'cancel', localBookingId: localId, mutation });
  }
  return steps.length > 0 ? { kind: 'send', steps } : { kind: 'done-locally' };
}

function planMove(db: Database, entry: OutboxEntry, p: Record<string, unknown>): EntryPlan {
  const localId = typeof p.bookingId === 'string' ? p.bookingId : '';
  const facts: BookingFacts | null = bookingFacts(db, localId);
  if (!facts) return { kind: 'done-locally' };
  const toSlotId = typeof p.toSlotId === 'string' ? p.toSlotId : '';
  const book = validMutation({
    mutationId: derivedMutationId(entry.mutationId, 'move-book'),
    kind: 'book',
    payload: bookPayload({ ...facts, slotId: toSlotId }),
  });
  if (!book) return { kind: 'invalid', localBookingId: localId, reason: 'the move cannot be sent as it is' };
  const bookStep: PlanStep = { role: 'move-book', localBookingId: localId, mutation: book };
  // Moved before the hub had it: booking the new slot is all there is to do.
  if (facts.hubId === null) return { kind: 'send', steps: [{ ...bookStep, role: 'create' }] };
  const cancel = validMutation({
    mutationId: derivedMutationId(entry.mutationId, 'move-cancel'),
    kind: 'cancel',
    payload: { bookingId: facts.hubId },
  });
  if (!cancel)
    return { kind: 'invalid', localBookingId: localId, reason: 'the move cannot be sent as it is' };
  return {
    kind: 'send',
    steps: [{ role: 'move-cancel', localBookingId: localId, mutation: cancel }, bookStep],
  };
}

/** What the outbox still holds, for hub rows not to overwrite it (see db/queries/sync-apply.ts). */
export function pendingLocalChanges(entries: readonly OutboxEntry[]): PendingLocalChanges {
  const bookingIds = new Set<string>();
  const bookingByMutationId = new Map<string, string>();
  for (const entry of entries) {
    for (const id of bookingsTouched(entry)) bookingIds.add(id);
    for (const [mutationId, localId] of bookMutationsOf(entry)) bookingByMutationId.set(mutationId, localId);
  }
  return { bookingIds, bookingByMutationId };
}
