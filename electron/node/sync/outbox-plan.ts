/**
 * How each outbox entry (written by the phone desk and the venue day) reaches the hub: as one or more
 * hub mutations, sent one step per round so that a later step never runs on the hub before the earlier
 * one was accepted. Step ids are the entry's own mutation id or derived from it, so every retry, also
 * after a restart, carries the same ids and the hub applies each step once.
 *
 * - booking.create → `book` with the desktop's booking id and number (the number read to the caller
 *   stays); a walk-in (channel walk_in, created checked in) is a `book`, then a `mark` checked_in.
 * - booking.cancel → one `cancel` per booking the hub has.
 * - booking.move → `move` (atomic on the hub: the old seat goes only when the new one is taken); a
 *   booking the hub never had is booked in its new slot instead.
 * - booking.status → `mark` (the venue's check-in, vaccinated with the lot, no-show, or the undoing).
 * A `holdId` in the entry's payload (a hub hold taken by the phone desk) goes with the book or move.
 * Entries of a kind the hub does not take stay in the outbox untouched.
 */

import {
  cancelStepMutationId,
  derivedMutationId,
  type OutboxPayload,
  walkInMarkMutationId,
} from '../../../db/queries/outbox.ts';
import { type BookingFacts, bookingFacts, type PendingLocalChanges } from '../../../db/queries/sync-apply.ts';
import type { OutboxEntry } from '../../../db/queries/sync-outbox.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import { isValidBookingNumber } from '../../../domain/booking-number.ts';
import { isAttendanceMark } from '../../../domain/booking-status.ts';
import {
  type MarkStatus,
  type Mutation,
  markStatuses,
  mutationSchema,
} from '../../../domain/hub-api/sync-api.ts';

/** What a step does for the local booking it concerns, which decides how its answer is applied. */
export type StepRole = 'create' | 'cancel' | 'move' | 'mark';

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
  switch (entry.kind) {
    case 'booking.create':
      return [entry.payload.id];
    case 'booking.cancel':
      return [...new Set(entry.payload.bookingIds)];
    case 'booking.move':
    case 'booking.status':
      return [entry.payload.bookingId];
    case 'unreadable':
      return [];
  }
}

/** The hub mutation id of the 'book' step an entry will send → the local booking it makes. */
export function bookMutationsOf(entry: OutboxEntry): Array<[string, string]> {
  if (entry.kind === 'booking.create') return [[entry.mutationId, entry.payload.id]];
  if (entry.kind === 'booking.move') {
    return [[derivedMutationId(entry.mutationId, 'move-book'), entry.payload.bookingId]];
  }
  return [];
}

