/**
 * Sending the outbox to the hub, oldest first, and applying each answer in the same SQLite
 * transaction as taking the entry off the queue:
 * - ok: the hub's booking record is applied (provisional → confirmed; the hub keeps the desktop's id
 *   and booking number, and when it had to give another number the booking shows the new one and
 *   becomes a callback task, so the resident is told);
 * - rejected (final): a new booking becomes 'rejected' with the reason, which makes it a callback
 *   task; a refused cancel, move or mark puts the booking back as the hub has it, and a refused move
 *   becomes a callback task too (the resident keeps the old seat); the refusal is listed and goes
 *   into the booking's history with the hub's reason;
 * - retry: the entry waits (back-off per entry) and the rest of the queue carries on.
 * An entry waits while an earlier entry about the same booking or resident is unanswered, so the hub
 * sees one resident's changes in the order they were made; a refusal never holds anything up.
 */

import { appendBookingHistory, type BookingHistoryAction } from '../../../db/queries/booking-history.ts';
import { addBookingCallback } from '../../../db/queries/callback-tasks.ts';
import { parseHubRecord } from '../../../db/queries/hub-rows.ts';
import {
  type ApplyContext,
  applyBookingRecord,
  bookingFacts,
  markBookingRejected,
  type PendingLocalChanges,
  restoreHubView,
  setHubRowAside,
} from '../../../db/queries/sync-apply.ts';
import {
  deferOutboxEntry,
  noteOutboxEntry,
  type OutboxEntry,
  outboxEntries,
  recordSyncFailure,
  removeOutboxEntry,
} from '../../../db/queries/sync-outbox.ts';
import { recordPush } from '../../../db/queries/sync-state.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import { cachedStatement } from '../../../db/statement-cache.ts';
import type { HubRejection } from '../../../domain/api/contract.ts';
import type { BookingStatus } from '../../../domain/booking-status.ts';
import { maxMutationsPerPush, type ReceivedMutationResult } from '../../../domain/hub-api/sync-api.ts';
import { type HubClient, HubRefusedError } from './hub-client.ts';
import {
  bookingsTouched,
  type EntryPlan,
  type PlanStep,
  pendingLocalChanges,
  planEntry,
  type StepRole,
} from './outbox-plan.ts';

export interface PushDeps {
  db: Database;
  client: HubClient;
  token: string;
  now: () => Date;
  /** Steps of multi-step entries already accepted (kept in memory; after a restart the hub's stored answers repeat). */
  stepProgress: Map<string, number>;
  /** Wait before retrying an entry the hub answered 'retry' for the n-th time. */
  retryDelayMs: (attempts: number) => number;
  /** Told after each answered batch whether bookings changed. */
  onBookingsChanged?: () => void;
  /** Told about a booking record of an answer that did not parse (kept aside; entity, id, fields). */
  onSetAside?: ApplyContext['onSetAside'];
}

export interface PushSummary {
  sent: number;
  accepted: number;
  rejected: number;
  retried: number;
  /** Entries of a kind the hub does not take (left in the outbox). */
  unsupported: number;
}

interface BatchItem {
  entry: OutboxEntry;
  plan: Extract<EntryPlan, { kind: 'send' }>;
  stepIndex: number;
  step: PlanStep;
}

/** Booking ids and residents (coupon ids) an entry concerns: the keys that order the queue. */
function orderKeys(db: Database, entry: OutboxEntry): string[] {
  const bookings = bookingsTouched(entry);
  const keys = bookings.map((id) => `b:${id}`);
  const couponOf = cachedStatement<[string], string>(
    db,
    'SELECT coupon_id FROM bookings WHERE id = ?',
  ).pluck();
  for (const id of bookings) {
    const couponId = couponOf.get(id);
    if (couponId) keys.push(`c:${couponId}`);
  }
  if (entry.kind === 'booking.create') keys.push(`c:${entry.payload.couponId}`);
  return keys;
}

/** The hub's refusal as the desk stores it (reject_code, reject_reasons). */
export function rejectionOf(result: Extract<ReceivedMutationResult, { status: 'rejected' }>): HubRejection {
  return { code: result.code, reasons: result.code === 'NOT_ELIGIBLE' ? (result.reasons ?? []) : [] };
}

