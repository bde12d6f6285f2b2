/**
 * The booking's history on the hub (store/migrations/007): every move, cancellation, mark and undone
 * mark appends one row in the transaction of the change, and the row goes to desktops through the
 * change log (entity 'booking_event'), so every desk shows what happened to a booking wherever it
 * happened.
 */
import type { BookingEventAction } from '../../domain/hub-api/records.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type BookingEventRow, type BookingRow, bookingEventRecordOf } from '../store/records.ts';

/** Who made a change: a staff member through a desktop's mutation, or the resident online (all null). */
export interface BookingActor {
  staffId: string | null;
  deviceId: string | null;
  mutationId: string | null;
}

export const residentOnline: BookingActor = { staffId: null, deviceId: null, mutationId: null };

export interface BookingEventDetail {
  action: BookingEventAction;
  reason?: string | null;
}

/** Records the change from `before` to `after` (the same booking, in this transaction). */
export async function recordBookingEvent(
  tx: HubTx,
  before: BookingRow,
  after: BookingRow,
  actor: BookingActor,
  detail: BookingEventDetail,
): Promise<void> {
  const moved = before.slot_id !== after.slot_id;
  const [row] = await tx.query<BookingEventRow>(
    `INSERT INTO booking_events (booking_id, municipality_code, at, action, staff_id, device_id, mutation_id,
                                 from_status, to_status, from_slot_id, to_slot_id, reason, vaccine_lot)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    [
      after.id,
      after.municipality_code,
      tx.now,
      detail.action,
      actor.staffId,
      actor.deviceId,
      actor.mutationId,
      before.status,
      after.status,
      moved ? before.slot_id : null,
      moved ? after.slot_id : null,
      detail.reason ?? null,
      after.vaccine_lot,
    ],
  );
  tx.changes.upsert('booking_event', String(row!.id), bookingEventRecordOf(row!), row!.municipality_code);
}
