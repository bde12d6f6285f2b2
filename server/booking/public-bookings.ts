/**
 * The online channel's use cases: look up and cancel (booking: online-booking.ts, with
 * Idempotency-Key and an optional follow-up dose). Each proves the resident first
 * (resident-verification.ts), then does its work in one hub transaction.
 */

import { todayIn } from '../../domain/calendar.ts';
import type { BookingsResponse, LookupResponse, ResidentProof } from '../../domain/hub-api/public-api.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import type { BookingRow } from '../store/records.ts';
import { residentOnline } from './booking-events.ts';
import { bookingViewsByIds, bookingViewsOfCoupons } from './booking-views.ts';
import { cancelBookings } from './cancel-bookings.ts';
import { residentEligibility } from './resident-eligibility.ts';
import { type LockoutPolicy, verifyResident } from './resident-verification.ts';

export interface PublicBookingDeps {
  sql: HubSql;
  clock: Clock;
  lockout: LockoutPolicy;
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** The resident's bookings, and what they can book now (one status: bookable or why not). */
export async function lookupBookings(
  deps: PublicBookingDeps,
  proof: ResidentProof,
  source: string,
): Promise<LookupResponse> {
  const now = deps.clock();
  const coupons = await verifyResident(
    deps.sql,
    { ticket: proof.ticketNumber, birthDate: proof.birthDate, municipalityCode: null, source },
    deps.lockout,
    now,
  );
  return {
    bookings: await bookingViewsOfCoupons(
      deps.sql,
      coupons.map((c) => c.id),
    ),
    eligibility: await residentEligibility(deps.sql, coupons, now),
  };
}

const notFound = () => new HubError('NOT_FOUND', 'No such booking for this ticket.');

/**
 * Cancels the booking and the later doses of the same ticket booked after it (their interval was
 * counted from it). Cancelling a cancelled booking answers the same again. A booking already checked
 * in, vaccinated, no-show, or of a past day cannot be cancelled online.
 */
export async function cancelOnlineBooking(
  deps: PublicBookingDeps,
  bookingNumber: string,
  proof: ResidentProof,
  source: string,
): Promise<BookingsResponse> {
  const now = deps.clock();
  const coupons = await verifyResident(
    deps.sql,
    { ticket: proof.ticketNumber, birthDate: proof.birthDate, municipalityCode: null, source },
    deps.lockout,
    now,
  );
  const couponIds = coupons.map((c) => c.id);
  const today = todayIn(japanTimeZone, now);

  const { result } = await runHubTransaction(deps.sql, now, async (tx) => {
    const [target] = await tx.query<BookingRow & { date: string }>(
      `SELECT b.*, s.date FROM bookings b JOIN slots s ON s.id = b.slot_id
       WHERE b.booking_number = $1 AND b.coupon_id = ANY($2::text[])
       FOR UPDATE OF b`,
      [bookingNumber, couponIds],
    );
    if (!target) throw notFound();
    if (target.status === 'cancelled') return [target.id];
    if (target.status !== 'confirmed' || target.date < today) {
      throw new HubError('NOT_CANCELLABLE', 'This booking can no longer be cancelled online.');
    }
    const later = await tx.query<BookingRow & { date: string }>(
      `SELECT b.*, s.date FROM bookings b JOIN slots s ON s.id = b.slot_id
       WHERE b.coupon_id = $1 AND b.dose_number > $2 AND b.status = 'confirmed'
       ORDER BY b.slot_id
       FOR UPDATE OF b`,
      [target.coupon_id, target.dose_number],
    );
    const cancelled = await cancelBookings(tx, [target, ...later], residentOnline);
    return cancelled.map((b) => b.id);
  });
  return { bookings: await bookingViewsByIds(deps.sql, result) };
}
