/**
 * Applying a desktop's outbox. Each mutation has the desktop's UUID and is applied idempotently:
 * the same id with the same payload answers the stored result again (ok or rejected), the same id
 * with another payload is rejected as IDEMPOTENCY_CONFLICT. A rejection is final and stored; an
 * unexpected failure answers `retry` and stores nothing. Mutations are applied in the order sent.
 */

import { venueDayRoles } from '../../domain/api/methods/venue-day.ts';
import { todayIn } from '../../domain/calendar.ts';
import type { Mutation, MutationResult } from '../../domain/hub-api/sync-api.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { appendAudit, appendAudits, auditRefusal, bookingMadeAudit } from '../audit/audit-log.ts';
import { bookCoupon } from '../booking/book-coupon.ts';
import type { BookingActor } from '../booking/booking-events.ts';
import { cancelBookings } from '../booking/cancel-bookings.ts';
import { claimKey, requestHash, saveAnswer, storedAnswer } from '../booking/idempotency.ts';
import { markBooking } from '../booking/mark-booking.ts';
import { moveBooking } from '../booking/move-booking.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import type { SyncSession } from './device-sessions.ts';

const scope = 'sync-mutation';

const allowedRoles: Record<string, readonly StaffRole[]> = {
  'book:phone': ['operator', 'manager'],
  'book:walk_in': ['operator', 'venue_staff', 'manager'],
  cancel: ['operator', 'manager'],
  move: ['operator', 'manager'],
  // The venue day's roles on the desktop (domain/api/methods/venue-day.ts).
  mark: venueDayRoles,
};

function permission(mutation: Mutation): string {
  return mutation.kind === 'book' ? `book:${mutation.payload.channel}` : mutation.kind;
}

type Renumbered = NonNullable<Extract<MutationResult, { status: 'ok' }>['renumbered']>;

interface Applied {
  rows: BookingRow[];
  renumbered?: Renumbered;
}

const today = (tx: HubTx): string => todayIn(japanTimeZone, tx.now);

async function apply(tx: HubTx, session: SyncSession, mutation: Mutation): Promise<Applied> {
  if (!allowedRoles[permission(mutation)]!.includes(session.role)) {
    throw new HubError('FORBIDDEN', 'This role may not make this change.');
  }
  await requireOwnVenue(tx, session, mutation);
  switch (mutation.kind) {
    case 'book':
      return applyBook(tx, session, mutation);
    case 'cancel':
      return applyCancel(tx, session, mutation);
    case 'move':
      return applyMove(tx, session, mutation);
    case 'mark':
      return applyMark(tx, session, mutation);
  }
}

/**
 * Venue staff change only what happens at their venues: walk-ins into their slots, marks of their
 * bookings. (A booking or slot that does not exist is left to the change itself: NOT_FOUND, VALIDATION.)
 */
async function requireOwnVenue(tx: HubTx, session: SyncSession, mutation: Mutation): Promise<void> {
  if (session.venueIds === null) return;
  const elsewhere =
    mutation.kind === 'book'
      ? await tx.query(`SELECT 1 FROM slots WHERE id = ANY($1::text[]) AND venue_id <> ALL($2::text[])`, [
          mutation.payload.followUpSlotId
            ? [mutation.payload.slotId, mutation.payload.followUpSlotId]
            : [mutation.payload.slotId],
          session.venueIds,
        ])
      : await tx.query(
          `SELECT 1 FROM bookings b JOIN slots s ON s.id = b.slot_id
            WHERE b.id = $1 AND s.venue_id <> ALL($2::text[])`,
          [mutation.payload.bookingId, session.venueIds],
        );
  if (elsewhere.length > 0) {
    throw new HubError('FORBIDDEN', 'Venue staff may change only what happens at their own venues.');
  }
}

/** The staff member, their desktop and the mutation: who made a change, in the booking's history. */
const actorOf = (session: SyncSession, mutation: Mutation): BookingActor => ({
  staffId: session.staffId,
  deviceId: session.deviceId,
  mutationId: mutation.mutationId,
});

