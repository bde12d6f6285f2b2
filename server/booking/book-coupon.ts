/**
 * The booking transaction body, shared by every channel: lock the coupon, check duplicates and
 * eligibility (booking-checks.ts, with domain/booking-rules), take the seats by conditional UPDATE (both or neither),
 * insert the bookings, record the changes. Runs inside runHubTransaction; throws HubError.
 *
 * Lock order, the same for every writer so they cannot deadlock: coupon row → booking row (a move,
 * move-booking.ts) → slot rows in id order → change-log head (taken last, just before COMMIT).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { makeBookingNumber } from '../../domain/booking-number.ts';
import type { CapacityChannel } from '../../domain/booking-rules/capacity.ts';
import type { BookingView } from '../../domain/hub-api/public-api.ts';
import { HubError } from '../hub-error.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import { isUniqueViolation } from '../store/sql-errors.ts';
import { checkBooking } from './booking-checks.ts';
import { bookingViewOf } from './booking-views.ts';
import { consumeHold } from './hold-seats.ts';
import { sweepExpiredHolds, takeSeat } from './seat-counters.ts';

export interface BookCouponInput {
  couponId: string;
  channel: CapacityChannel;
  /** The first slot, and optionally the slot for the following dose (booked together or not at all). */
  slotIds: readonly [string] | readonly [string, string];
  /** The dose of the first slot; 'next' = the dose after the highest one given. */
  doseNumber: number | 'next';
  /** Today in Japan: it decides the reserve release (a slot that has started by tx.now cannot be booked). */
  today: string;
  contactPhone?: string;
  contactEmail?: string;
  createdBy?: string | null;
  mutationId?: string | null;
  notes?: string;
  /** When set, a coupon of another municipality is treated as unknown (a desktop sees only its own). */
  municipalityCode?: string | null;
  /** A hold on the first slot that this booking takes over (if it is still there) instead of a new seat. */
  hold?: { id: string; deviceId: string | null } | null;
  /**
   * The desktop's id and booking number for each booking, in the order of slotIds. The id is kept (a
   * VALIDATION refusal when another booking has it); the number is kept unless another booking has
   * it, in which case a new one is drawn (BookedSeat.requestedNumber tells).
   */
  identities?: ReadonlyArray<BookingIdentity | undefined>;
}

export interface BookingIdentity {
  id?: string | undefined;
  bookingNumber?: string | undefined;
}

const randomUnit = (): number => randomInt(0, 2 ** 32) / 2 ** 32;
/** A fresh random booking number (the unique index says whether another booking has it). */
export const drawBookingNumber = (): string => makeBookingNumber(randomUnit);
const maxBookingNumberAttempts = 8;

export interface BookedSeat {
  row: BookingRow;
  /** The number the caller asked to keep, when the booking got another one (taken already); else null. */
  requestedNumber: string | null;
  /** The booking as the public API shows it. */
  view: BookingView;
}

export async function bookCoupon(tx: HubTx, input: BookCouponInput): Promise<BookedSeat[]> {
  const { coupon, slots: plan, doses } = await checkBooking(tx, { ...input, lock: true, now: tx.now });

  const lockOrder = [...input.slotIds].sort();
  await sweepExpiredHolds(tx, lockOrder);
  for (const slotId of lockOrder) {
    const held =
      input.hold && slotId === input.slotIds[0]
        ? await consumeHold(tx, {
            holdId: input.hold.id,
            slotId,
            deviceId: input.hold.deviceId,
            channel: input.channel,
          })
        : false;
    if (held) continue;
    const taken = await takeSeat(tx, slotId, input.channel, input.today);
    if (!taken) throw new HubError('SLOT_FULL', 'No seat is left in this slot for this channel.');
  }

  const booked: BookedSeat[] = [];
  for (const [i, slot] of plan.entries()) {
    const identity = input.identities?.[i];
    const row = await insertBooking(
      tx,
      input,
      coupon.municipality_code,
      slot.id,
      doses[i]!,
      i === 0,
      identity,
    );
    const requested = identity?.bookingNumber ?? null;
    booked.push({
      row,
      requestedNumber: requested !== null && requested !== row.booking_number ? requested : null,
      view: bookingViewOf(row, slot),
    });
  }
  return booked;
}

async function insertBooking(
  tx: HubTx,
  input: BookCouponInput,
  municipalityCode: string,
  slotId: string,
  doseNumber: number,
  first: boolean,
  identity: BookingIdentity | undefined,
): Promise<BookingRow> {
  const id = identity?.id ?? randomUUID();
  if (identity?.id) {
    const taken = await tx.query('SELECT 1 FROM bookings WHERE id = $1', [id]);
    if (taken.length > 0) {
      throw new HubError('VALIDATION', 'Another booking already has this booking id.', {
        fields: [{ path: first ? 'bookingId' : 'followUpBookingId', message: 'already used' }],
      });
    }
  }
  for (let attempt = 0; attempt < maxBookingNumberAttempts; attempt++) {
    try {
      const [row] = await tx.query<BookingRow>(
        `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                               contact_phone, contact_email, created_by, mutation_id, created_at, updated_at, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $9, $10, $11, $12, $12, $13)
         ON CONFLICT (booking_number) DO NOTHING
         RETURNING *`,
        [
          id,
          // The caller's number first; a fresh one when another booking has it.
          attempt === 0 && identity?.bookingNumber ? identity.bookingNumber : drawBookingNumber(),
          municipalityCode,
          input.couponId,
          slotId,
          doseNumber,
          input.channel,
          input.contactPhone ?? '',
          input.contactEmail ?? '',
          input.createdBy ?? null,
          first ? (input.mutationId ?? null) : null,
          tx.now,
          input.notes ?? '',
        ],
      );
      if (row) {
        tx.changes.upsert('booking', row.id, bookingRecordOf(row), row.municipality_code);
        return row;
      }
    } catch (error) {
      if (isUniqueViolation(error, 'bookings_one_active_per_dose')) {
        throw new HubError('ALREADY_BOOKED', 'This ticket already has a booking for that dose.');
      }
      throw error;
    }
  }
  throw new Error('could not find a free booking number');
}
