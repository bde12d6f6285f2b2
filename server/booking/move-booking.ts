/**
 * Moving a booking to another slot in ONE hub transaction: the old seat is given back only when the
 * new one is taken (both or neither). The booking keeps its id and booking number; its seat in the new
 * slot is a call-center seat (phone channel, which may use the call-center reserve), so a booking made
 * online and moved by the call center becomes a phone booking and the slot counters stay true to the
 * bookings' channels. Runs inside runHubTransaction; throws HubError and then nothing has changed.
 *
 * Lock order as in book-coupon.ts: coupon row → booking row → slot rows in id order.
 */
import { HubError } from '../hub-error.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import { type CouponFacts, checkMove } from './booking-checks.ts';
import { type BookingActor, recordBookingEvent } from './booking-events.ts';
import { consumeHold } from './hold-seats.ts';
import { releaseSeat, sweepExpiredHolds, takeSeat } from './seat-counters.ts';

export interface MoveBookingInput {
  bookingId: string;
  toSlotId: string;
  /** Today in Japan, for the seat rule (a slot that has started by tx.now cannot be moved into). */
  today: string;
  /** When set, a booking of another municipality is treated as unknown. */
  municipalityCode: string | null;
  /** A hold of this desktop on toSlotId whose seat the booking takes over (if it is still there). */
  hold: { id: string; deviceId: string | null } | null;
  /** Who moved it, for the booking's history. */
  actor: BookingActor;
}

export interface MovedBooking {
  row: BookingRow;
  /** The booking before the move; null when it was in that slot already (nothing changed). */
  before: BookingRow | null;
}

const notFound = () => new HubError('NOT_FOUND', 'No such booking.');

export async function moveBooking(tx: HubTx, input: MoveBookingInput): Promise<MovedBooking> {
  const [found] = await tx.query<{ coupon_id: string }>(
    'SELECT coupon_id FROM bookings WHERE id = $1 AND ($2::text IS NULL OR municipality_code = $2)',
    [input.bookingId, input.municipalityCode],
  );
  if (!found) throw notFound();
  const [coupon] = await tx.query<CouponFacts>(
    'SELECT id, municipality_code, status, birth_date FROM coupons WHERE id = $1 FOR UPDATE',
    [found.coupon_id],
  );
  const [booking] = await tx.query<BookingRow>('SELECT * FROM bookings WHERE id = $1 FOR UPDATE', [
    input.bookingId,
  ]);
  if (!coupon || !booking) throw notFound();
  // Applied before (its stored answer gone): the booking is where the move put it.
  if (booking.slot_id === input.toSlotId) return { row: booking, before: null };
  if (booking.status !== 'confirmed') {
    throw new HubError('NOT_CHANGEABLE', 'Only a confirmed booking can be moved.');
  }
  await checkMove(tx, {
    coupon,
    bookingId: booking.id,
    doseNumber: booking.dose_number,
    toSlotId: input.toSlotId,
    now: tx.now,
  });

  const channel = booking.channel === 'walk_in' ? 'walk_in' : 'phone';
  await sweepExpiredHolds(tx, [input.toSlotId]);
  for (const slotId of [booking.slot_id, input.toSlotId].sort()) {
    if (slotId === booking.slot_id) {
      await releaseSeat(tx, slotId, booking.channel);
      continue;
    }
    const held = input.hold
      ? await consumeHold(tx, { holdId: input.hold.id, slotId, deviceId: input.hold.deviceId, channel })
      : false;
    if (held) continue;
    // The WHERE clause of this UPDATE is the capacity check; no seat → the transaction rolls back,
    // the old seat included.
    const taken = await takeSeat(tx, slotId, channel, input.today);
    if (!taken) throw new HubError('SLOT_FULL', 'No seat is left in this slot for this channel.');
  }
  const [row] = await tx.query<BookingRow>(
    'UPDATE bookings SET slot_id = $2, channel = $3, updated_at = $4 WHERE id = $1 RETURNING *',
    [booking.id, input.toSlotId, channel, tx.now],
  );
  tx.changes.upsert('booking', row!.id, bookingRecordOf(row!), row!.municipality_code);
  await recordBookingEvent(tx, booking, row!, input.actor, { action: 'moved' });
  return { row: row!, before: booking };
}
