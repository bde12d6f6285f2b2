/**
 * Managers' changes of slots through the sync API: one slot (PATCH /api/v1/sync/slots/{slotId}) or
 * many at once (POST /api/v1/sync/slots/bulk-change): capacity, call-center reserve, reserve release
 * and open/closed status. Each request runs in one hub transaction with its change-log rows and an
 * audit entry per slot changed. The rule is the domain's (supply/bulk-slot-change.ts on
 * booking-rules/slot-change.ts): a capacity below the seats already booked or held is refused
 * (CAPACITY_BELOW_BOOKED, naming the bookings in the way) and nothing changes; the UPDATE itself
 * repeats that condition under the slots' row locks, so no booking can slip in between.
 */

import { capacityBelowBookedMessage } from '../../domain/booking-rules/slot-change.ts';
import type { BelowBooked } from '../../domain/hub-api/errors.ts';
import {
  type BulkSlotChangeBody,
  maxBulkSlots,
  type SlotSelection,
} from '../../domain/hub-api/manager-api.ts';
import type { SlotChangeBody } from '../../domain/hub-api/sync-api.ts';
import { type BulkSlotChange, decideBulkSlotChange } from '../../domain/supply/bulk-slot-change.ts';
import { type AuditEntry, appendAudits, changedFields } from '../audit/audit-log.ts';
import { sweepExpiredHolds } from '../booking/seat-counters.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import { type HubSlotRecord, type SlotRow, slotRecordOf } from '../store/records.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { managerRoles, requireRole } from '../sync/session-roles.ts';

export interface ManagerChangeDeps {
  sql: HubSql;
  clock: Clock;
}

const slotShape = (r: HubSlotRecord) => ({
  capacity: r.capacity,
  callCenterReserve: r.callCenterReserve,
  reserveReleaseDays: r.reserveReleaseDays,
  reserveReleaseHours: r.reserveReleaseHours,
  status: r.status,
});

/** Booking statuses that keep a seat of their slot (a no-show keeps it; a cancellation gives it back). */
export const seatHoldingStatusesSql = "('confirmed', 'checked_in', 'vaccinated', 'no_show')";

/** The slots refused, with the bookings that hold their seats (ids only: no personal data). */
async function belowBookedDetail(
  sql: SqlExecutor,
  refused: ReadonlyArray<{ id: string; seatsTaken: number }>,
  rows: ReadonlyMap<string, SlotRow>,
): Promise<BelowBooked[]> {
  const bookings = await sql.query<{ slot_id: string; id: string }>(
    `SELECT slot_id, id FROM bookings WHERE slot_id = ANY($1::text[]) AND status IN ${seatHoldingStatusesSql}
     ORDER BY slot_id, created_at, id`,
    [refused.map((r) => r.id)],
  );
  return refused.map((r) => ({
    slotId: r.id,
    seatsTaken: r.seatsTaken,
    held: rows.get(r.id)?.held ?? 0,
    bookingIds: bookings.filter((b) => b.slot_id === r.id).map((b) => b.id),
  }));
}

export interface SlotChangesApplied {
  /** The slots as they are now, in id order (changed or not). */
  slots: HubSlotRecord[];
  changedIds: Set<string>;
}

/**
 * Locks the slots (id order, as bookings do), decides the change for all of them and writes it, or
 * throws CAPACITY_BELOW_BOOKED / VALIDATION having changed nothing. `refusalMessage` words the
 * capacity refusal (the one-slot route keeps the count-first message desks read).
 */