export async function pushOutbox(deps: PushDeps): Promise<PushSummary> {
  const summary: PushSummary = { sent: 0, accepted: 0, rejected: 0, retried: 0, unsupported: 0 };
  let batchLimit = maxMutationsPerPush;
  for (;;) {
    const { batch, resolvedLocally, unsupported } = collectBatch(deps, batchLimit);
    summary.unsupported = unsupported;
    if (resolvedLocally) deps.onBookingsChanged?.();
    if (batch.length === 0) {
      if (resolvedLocally) continue;
      return summary;
    }
    let results: ReceivedMutationResult[];
    try {
      results = await deps.client.push(
        deps.token,
        batch.map((item) => item.step.mutation),
      );
    } catch (error) {
      // The hub refused the request as a whole (shape or size): find the culprit one mutation at a time.
      const wholeRequest =
        error instanceof HubRefusedError && ['VALIDATION', 'PAYLOAD_TOO_LARGE'].includes(error.code);
      if (!wholeRequest) throw error;
      if (batch.length > 1) {
        batchLimit = 1;
        continue;
      }
      results = [
        {
          mutationId: batch[0]!.step.mutation.mutationId,
          status: 'rejected',
          code: error.code === 'VALIDATION' ? 'VALIDATION' : 'PAYLOAD_TOO_LARGE',
          message: error.message,
        },
      ];
    }
    summary.sent += batch.length;
    const progress = applyResults(deps, batch, results);
    summary.accepted += progress.accepted;
    summary.rejected += progress.rejected;
    summary.retried += progress.retried;
    deps.onBookingsChanged?.();
    // Everything in this batch was deferred: what is left waits for its retry time.
    if (progress.accepted + progress.rejected === 0) return summary;
  }
}

function isDue(entry: OutboxEntry, now: Date): boolean {
  return entry.nextAttemptAt === null || entry.nextAttemptAt <= now.toISOString();
}

/** The next mutations to send, and entries settled without the hub (in their own transaction). */
function collectBatch(
  deps: PushDeps,
  limit: number,
): { batch: BatchItem[]; resolvedLocally: boolean; unsupported: number } {
  const { db } = deps;
  const now = deps.now();
  const entries = outboxEntries(db);
  const waitingKeys = new Set<string>();
  const batch: BatchItem[] = [];
  let resolvedLocally = false;
  let unsupported = 0;
  for (const entry of entries) {
    if (batch.length >= limit) break;
    const plan = planEntry(db, entry);
    if (plan.kind === 'unsupported') {
      unsupported += 1;
      noteOutboxEntry(db, entry.seq, plan.reason);
      continue;
    }
    const keys = orderKeys(db, entry);
    const free = keys.every((key) => !waitingKeys.has(key));
    for (const key of keys) waitingKeys.add(key);
    if (!free || !isDue(entry, now)) continue;
    if (plan.kind === 'done-locally') {
      db.transaction(() => removeOutboxEntry(db, entry.seq)).immediate();
      deps.stepProgress.delete(entry.mutationId);
      resolvedLocally = true;
      continue;
    }
    if (plan.kind === 'invalid') {
      db.transaction(() => {
        if (plan.localBookingId) {
          markBookingRejected(db, plan.localBookingId, { code: 'VALIDATION', reasons: [] }, now);
        }
        recordSyncFailure(
          db,
          {
            mutationId: entry.mutationId,
            kind: entry.kind,
            bookingId: plan.localBookingId,
            code: 'VALIDATION',
            reasons: [],
            message: plan.reason,
          },
          now,
        );
        removeOutboxEntry(db, entry.seq);
      }).immediate();
      resolvedLocally = true;
      continue;
    }
    const stepIndex = Math.min(deps.stepProgress.get(entry.mutationId) ?? 0, plan.steps.length - 1);
    batch.push({ entry, plan, stepIndex, step: plan.steps[stepIndex]! });
  }
  return { batch, resolvedLocally, unsupported };
}

/** The pending changes once `done` entries are off the queue. */
function pendingWithout(db: Database, done: ReadonlySet<number>): PendingLocalChanges {
  return pendingLocalChanges(outboxEntries(db).filter((entry) => !done.has(entry.seq)));
}

