/**
 * Slots with their seats for the venues and slots screen, and a manager's change of a slot:
 * - without a hub, decided here by the domain rule (domain/booking-rules/slot-change.ts) and written in
 *   one immediate transaction with its audit event, so no booking can slip in between;
 * - with a hub, the hub decides; its answer is written onto the local row (unless a newer version of
 *   the slot has already arrived by the pull) with the audit event.
 * Audit events name the slot and the old → new values of what changed; no personal data is involved.
 */
import type { SlotCapacityList, SlotCapacityRow } from '../../domain/api/methods/venue-slots.ts';
import {
  decideSlotChange,
  type SlotSettings,
  type SlotSettingsChange,
  type SlotSettingsNow,
} from '../../domain/booking-rules/slot-change.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { seatOccupyingSqlList } from './phone-slot-availability.ts';

interface SlotCapacityRecord {
  id: string;
  venue_id: string;
  venue_name: string;
  date: string;
  start_time: string;
  end_time: string;
  product_name: string;
  capacity: number;
  call_center_reserve: number;
  status: 'open' | 'closed';
  updated_at: string;
  booked_online: number;
  booked_phone: number;
  booked_walk_in: number;
  held: number;
}

const slotSelect = `
  SELECT s.id, s.venue_id, v.name AS venue_name, s.date, s.start_time, s.end_time, p.name AS product_name,
         s.capacity, s.call_center_reserve, s.status, s.updated_at,
         coalesce(sum(b.status <> 'held' AND b.channel = 'online'), 0) AS booked_online,
         coalesce(sum(b.status <> 'held' AND b.channel = 'phone'), 0) AS booked_phone,
         coalesce(sum(b.status <> 'held' AND b.channel = 'walk_in'), 0) AS booked_walk_in,
         coalesce(sum(b.status = 'held'), 0) AS held
    FROM slots s
    JOIN venues v ON v.id = s.venue_id
    JOIN vaccine_products p ON p.id = s.product_id
    LEFT JOIN bookings b ON b.slot_id = s.id AND b.status IN (${seatOccupyingSqlList})`;

const toRow = (r: SlotCapacityRecord): SlotCapacityRow => {
  const taken = r.booked_online + r.booked_phone + r.booked_walk_in + r.held;
  return {
    slotId: r.id,
    venueId: r.venue_id,
    venueName: r.venue_name,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    productName: r.product_name,
    capacity: r.capacity,
    callCenterReserve: r.call_center_reserve,
    booked: { phone: r.booked_phone, online: r.booked_online, walk_in: r.booked_walk_in },
    held: r.held,
    remaining: r.status === 'open' ? Math.max(r.capacity - taken, 0) : 0,
    status: r.status,
    updatedAt: r.updated_at,
  };
};

export interface SlotRange {
  venueId: string | null;
  from: string;
  to: string;
}

/** Slots from `from` to `to` (inclusive) of one venue or of every active venue, by date, venue and time. */
export function listSlotCapacity(db: Database, range: SlotRange): SlotCapacityRow[] {
  const venueFilter = range.venueId === null ? 'v.active = 1' : 's.venue_id = :venueId';
  return cachedStatement<[{ from: string; to: string; venueId: string | null }], SlotCapacityRecord>(
    db,
    `${slotSelect}
      WHERE s.date BETWEEN :from AND :to AND ${venueFilter}
      GROUP BY s.id
      ORDER BY s.date, v.name_kana, v.name, s.start_time, s.end_time, s.id`,
  )
    .all({ from: range.from, to: range.to, venueId: range.venueId })
    .map(toRow);
}

export function slotCapacityRow(db: Database, slotId: string): SlotCapacityRow | null {
  const record = cachedStatement<[string], SlotCapacityRecord>(
    db,
    `${slotSelect} WHERE s.id = ? GROUP BY s.id`,
  ).get(slotId);
  return record ? toRow(record) : null;
}

/** Active venues for the picker, in Japanese reading order. */
export function slotCapacityVenues(db: Database): SlotCapacityList['venues'] {
  return cachedStatement<[], { id: string; name: string }>(
    db,
    'SELECT id, name FROM venues WHERE active = 1 ORDER BY name_kana, name',
  ).all();
}

export const slotChangeAuditAction = 'slot.change';

const settingsOf = (row: SlotCapacityRow): SlotSettings => ({
  capacity: row.capacity,
  callCenterReserve: row.callCenterReserve,
  status: row.status,
});

