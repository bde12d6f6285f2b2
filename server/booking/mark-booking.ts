/**
 * The venue's marks on the hub: checked in, vaccinated (with the vaccine lot), no-show, and their
 * undoing, as domain/booking-status.ts attendanceChangeAllowed allows them (the rule the desktop's venue
 * day follows). Seats do not change: a marked booking keeps its seat, a no-show too. Runs inside
 * runHubTransaction; throws HubError and then nothing has changed.
 */
import { attendanceChangeAllowed } from '../../domain/booking-status.ts';
import type { MarkStatus } from '../../domain/hub-api/sync-api.ts';
import { HubError } from '../hub-error.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import { type BookingActor, recordBookingEvent } from './booking-events.ts';

export interface MarkBookingInput {
  bookingId: string;
  status: MarkStatus;
  /** With `vaccinated`: the lot given (left as it was when not named). */
  vaccineLot: string | undefined;
  /** When set, a booking of another municipality is treated as unknown. */
  municipalityCode: string | null;
  /** Who marked it, for the booking's history. */
  actor: BookingActor;
}

export interface MarkedBooking {
  row: BookingRow;
  /** The booking before the mark; null when it already was so (nothing changed). */
  before: BookingRow | null;
}

export async function markBooking(tx: HubTx, input: MarkBookingInput): Promise<MarkedBooking> {
  const [booking] = await tx.query<BookingRow>(
    `SELECT * FROM bookings WHERE id = $1 AND ($2::text IS NULL OR municipality_code = $2) FOR UPDATE`,
    [input.bookingId, input.municipalityCode],
  );
  if (!booking) throw new HubError('NOT_FOUND', 'No such booking.');
  const lot = input.status === 'vaccinated' ? (input.vaccineLot ?? booking.vaccine_lot) : null;
  if (booking.status === input.status) {
    // Marked so already (by another desktop, or a replay): only a corrected lot changes anything.
    if (lot === booking.vaccine_lot) return { row: booking, before: null };
  } else if (!attendanceChangeAllowed(booking.status, input.status)) {
    throw new HubError('NOT_CHANGEABLE', `A ${booking.status} booking cannot be marked ${input.status}.`);
  }
  const [row] = await tx.query<BookingRow>(
    'UPDATE bookings SET status = $2, vaccine_lot = $3, updated_at = $4 WHERE id = $1 RETURNING *',
    [booking.id, input.status, lot, tx.now],
  );
  tx.changes.upsert('booking', row!.id, bookingRecordOf(row!), row!.municipality_code);
  // The same status again (a corrected lot) is no new step in the history.
  if (booking.status !== row!.status) {
    await recordBookingEvent(tx, booking, row!, input.actor, {
      action: input.status === 'confirmed' ? 'undone' : input.status,
    });
  }
  return { row: row!, before: booking };
}