function applyResults(
  deps: PushDeps,
  batch: readonly BatchItem[],
  results: readonly ReceivedMutationResult[],
): { accepted: number; rejected: number; retried: number } {
  const { db } = deps;
  const now = deps.now();
  const byId = new Map(results.map((r) => [r.mutationId, r]));
  const counts = { accepted: 0, rejected: 0, retried: 0 };
  db.transaction(() => {
    for (const item of batch) {
      const { entry, step } = item;
      const result: ReceivedMutationResult = byId.get(step.mutation.mutationId) ?? {
        mutationId: step.mutation.mutationId,
        status: 'retry',
        message: 'the hub gave no answer for this change',
      };
      if (result.status === 'retry') {
        counts.retried += 1;
        deferOutboxEntry(
          db,
          entry.seq,
          new Date(now.getTime() + deps.retryDelayMs(entry.attempts + 1)),
          result.message,
        );
        continue;
      }
      const lastStep = item.stepIndex === item.plan.steps.length - 1;
      if (result.status === 'ok') {
        counts.accepted += 1;
        acceptStep(deps, item, result, lastStep);
        continue;
      }
      counts.rejected += 1;
      recordSyncFailure(
        db,
        {
          mutationId: entry.mutationId,
          kind: entry.kind,
          bookingId: step.localBookingId,
          code: result.code,
          reasons: result.reasons ?? [],
          message: result.message,
        },
        now,
      );
      // A refused cancel of one booking does not stop the cancel of the others; any other refused
      // step ends its entry (a walk-in the hub refused is not marked there either).
      const endsEntry = lastStep || step.role !== 'cancel';
      if (endsEntry) finishEntry(deps, entry);
      else deps.stepProgress.set(entry.mutationId, item.stepIndex + 1);
      const before = statusOf(db, step.localBookingId);
      const rejection = rejectionOf(result);
      if (step.role === 'create') {
        markBookingRejected(db, step.localBookingId, rejection, now);
        recordRefusal(db, step, before, rejection, now);
        continue;
      }
      // This entry's own later steps do not touch this booking again: only other entries keep it as it is.
      if (!pendingWithout(db, new Set([entry.seq])).bookingIds.has(step.localBookingId)) {
        restoreHubView(db, step.localBookingId, now);
      }
      recordRefusal(db, step, before, rejection, now);
      if (step.role === 'move') {
        // The resident keeps the old seat; the operator calls back about the move that did not happen.
        addBookingCallback(
          db,
          {
            bookingId: step.localBookingId,
            kind: 'move_refused',
            rejection,
            mutationId: step.mutation.mutationId,
          },
          now,
        );
      }
    }
    recordPush(db, now);
  }).immediate();
  return counts;
}

const refusalActions: Record<StepRole, BookingHistoryAction> = {
  create: 'hub_refused_booking',
  move: 'hub_refused_move',
  cancel: 'hub_refused_cancel',
  mark: 'hub_refused_mark',
};

function statusOf(db: Database, bookingId: string): BookingStatus | null {
  return bookingFacts(db, bookingId)?.status ?? null;
}

/** The refusal in the booking's history: what was refused, why, and the status it left. */
function recordRefusal(
  db: Database,
  step: PlanStep,
  before: BookingStatus | null,
  rejection: HubRejection,
  now: Date,
): void {
  if (before === null) return;
  appendBookingHistory(
    db,
    {
      bookingId: step.localBookingId,
      staffId: null,
      action: refusalActions[step.role],
      fromStatus: before,
      toStatus: statusOf(db, step.localBookingId),
      rejection,
    },
    now,
  );
}

function finishEntry(deps: PushDeps, entry: OutboxEntry): void {
  removeOutboxEntry(deps.db, entry.seq);
  deps.stepProgress.delete(entry.mutationId);
}

/** The id of a record that did not parse, when it has a readable one. */
function idOf(payload: unknown): string | null {
  const id = payload !== null && typeof payload === 'object' ? (payload as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

function acceptStep(
  deps: PushDeps,
  item: BatchItem,
  result: Extract<ReceivedMutationResult, { status: 'ok' }>,
  lastStep: boolean,
): void {
  const { db } = deps;
  const now = deps.now();
  if (lastStep) finishEntry(deps, item.entry);
  else deps.stepProgress.set(item.entry.mutationId, item.stepIndex + 1);
  const pending = pendingWithout(db, new Set());
  const records = result.bookings.map((payload) => parseHubRecord('booking', payload));
  const written = records.map((parsed, index) => {
    if (!parsed.ok) {
      // Kept aside like an unreadable change-log row; the pull brings the booking again.
      const payload = result.bookings[index];
      const id = idOf(payload) ?? `${item.step.mutation.mutationId}#${index}`;
      setHubRowAside(db, { entity: 'booking', id, op: 'upsert', payload }, parsed.fields, {
        now,
        ...(deps.onSetAside ? { onSetAside: deps.onSetAside } : {}),
      });
      return undefined;
    }
    // The first row answers for the local booking the step was sent for (the booking of a create,
    // the moved, marked or cancelled row); any further row finds its own twin.
    const forLocalId = index === 0 ? item.step.localBookingId : undefined;
    return applyBookingRecord(db, parsed.record, pending, forLocalId).localId;
  });
  // The number read to the caller was taken on the hub: the booking now shows the hub's, and the
  // resident has to be told.
  for (const change of result.renumbered ?? []) {
    const index = records.findIndex((r) => r.ok && r.record.id === change.bookingId);
    const localId = written[index];
    if (localId === undefined) continue;
    addBookingCallback(
      db,
      {
        bookingId: localId,
        kind: 'number_changed',
        previousBookingNumber: change.requested,
        mutationId: item.step.mutation.mutationId,
      },
      now,
    );
  }
}
