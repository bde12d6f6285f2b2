/**
 * Cancelling a session (POST /api/v1/sync/slot-cancellations[/preview]): the slots close, then every
 * resident booked in them is moved by the domain plan (supply/session-cancellation.ts), each in a hub
 * transaction of their own through the booking move (booking/move-booking.ts: the seat taken by the
 * conditional UPDATE, never an overbooking; the dose interval checked again). A resident whose planned
 * slot is taken meanwhile gets the plan's alternatives; one left without a seat keeps the booking in
 * the closed slot, which every desk lists as a slot_closed callback task. Running it again goes on with
 * the residents still in the closed slots.
 */
import {
  nextBookedDoseDate,
  previousDoseDate,
  seriesSoFar,
} from '../../domain/booking-rules/dose-history.ts';
import { japanTimeAt } from '../../domain/booking-rules/slot-start.ts';
import {
  defaultSearchDays,
  type SessionCancellationBody,
  type SessionCancellationPreview,
  type SessionCancellationResult,
} from '../../domain/hub-api/manager-api.ts';
import {
  type CandidateSlot,
  type PlannedMove,
  planSessionMoves,
  type StrandedBooking,
} from '../../domain/supply/session-cancellation.ts';
import type { CouponStatus } from '../../domain/vocabulary/index.ts';
import { type AuditEntry, appendAudits } from '../audit/audit-log.ts';
import { HubError } from '../hub-error.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { type SlotRow, slotRecordOf } from '../store/records.ts';
import { moveBookingAsStaff } from '../sync/apply-mutations.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { managerRoles, requireRole } from '../sync/session-roles.ts';
import type { ManagerChangeDeps } from './manager-changes.ts';

export interface SessionCancellationDeps extends ManagerChangeDeps {
  /** A move that failed for a reason other than a refusal (logged without personal data). */
  onUnexpected?: (error: unknown) => void;
}

interface StrandedRow {
  booking_id: string;
  booking_number: string;
  coupon_id: string;
  dose_number: number;
  slot_id: string;
  venue_id: string;
  product_id: string;
  date: string;
  start_time: string;
  coupon_status: CouponStatus;
  birth_date: string;
}

interface SeriesRow {
  coupon_id: string;
  booking_id: string | null;
  dose_number: number;
  date: string;
  product_id: string | null;
  given: boolean;
}

async function sessionSlots(
  sql: SqlExecutor,
  session: SyncSession,
  slotIds: readonly string[],
): Promise<SlotRow[]> {
  const rows = await sql.query<SlotRow>(
    'SELECT * FROM slots WHERE id = ANY($1::text[]) AND ($2::text IS NULL OR municipality_code = $2) ORDER BY id',
    [[...new Set(slotIds)], session.municipalityCode],
  );
  const found = new Set(rows.map((r) => r.id));
  const unknown = slotIds.findIndex((id) => !found.has(id));
  if (unknown >= 0) {
    throw new HubError('VALIDATION', 'Some slots of the session do not exist.', {
      fields: [{ path: `slotIds.${unknown}`, message: 'unknown slot' }],
    });
  }
  return rows;
}