async function applyBook(
  tx: HubTx,
  session: SyncSession,
  mutation: Extract<Mutation, { kind: 'book' }>,
): Promise<Applied> {
  const p = mutation.payload;
  const identities = [
    { id: p.bookingId, bookingNumber: p.bookingNumber },
    { id: p.followUpBookingId, bookingNumber: p.followUpBookingNumber },
  ];
  // Pushed before and its stored answer already expired: the booking it made is the answer.
  // (Only a booking this staff member pushed: another desk's mutation id is not this one's answer.)
  let rows = await tx.query<BookingRow>('SELECT * FROM bookings WHERE mutation_id = $1', [
    mutation.mutationId,
  ]);
  if (rows.some((row) => row.created_by !== session.staffId)) {
    throw new HubError('IDEMPOTENCY_CONFLICT', 'This mutation id was already used by another desktop.');
  }
  if (rows.length === 0) {
    const booked = await bookCoupon(tx, {
      couponId: p.couponId,
      channel: p.channel,
      slotIds: p.followUpSlotId ? [p.slotId, p.followUpSlotId] : [p.slotId],
      doseNumber: p.doseNumber,
      today: today(tx),
      contactPhone: p.contactPhone ?? '',
      notes: p.notes ?? '',
      createdBy: session.staffId,
      mutationId: mutation.mutationId,
      municipalityCode: session.municipalityCode,
      hold: p.holdId ? { id: p.holdId, deviceId: session.deviceId } : null,
      identities,
    });
    rows = booked.map((b) => b.row);
    await appendAudits(tx, session, rows.map(bookingMadeAudit));
  }
  // The number the desktop read to the caller belonged to another booking: say which one it got.
  const renumbered: Renumbered = [];
  rows.forEach((row, i) => {
    const requested = identities[i]?.bookingNumber;
    if (requested !== undefined && requested !== row.booking_number) {
      renumbered.push({ bookingId: row.id, requested, bookingNumber: row.booking_number });
    }
  });
  return renumbered.length > 0 ? { rows, renumbered } : { rows };
}

async function applyCancel(
  tx: HubTx,
  session: SyncSession,
  mutation: Extract<Mutation, { kind: 'cancel' }>,
): Promise<Applied> {
  const [booking] = await tx.query<BookingRow>(
    `SELECT * FROM bookings WHERE id = $1 AND ($2::text IS NULL OR municipality_code = $2) FOR UPDATE`,
    [mutation.payload.bookingId, session.municipalityCode],
  );
  if (!booking) throw new HubError('NOT_FOUND', 'No such booking.');
  if (booking.status === 'cancelled') return { rows: [booking] };
  if (booking.status !== 'confirmed') {
    throw new HubError('NOT_CANCELLABLE', 'A checked-in, vaccinated or no-show booking cannot be cancelled.');
  }
  return {
    rows: await cancelBookings(tx, [booking], actorOf(session, mutation), mutation.payload.reason ?? null),
  };
}

/**
 * A staff member's move of a booking (a desk's `move` mutation, or a manager's bulk move of a cancelled
 * session: `mutationId` null) with its audit entry, in the caller's transaction.
 */
export async function moveBookingAsStaff(
  tx: HubTx,
  session: SyncSession,
  move: { bookingId: string; toSlotId: string; holdId?: string | undefined; mutationId: string | null },
): Promise<BookingRow> {
  const { row, before } = await moveBooking(tx, {
    bookingId: move.bookingId,
    toSlotId: move.toSlotId,
    today: today(tx),
    municipalityCode: session.municipalityCode,
    hold: move.holdId ? { id: move.holdId, deviceId: session.deviceId } : null,
    actor: { staffId: session.staffId, deviceId: session.deviceId, mutationId: move.mutationId },
  });
  if (before) {
    await appendAudit(tx, session, {
      action: 'booking.move',
      entity: 'booking',
      entityId: row.id,
      municipalityCode: row.municipality_code,
      before: { slotId: before.slot_id, channel: before.channel },
      after: { slotId: row.slot_id, channel: row.channel },
    });
  }
  return row;
}