function validMutation(candidate: unknown): Mutation | null {
  const parsed = mutationSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const isUuid = (value: unknown): value is string => typeof value === 'string' && uuidPattern.test(value);

/** The hub hold the phone desk wrote into the entry, when it is one. */
function holdOf(p: { holdId?: string | undefined }): { holdId?: string } {
  return isUuid(p.holdId) ? { holdId: p.holdId } : {};
}

function bookPayload(
  facts: BookingFacts,
  slotId: string,
  p: { holdId?: string | undefined },
): Record<string, unknown> {
  return {
    couponId: facts.couponId,
    slotId,
    doseNumber: facts.doseNumber,
    // A booking moved by the call center takes a call-center seat, whichever channel made it.
    channel: facts.channel === 'walk_in' ? 'walk_in' : 'phone',
    // The hub keeps the desktop's id and the number read to the caller (older rows may lack a UUID id).
    ...(isUuid(facts.id) ? { bookingId: facts.id } : {}),
    ...(isValidBookingNumber(facts.bookingNumber) ? { bookingNumber: facts.bookingNumber } : {}),
    ...holdOf(p),
    ...(facts.contactPhone !== '' ? { contactPhone: facts.contactPhone } : {}),
    ...(facts.notes !== '' ? { notes: facts.notes } : {}),
  };
}

export function planEntry(db: Database, entry: OutboxEntry): EntryPlan {
  switch (entry.kind) {
    case 'booking.create':
      return planCreate(db, entry.mutationId, entry.payload);
    case 'booking.cancel':
      return planCancel(db, entry.mutationId, entry.payload);
    case 'booking.move':
      return planMove(db, entry.mutationId, entry.payload);
    case 'booking.status':
      return planMark(db, entry.mutationId, entry.payload);
    case 'unreadable':
      return { kind: 'unsupported', reason: `the hub does not take '${entry.storedKind}' changes yet` };
  }
}

/** The hub's status for a venue-day status: the hub has no provisional or held booking. */
function hubMarkStatus(status: string): MarkStatus | null {
  if (status === 'provisional' || status === 'held') return 'confirmed';
  return markStatuses.find((s) => s === status) ?? null;
}

function markMutation(
  mutationId: string,
  hubId: string,
  status: MarkStatus,
  lot: string | null,
): Mutation | null {
  return validMutation({
    mutationId,
    kind: 'mark',
    payload: {
      bookingId: hubId,
      status,
      ...(status === 'vaccinated' && lot !== null && lot !== '' ? { vaccineLot: lot } : {}),
    },
  });
}

function planCreate(db: Database, mutationId: string, p: OutboxPayload<'booking.create'>): EntryPlan {
  const localId = p.id;
  const facts = bookingFacts(db, localId);
  if (!facts) return { kind: 'done-locally' }; // the local row is gone (cleared data): nothing to send
  // Cancelled before the hub answered: still sent. It may have reached the hub with its answer lost;
  // the hub then answers it again and the cancel queued behind it cancels it there too.
  const mutation = validMutation({
    mutationId,
    kind: 'book',
    payload: bookPayload(facts, p.slotId, p),
  });
  if (!mutation)
    return { kind: 'invalid', localBookingId: localId, reason: 'the booking cannot be sent as it is' };
  const steps: PlanStep[] = [{ role: 'create', localBookingId: localId, mutation }];
  // A walk-in was created checked in: that mark follows the booking (on the hub's id once it has one).
  const initial = p.status;
  if (facts.channel === 'walk_in' && initial !== undefined && isAttendanceMark(initial)) {
    const mark = markMutation(
      walkInMarkMutationId(mutationId),
      facts.hubId ?? (isUuid(localId) ? localId : ''),
      initial,
      null,
    );
    if (!mark) return { kind: 'invalid', localBookingId: localId, reason: 'the walk-in cannot be sent' };
    steps.push({ role: 'mark', localBookingId: localId, mutation: mark });
  }
  return { kind: 'send', steps };
}

function planCancel(db: Database, mutationId: string, p: OutboxPayload<'booking.cancel'>): EntryPlan {
  const steps: PlanStep[] = [];
  for (const localId of p.bookingIds) {
    const hubId = bookingFacts(db, localId)?.hubId ?? null;
    // A booking the hub never had (refused, or never sent) has nothing to cancel there.
    if (hubId === null) continue;
    const mutation = validMutation({
      mutationId: cancelStepMutationId(mutationId, localId),
      kind: 'cancel',
      payload: { bookingId: hubId, reason: p.reason },
    });
    if (!mutation)
      return { kind: 'invalid', localBookingId: localId, reason: 'the cancellation cannot be sent' };
    steps.push({ role: 'cancel', localBookingId: localId, mutation });
  }
  return steps.length > 0 ? { kind: 'send', steps } : { kind: 'done-locally' };
}

function planMove(db: Database, mutationId: string, p: OutboxPayload<'booking.move'>): EntryPlan {
  const localId = p.bookingId;
  const facts: BookingFacts | null = bookingFacts(db, localId);
  if (!facts) return { kind: 'done-locally' };
  const { toSlotId } = p;
  if (facts.hubId === null) {
    // Moved before the hub had it (its booking was refused): booking the new slot is all there is to do.
    const book = validMutation({
      mutationId: derivedMutationId(mutationId, 'move-book'),
      kind: 'book',
      payload: bookPayload(facts, toSlotId, p),
    });
    if (!book)
      return { kind: 'invalid', localBookingId: localId, reason: 'the move cannot be sent as it is' };
    return { kind: 'send', steps: [{ role: 'create', localBookingId: localId, mutation: book }] };
  }
  const move = validMutation({
    mutationId,
    kind: 'move',
    payload: { bookingId: facts.hubId, toSlotId, ...holdOf(p) },
  });
  if (!move) return { kind: 'invalid', localBookingId: localId, reason: 'the move cannot be sent as it is' };
  return { kind: 'send', steps: [{ role: 'move', localBookingId: localId, mutation: move }] };
}

function planMark(db: Database, mutationId: string, p: OutboxPayload<'booking.status'>): EntryPlan {
  const localId = p.bookingId;
  const facts = bookingFacts(db, localId);
  // Gone, or a booking the hub never had (refused): the mark stays on this desktop.
  if (!facts || facts.hubId === null) return { kind: 'done-locally' };
  const status = hubMarkStatus(p.status);
  const mark = status ? markMutation(mutationId, facts.hubId, status, p.vaccineLot) : null;
  if (!mark) return { kind: 'invalid', localBookingId: null, reason: 'the mark cannot be sent as it is' };
  return { kind: 'send', steps: [{ role: 'mark', localBookingId: localId, mutation: mark }] };
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