/** The confirmed bookings of the slots with what their series needs of a new slot. */
async function strandedBookings(
  sql: SqlExecutor,
  slotIds: readonly string[],
): Promise<Array<StrandedBooking & { bookingNumber: string }>> {
  const rows = await sql.query<StrandedRow>(
    `SELECT b.id AS booking_id, b.booking_number, b.coupon_id, b.dose_number, s.id AS slot_id, s.venue_id, s.product_id,
            s.date, s.start_time, c.status AS coupon_status, c.birth_date
       FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
      WHERE b.slot_id = ANY($1::text[]) AND b.status = 'confirmed'
      ORDER BY s.date, s.start_time, b.id`,
    [[...slotIds]],
  );
  if (rows.length === 0) return [];
  const series = await sql.query<SeriesRow>(
    `SELECT coupon_id, NULL::uuid AS booking_id, dose_number, date, product_id, true AS given
       FROM coupon_doses WHERE coupon_id = ANY($1::text[])
     UNION ALL
     SELECT b.coupon_id, b.id, b.dose_number, s.date, s.product_id, b.status = 'vaccinated'
       FROM bookings b JOIN slots s ON s.id = b.slot_id
      WHERE b.coupon_id = ANY($1::text[]) AND b.status IN ('confirmed', 'checked_in', 'vaccinated')`,
    [[...new Set(rows.map((r) => r.coupon_id))]],
  );
  return rows.map((r) => {
    // The series without the booking itself, as the move check sees it (booking-checks.ts checkMove).
    const { history, seriesProductId } = seriesSoFar(
      series
        .filter((d) => d.coupon_id === r.coupon_id)
        .map((d) => ({
          doseNumber: d.dose_number,
          date: d.date,
          productId: d.product_id,
          given: d.given,
          bookingId: d.booking_id,
        })),
      r.booking_id,
    );
    return {
      bookingId: r.booking_id,
      bookingNumber: r.booking_number,
      couponId: r.coupon_id,
      doseNumber: r.dose_number,
      slot: {
        id: r.slot_id,
        venueId: r.venue_id,
        productId: r.product_id,
        date: r.date,
        startTime: r.start_time,
      },
      coupon: { status: r.coupon_status, birthDate: r.birth_date },
      seriesProductId,
      previousDoseDate: previousDoseDate(history, r.dose_number),
      nextDoseDate: nextBookedDoseDate(history, r.dose_number),
    };
  });
}

/** Open slots of the same products near the residents' dates, at their venues or (if allowed) others. */
async function candidateSlots(
  sql: SqlExecutor,
  closed: readonly SlotRow[],
  stranded: readonly StrandedBooking[],
  body: SessionCancellationBody,
): Promise<Array<CandidateSlot & { row: SlotRow }>> {
  if (stranded.length === 0) return [];
  const searchDays = body.searchDays ?? defaultSearchDays;
  const dates = stranded.map((s) => s.slot.date).sort();
  const rows = await sql.query<
    SlotRow & {
      doses_in_series: number;
      interval_min_days: number;
      interval_max_days: number;
      min_age_years: number;
      age_reference_date: string | null;
    }
  >(
    `SELECT s.*, p.doses_in_series, p.interval_min_days, p.interval_max_days, p.min_age_years, p.age_reference_date
       FROM slots s JOIN venues v ON v.id = s.venue_id JOIN vaccine_products p ON p.id = s.product_id
      WHERE s.municipality_code = ANY($1::text[]) AND s.product_id = ANY($2::text[]) AND s.status = 'open' AND v.active
        AND s.date BETWEEN $3::date - $5::int AND $4::date + $5::int
        AND NOT s.id = ANY($6::text[])
        AND ($7::boolean OR s.venue_id = ANY($8::text[]))
        AND s.capacity > s.booked_online + s.booked_phone + s.booked_walk_in + s.held
      ORDER BY s.date, s.start_time, s.id`,
    [
      [...new Set(closed.map((s) => s.municipality_code))],
      [...new Set(stranded.map((s) => s.slot.productId))],
      dates[0],
      dates.at(-1),
      searchDays,
      closed.map((s) => s.id),
      body.otherVenues ?? true,
      [...new Set(stranded.map((s) => s.slot.venueId))],
    ],
  );
  return rows.map((s) => ({
    row: s,
    id: s.id,
    venueId: s.venue_id,
    productId: s.product_id,
    date: s.date,
    startTime: s.start_time,
    freeSeats: s.capacity - s.booked_online - s.booked_phone - s.booked_walk_in - s.held,
    product: {
      dosesInSeries: s.doses_in_series,
      intervalMinDays: s.interval_min_days,
      intervalMaxDays: s.interval_max_days,
      minAgeYears: s.min_age_years,
      ageReferenceDate: s.age_reference_date,
    },
  }));
}

interface Planned {
  stranded: Array<StrandedBooking & { bookingNumber: string }>;
  candidates: Array<CandidateSlot & { row: SlotRow }>;
  moves: PlannedMove[];
}

