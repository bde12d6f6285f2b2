/** Cancelling bookings inside a hub transaction: seats go back to their slots, the changes are logged. */
import { type AuditEntry, appendAudits, bookingCancelledAudit } from '../audit/audit-log.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import { type BookingActor, recordBookingEvent } from './booking-events.ts';
import { releaseSeat } from './seat-counters.ts';

/**
 * Cancels the given (row-locked, confirmed) bookings, touching their slots in id order; each goes into
 * its booking's history and the audit with who cancelled it and why (`reason`, when the desk gave one).
 */
export async function cancelBookings(
  tx: HubTx,
  bookings: readonly BookingRow[],
  actor: BookingActor,
  reason: string | null = null,
): Promise<BookingRow[]> {
  const ordered = [...bookings].sort((a, b) => (a.slot_id < b.slot_id ? -1 : a.slot_id > b.slot_id ? 1 : 0));
  const cancelled: BookingRow[] = [];
  const audits: AuditEntry[] = [];
  for (const booking of ordered) {
    await releaseSeat(tx, booking.slot_id, booking.channel);
    const [row] = await tx.query<BookingRow>(
      `UPDATE bookings SET status = 'cancelled', cancelled_at = $2, updated_at = $2 WHERE id = $1 RETURNING *`,
      [booking.id, tx.now],
    );
    if (row) {
      tx.changes.upsert('booking', row.id, bookingRecordOf(row), row.municipality_code);
      await recordBookingEvent(tx, booking, row, actor, { action: 'cancelled', reason });
      audits.push(bookingCancelledAudit(booking, row, reason));
      cancelled.push(row);
    }
  }
  await appendAudits(tx, actor, audits);
  return cancelled;
}