async function applyMove(
  tx: HubTx,
  session: SyncSession,
  mutation: Extract<Mutation, { kind: 'move' }>,
): Promise<Applied> {
  const p = mutation.payload;
  const row = await moveBookingAsStaff(tx, session, {
    bookingId: p.bookingId,
    toSlotId: p.toSlotId,
    holdId: p.holdId,
    mutationId: mutation.mutationId,
  });
  return { rows: [row] };
}

async function applyMark(
  tx: HubTx,
  session: SyncSession,
  mutation: Extract<Mutation, { kind: 'mark' }>,
): Promise<Applied> {
  const p = mutation.payload;
  const { row, before } = await markBooking(tx, {
    bookingId: p.bookingId,
    status: p.status,
    vaccineLot: p.vaccineLot,
    municipalityCode: session.municipalityCode,
    actor: actorOf(session, mutation),
  });
  if (before) {
    await appendAudit(tx, session, {
      action: 'booking.mark',
      entity: 'booking',
      entityId: row.id,
      municipalityCode: row.municipality_code,
      before: { status: before.status, vaccineLot: before.vaccine_lot },
      after: { status: row.status, vaccineLot: row.vaccine_lot },
    });
  }
  return { rows: [row] };
}

function rejection(mutationId: string, error: HubError): MutationResult {
  return {
    mutationId,
    status: 'rejected',
    code: error.code,
    message: error.message,
    ...(error.reasons ? { reasons: error.reasons } : {}),
  };
}

export interface ApplyDeps {
  sql: HubSql;
  clock: Clock;
  /** Told about failures that are not a rejection (answered `retry`), for the log. */
  onUnexpected?: (error: unknown) => void;
}

async function applyOne(deps: ApplyDeps, session: SyncSession, mutation: Mutation): Promise<MutationResult> {
  const { sql } = deps;
  const now = deps.clock();
  const key = mutation.mutationId;
  const hash = requestHash({ kind: mutation.kind, payload: mutation.payload });
  try {
    const earlier = await storedAnswer(sql, scope, key, hash, session.deviceId);
    if (earlier) return earlier.body as MutationResult;
    const { result } = await runHubTransaction(sql, now, async (tx) => {
      const replay = await claimKey(tx, scope, key, hash, now, session.deviceId);
      if (replay) return replay.body as MutationResult;
      const { rows, renumbered } = await apply(tx, session, mutation);
      const answer: MutationResult = {
        mutationId: key,
        status: 'ok',
        bookings: rows.map(bookingRecordOf),
        ...(renumbered ? { renumbered } : {}),
      };
      await saveAnswer(tx, scope, key, { status: 200, body: answer });
      return answer;
    });
    return result;
  } catch (error) {
    if (!(error instanceof HubError)) {
      deps.onUnexpected?.(error);
      return { mutationId: key, status: 'retry', message: 'The hub could not apply this now.' };
    }
    const answer = rejection(key, error);
    if (error.code === 'FORBIDDEN') {
      await auditRefusal(sql, now, session, {
        entity: 'mutation',
        entityId: key,
        municipalityCode: session.municipalityCode,
        what: permission(mutation),
      });
    }
    if (error.code === 'IDEMPOTENCY_CONFLICT') return answer;
    // Final: store it, unless a concurrent push of the same mutation stored its answer first.
    const stored = await sql.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at, device_id)
       VALUES ($1, $2, $3, 409, $4::json, $5, $6) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, hash, JSON.stringify(answer), now, session.deviceId],
    );
    if (stored.length > 0) return answer;
    const earlier = await storedAnswer(sql, scope, key, hash, session.deviceId).catch(() => null);
    return (earlier?.body as MutationResult | undefined) ?? answer;
  }
}

export async function applyMutations(
  deps: ApplyDeps,
  session: SyncSession,
  mutations: readonly Mutation[],
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const mutation of mutations) results.push(await applyOne(deps, session, mutation));
  return results;
}