async function plan(
  sql: SqlExecutor,
  slots: readonly SlotRow[],
  body: SessionCancellationBody,
  now: Date,
): Promise<Planned> {
  const stranded = await strandedBookings(
    sql,
    slots.map((s) => s.id),
  );
  const candidates = await candidateSlots(sql, slots, stranded, body);
  const moves = planSessionMoves(stranded, candidates, {
    closedSlotIds: new Set(slots.map((s) => s.id)),
    now: japanTimeAt(now),
  });
  return { stranded, candidates, moves };
}

export async function previewSessionCancellation(
  deps: ManagerChangeDeps,
  session: SyncSession,
  body: SessionCancellationBody,
): Promise<SessionCancellationPreview> {
  requireRole(session, managerRoles);
  const slots = await sessionSlots(deps.sql, session, body.slotIds);
  const { stranded, candidates, moves } = await plan(deps.sql, slots, body, deps.clock());
  const planned = new Map(moves.map((m) => [m.bookingId, m]));
  const targets = new Set(moves.flatMap((m) => (m.toSlotId ? [m.toSlotId, ...m.alternatives] : [])));
  return {
    affected: stranded.map((s) => ({
      bookingId: s.bookingId,
      bookingNumber: s.bookingNumber,
      couponId: s.couponId,
      doseNumber: s.doseNumber,
      fromSlotId: s.slot.id,
      toSlotId: planned.get(s.bookingId)?.toSlotId ?? null,
      alternatives: planned.get(s.bookingId)?.alternatives ?? [],
    })),
    targetSlots: candidates.filter((c) => targets.has(c.id)).map((c) => slotRecordOf(c.row)),
  };
}

export async function applySessionCancellation(
  deps: SessionCancellationDeps,
  session: SyncSession,
  body: SessionCancellationBody,
): Promise<SessionCancellationResult> {
  requireRole(session, managerRoles);
  // 1. Close the slots: from here on nobody books into them.
  const { result: closure } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const slots = await sessionSlots(tx, session, body.slotIds);
    const closed = await tx.query<SlotRow>(
      `UPDATE slots SET status = 'closed', updated_at = $2
        WHERE id IN (SELECT id FROM slots WHERE id = ANY($1::text[]) AND status = 'open' ORDER BY id FOR UPDATE)
        RETURNING *`,
      [slots.map((s) => s.id), tx.now],
    );
    const audits: AuditEntry[] = [];
    for (const row of closed.sort((a, b) => a.id.localeCompare(b.id))) {
      tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
      audits.push({
        action: 'slot.cancel_session',
        entity: 'slot',
        entityId: row.id,
        municipalityCode: row.municipality_code,
        before: { status: 'open' },
        after: { status: 'closed' },
      });
    }
    await appendAudits(tx, session, audits);
    return {
      slots: slots.map((s) => closed.find((c) => c.id === s.id) ?? s),
      closedIds: closed.map((r) => r.id),
    };
  });

  // 2. Move each resident in a transaction of their own, by the plan made after the closure.
  const { stranded, moves } = await plan(deps.sql, closure.slots, body, deps.clock());
  const fromSlot = new Map(stranded.map((s) => [s.bookingId, s.slot.id]));
  const results: SessionCancellationResult['results'] = [];
  for (const move of moves) {
    const from = fromSlot.get(move.bookingId)!;
    const tried = move.toSlotId ? [move.toSlotId, ...move.alternatives] : [];
    let code = 'NO_SEAT';
    let movedTo: string | null = null;
    for (const toSlotId of tried) {
      try {
        await runHubTransaction(deps.sql, deps.clock(), (tx) =>
          moveBookingAsStaff(tx, session, { bookingId: move.bookingId, toSlotId, mutationId: null }),
        );
        movedTo = toSlotId;
        break;
      } catch (error) {
        if (error instanceof HubError) {
          code = error.code;
          continue;
        }
        deps.onUnexpected?.(error);
        code = 'INTERNAL';
        break;
      }
    }
    results.push(
      movedTo
        ? { bookingId: move.bookingId, fromSlotId: from, outcome: 'moved', toSlotId: movedTo }
        : { bookingId: move.bookingId, fromSlotId: from, outcome: 'callback', code },
    );
  }
  return { closedSlotIds: closure.closedIds, results };
}
