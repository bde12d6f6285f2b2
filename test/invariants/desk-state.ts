/** Reads what the invariants (booking-invariants.ts) judge from a desk's local store. */
import { openCallbackTasks } from '../../db/queries/callback-tasks.ts';
import type { Database } from '../../db/sqlite-driver.ts';
import type { DeskState } from './booking-invariants.ts';

/** The desk's bookings with their hub twins, and its callback tasks (open, or called back already). */
export function readDeskState(name: string, db: Database): DeskState {
  const bookings = db
    .prepare(
      `SELECT id AS localId, hub_id AS hubId, channel, status, slot_id AS slotId FROM bookings ORDER BY id`,
    )
    .all() as DeskState['bookings'];
  const calledBack = db.prepare('SELECT booking_id FROM callback_outcomes').pluck().all() as string[];
  return {
    name,
    bookings,
    callbackTaskIds: [...openCallbackTasks(db).map((t) => t.booking.bookingId), ...calledBack],
  };
}