export const slotSettingsNow = (row: SlotCapacityRow): SlotSettingsNow => ({
  ...settingsOf(row),
  bookedOnline: row.booked.online,
  bookedPhone: row.booked.phone,
  bookedWalkIn: row.booked.walk_in,
  held: row.held,
});

/** Only the fields that differ, as { before, after } (the hub's audit entries have the same shape). */
function changedSettings(before: SlotSettings, after: SlotSettings) {
  const keys = (Object.keys(before) as Array<keyof SlotSettings>).filter((k) => before[k] !== after[k]);
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

function auditSlotChange(
  db: Database,
  change: {
    slotId: string;
    staffId: string;
    via: 'hub' | 'local';
    before: SlotSettings;
    after: SlotSettings;
  },
  now: Date,
): void {
  appendAudit(
    db,
    {
      staffId: change.staffId,
      action: slotChangeAuditAction,
      entity: 'slot',
      entityIds: [change.slotId],
      detail: { via: change.via, ...changedSettings(change.before, change.after) },
    },
    now,
  );
}

export type LocalSlotChange =
  | { ok: true; slot: SlotCapacityRow; changed: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'capacity_below_booked'; seatsTaken: number }
  | { ok: false; reason: 'reserve_above_capacity'; capacity: number };

/**
 * A change on a desktop without a hub: read, decide and write in one immediate transaction (a
 * phone booking taking the last seat waits for it, or comes first and is counted).
 */
export function changeSlotLocally(
  db: Database,
  change: { slotId: string; staffId: string } & SlotSettingsChange,
  now: Date = new Date(),
): LocalSlotChange {
  const run = db.transaction((): LocalSlotChange => {
    const row = slotCapacityRow(db, change.slotId);
    if (!row) return { ok: false, reason: 'not_found' };
    const decision = decideSlotChange(slotSettingsNow(row), change);
    if (!decision.ok) return decision;
    if (!decision.changed) return { ok: true, slot: row, changed: false };
    cachedStatement(
      db,
      `UPDATE slots SET capacity = :capacity, call_center_reserve = :callCenterReserve, status = :status,
              updated_at = :updatedAt
        WHERE id = :id`,
    ).run({ id: change.slotId, ...decision.next, updatedAt: now.toISOString() });
    auditSlotChange(
      db,
      {
        slotId: change.slotId,
        staffId: change.staffId,
        via: 'local',
        before: settingsOf(row),
        after: decision.next,
      },
      now,
    );
    return { ok: true, slot: slotCapacityRow(db, change.slotId)!, changed: true };
  });
  return run.immediate();
}

/** The slot as the hub answered a manager's change (sync-api hubSlotRecordSchema, the fields used here). */
export interface HubSlotAnswer {
  id: string;
  capacity: number;
  callCenterReserve: number;
  status: 'open' | 'closed';
  updatedAt: string;
}

/**
 * The hub accepted a change: its answer goes onto the local row at once (the pull that follows brings
 * the same record), unless the local row is already newer (a later change arrived by the pull first).
 * Audited with the values this desktop showed before and the hub's after. Answers the row as it is now.
 */
export function recordHubSlotChange(
  db: Database,
  change: { before: SlotCapacityRow; answer: HubSlotAnswer; staffId: string },
  now: Date = new Date(),
): { slot: SlotCapacityRow | null; changed: boolean } {
  const run = db.transaction(() => {
    const { before, answer } = change;
    const after: SlotSettings = {
      capacity: answer.capacity,
      callCenterReserve: Math.min(answer.callCenterReserve, answer.capacity),
      status: answer.status,
    };
    cachedStatement(
      db,
      `UPDATE slots SET capacity = :capacity, call_center_reserve = :callCenterReserve, status = :status,
              updated_at = :updatedAt
        WHERE id = :id AND updated_at <= :updatedAt`,
    ).run({ id: answer.id, ...after, updatedAt: answer.updatedAt });
    const changed = Object.keys(changedSettings(settingsOf(before), after).after).length > 0;
    if (changed) {
      auditSlotChange(
        db,
        { slotId: answer.id, staffId: change.staffId, via: 'hub', before: settingsOf(before), after },
        now,
      );
    }
    return { slot: slotCapacityRow(db, answer.id), changed };
  });
  return run.immediate();
}