export async function applySlotChanges(
  tx: HubTx,
  session: SyncSession,
  slotIds: readonly string[],
  change: BulkSlotChange,
  refusalMessage: (refused: ReadonlyArray<{ id: string; seatsTaken: number }>) => string,
): Promise<SlotChangesApplied> {
  const ids = [...new Set(slotIds)].sort();
  const withHolds = await tx.query<{ id: string }>(
    'SELECT id FROM slots WHERE id = ANY($1::text[]) AND held > 0',
    [ids],
  );
  // Expired holds must not stand in the way of a capacity cut.
  if (withHolds.length > 0)
    await sweepExpiredHolds(
      tx,
      withHolds.map((s) => s.id),
    );
  const locked = await tx.query<SlotRow>(
    'SELECT * FROM slots WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  const rows = new Map(locked.map((r) => [r.id, r]));
  const decision = decideBulkSlotChange(
    locked.map((s) => ({
      id: s.id,
      capacity: s.capacity,
      callCenterReserve: s.call_center_reserve,
      status: s.status,
      reserveReleaseDays: s.reserve_release_days,
      reserveReleaseHours: s.reserve_release_hours,
      bookedOnline: s.booked_online,
      bookedPhone: s.booked_phone,
      bookedWalkIn: s.booked_walk_in,
      held: s.held,
    })),
    change,
  );
  if (!decision.ok && decision.belowBooked.length > 0) {
    throw new HubError('CAPACITY_BELOW_BOOKED', refusalMessage(decision.belowBooked), {
      belowBooked: await belowBookedDetail(tx, decision.belowBooked, rows),
    });
  }
  if (!decision.ok) {
    const [first] = decision.reserveAboveCapacity;
    throw new HubError('VALIDATION', 'The call-center reserve cannot be larger than the capacity.', {
      fields: [{ path: 'callCenterReserve', message: `at most the capacity (${first!.capacity})` }],
    });
  }
  const changes = decision.changes.filter((c) => c.changed);
  const updated =
    changes.length === 0
      ? []
      : await tx.query<SlotRow>(
          `UPDATE slots s SET capacity = t.capacity, call_center_reserve = t.reserve,
             reserve_release_days = t.release_days, reserve_release_hours = t.release_hours, status = t.status,
             updated_at = $7
           FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::text[])
             AS t (id, capacity, reserve, release_days, release_hours, status)
           WHERE s.id = t.id AND t.capacity >= s.booked_online + s.booked_phone + s.booked_walk_in + s.held
           RETURNING s.*`,
          [
            changes.map((c) => c.id),
            changes.map((c) => c.next.capacity),
            changes.map((c) => c.next.callCenterReserve),
            changes.map((c) => c.next.reserveReleaseDays),
            changes.map((c) => c.next.reserveReleaseHours),
            changes.map((c) => c.next.status),
            tx.now,
          ],
        );
  // Under the row locks nothing can have taken a seat since the decision.
  if (updated.length !== changes.length) throw new Error('a locked slot changed under a bulk slot change');
  const audits: AuditEntry[] = [];
  for (const row of updated.sort((a, b) => a.id.localeCompare(b.id))) {
    const after = slotRecordOf(row);
    tx.changes.upsert('slot', row.id, after, row.municipality_code);
    rows.set(row.id, row);
    audits.push({
      action: 'slot.change',
      entity: 'slot',
      entityId: row.id,
      municipalityCode: row.municipality_code,
      ...changedFields(slotShape(slotRecordOf(locked.find((l) => l.id === row.id)!)), slotShape(after)),
    });
  }
  await appendAudits(tx, session, audits);
  return {
    slots: ids.flatMap((id) => (rows.has(id) ? [slotRecordOf(rows.get(id)!)] : [])),
    changedIds: new Set(updated.map((r) => r.id)),
  };
}

export async function changeSlot(
  deps: ManagerChangeDeps,
  session: SyncSession,
  slotId: string,
  body: SlotChangeBody,
): Promise<HubSlotRecord> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const [found] = await tx.query<{ municipality_code: string }>(
      'SELECT municipality_code FROM slots WHERE id = $1',
      [slotId],
    );
    if (!found || (session.municipalityCode && found.municipality_code !== session.municipalityCode)) {
      throw new HubError('NOT_FOUND', 'No such slot.');
    }
    const { slots } = await applySlotChanges(tx, session, [slotId], body, ([refused]) =>
      capacityBelowBookedMessage(refused!.seatsTaken),
    );
    return slots[0]!;
  });
  return result;
}

/** The slot ids a selection names, within the session's municipality (unknown named ids: VALIDATION). */
async function selectedSlotIds(
  sql: SqlExecutor,
  session: SyncSession,
  selection: SlotSelection,
): Promise<string[]> {
  if ('slotIds' in selection) {
    const found = await sql.query<{ id: string }>(
      'SELECT id FROM slots WHERE id = ANY($1::text[]) AND ($2::text IS NULL OR municipality_code = $2)',
      [selection.slotIds, session.municipalityCode],
    );
    const known = new Set(found.map((r) => r.id));
    const unknown = selection.slotIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) {
      throw new HubError('VALIDATION', 'Some selected slots do not exist.', {
        fields: [{ path: `selection.slotIds.${unknown}`, message: 'unknown slot' }],
      });
    }
    return [...known];
  }
  const rows = await sql.query<{ id: string }>(
    `SELECT s.id FROM slots s
      WHERE s.date BETWEEN $1::date AND $2::date
        AND ($3::text IS NULL OR s.venue_id = $3)
        AND ($4::text IS NULL OR s.municipality_code = $4)
        AND ($5::int[] IS NULL OR extract(dow FROM s.date)::int = ANY($5::int[]))
        AND ($6::text[] IS NULL OR s.start_time = ANY($6::text[]))
      ORDER BY s.id`,
    [
      selection.from,
      selection.to,
      selection.venueId ?? null,
      session.municipalityCode,
      selection.daysOfWeek ?? null,
      selection.startTimes ?? null,
    ],
  );
  return rows.map((r) => r.id);
}

export async function changeSlotsInBulk(
  deps: ManagerChangeDeps,
  session: SyncSession,
  body: BulkSlotChangeBody,
): Promise<{ changed: HubSlotRecord[]; unchanged: number }> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const ids = await selectedSlotIds(tx, session, body.selection);
    if (ids.length === 0) {
      throw new HubError('VALIDATION', 'No slot matches the selection.', {
        fields: [{ path: 'selection', message: 'no slot matches' }],
      });
    }
    if (ids.length > maxBulkSlots) {
      throw new HubError('VALIDATION', 'The selection has too many slots for one change.', {
        fields: [
          { path: 'selection', message: `at most ${maxBulkSlots} slots at once (${ids.length} match)` },
        ],
      });
    }
    const { slots, changedIds } = await applySlotChanges(tx, session, ids, body.change, (refused) =>
      refused.length === 1
        ? capacityBelowBookedMessage(refused[0]!.seatsTaken)
        : `${refused.length} of the selected slots have more seats booked or held than that capacity. Move or cancel bookings first.`,
    );
    return { changed: slots.filter((s) => changedIds.has(s.id)), unchanged: slots.length - changedIds.size };
  });
  return result;
}

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
