/**
 * Managers' changes through the sync API: a slot's capacity, call-center reserve, reserve release
 * and open/closed status; a venue's details. Each runs in one hub transaction with its change-log
 * rows and its audit entry. A capacity below the seats already booked or held is refused
 * (CAPACITY_BELOW_BOOKED); the UPDATE itself carries that condition, so no booking can slip in
 * between the check and the change.
 */

import { capacityBelowBookedMessage, decideSlotChange } from '../../domain/booking-rules/slot-change.ts';
import type { VenueRecord } from '../../domain/demo-city/records.ts';
import type { SlotChangeBody, VenueChangeBody } from '../../domain/hub-api/sync-api.ts';
import { appendAudit, changedFields } from '../audit/audit-log.ts';
import { sweepExpiredHolds } from '../booking/seat-counters.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import {
  type HubSlotRecord,
  type SlotRow,
  slotRecordOf,
  type VenueRow,
  venueRecordOf,
} from '../store/records.ts';
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
  status: r.status,
});

export async function changeSlot(
  deps: ManagerChangeDeps,
  session: SyncSession,
  slotId: string,
  body: SlotChangeBody,
): Promise<HubSlotRecord> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const [found] = await tx.query<{ municipality_code: string; held: number }>(
      'SELECT municipality_code, held FROM slots WHERE id = $1',
      [slotId],
    );
    if (!found || (session.municipalityCode && found.municipality_code !== session.municipalityCode)) {
      throw new HubError('NOT_FOUND', 'No such slot.');
    }
    // Expired holds must not stand in the way of a capacity cut.
    if (found.held > 0) await sweepExpiredHolds(tx, [slotId]);
    const [slot] = await tx.query<SlotRow>('SELECT * FROM slots WHERE id = $1 FOR UPDATE', [slotId]);
    // The rule is the domain's (the desktop without a hub decides with the same function); the UPDATE
    // below repeats the capacity condition so that it holds under the row lock.
    const decision = decideSlotChange(
      {
        capacity: slot!.capacity,
        callCenterReserve: slot!.call_center_reserve,
        status: slot!.status,
        bookedOnline: slot!.booked_online,
        bookedPhone: slot!.booked_phone,
        bookedWalkIn: slot!.booked_walk_in,
        held: slot!.held,
      },
      body,
    );
    if (!decision.ok && decision.reason === 'capacity_below_booked') {
      throw new HubError('CAPACITY_BELOW_BOOKED', capacityBelowBookedMessage(decision.seatsTaken));
    }
    if (!decision.ok) {
      throw new HubError('VALIDATION', 'The call-center reserve cannot be larger than the capacity.', {
        fields: [{ path: 'callCenterReserve', message: `at most the capacity (${decision.capacity})` }],
      });
    }
    const { capacity, callCenterReserve: reserve, status } = decision.next;
    const before = slotRecordOf(slot!);
    const [updated] = await tx.query<SlotRow>(
      `UPDATE slots SET capacity = $2, call_center_reserve = $3, reserve_release_days = $4, status = $5, updated_at = $6
       WHERE id = $1 AND $2 >= booked_online + booked_phone + booked_walk_in + held
         AND (capacity, call_center_reserve, reserve_release_days, status) IS DISTINCT FROM ($2, $3, $4, $5)
       RETURNING *`,
      [slotId, capacity, reserve, body.reserveReleaseDays ?? slot!.reserve_release_days, status, tx.now],
    );
    if (!updated) return before;
    const after = slotRecordOf(updated);
    tx.changes.upsert('slot', updated.id, after, updated.municipality_code);
    await appendAudit(tx, session, {
      action: 'slot.change',
      entity: 'slot',
      entityId: slotId,
      municipalityCode: updated.municipality_code,
      ...changedFields(slotShape(before), slotShape(after)),
    });
    return after;
  });
  return result;
}

const venueShape = (v: VenueRecord) => ({
  name: v.name,
  nameKana: v.nameKana,
  kind: v.kind,
  area: v.area,
  address: v.address,
  phone: v.phone,
  active: v.active,
});

export async function changeVenue(
  deps: ManagerChangeDeps,
  session: SyncSession,
  venueId: string,
  body: VenueChangeBody,
): Promise<VenueRecord> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const [venue] = await tx.query<VenueRow>('SELECT * FROM venues WHERE id = $1 FOR UPDATE', [venueId]);
    if (!venue || (session.municipalityCode && venue.municipality_code !== session.municipalityCode)) {
      throw new HubError('NOT_FOUND', 'No such venue.');
    }
    const before = venueRecordOf(venue);
    const next = { ...venueShape(before), ...definedOnly(body) };
    const [updated] = await tx.query<VenueRow>(
      `UPDATE venues SET name = $2, name_kana = $3, kind = $4, area = $5, address = $6, phone = $7, active = $8,
         updated_at = $9
       WHERE id = $1
         AND (name, name_kana, kind, area, address, phone, active) IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8)
       RETURNING *`,
      [
        venueId,
        next.name,
        next.nameKana,
        next.kind,
        next.area,
        next.address,
        next.phone,
        next.active,
        tx.now,
      ],
    );
    if (!updated) return before;
    const after = venueRecordOf(updated);
    tx.changes.upsert('venue', updated.id, after, updated.municipality_code);
    await appendAudit(tx, session, {
      action: 'venue.change',
      entity: 'venue',
      entityId: venueId,
      municipalityCode: updated.municipality_code,
      ...changedFields(venueShape(before), venueShape(after)),
    });
    return after;
  });
  return result;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
