/**
 * The online booking (POST /api/v1/public/bookings) in two statements to the database, the rules
 * still judged here with domain/booking-rules:
 * 1. one read, hub_read_online_booking() (store/migrations/011): the answer stored for the
 *    Idempotency-Key, the slot's municipality, the ticket's lockout, and for each coupon the ticket
 *    number and birth date match, the facts the booking rules decide on (hub_booking_facts);
 * 2. judgeBooking() (booking-checks.ts) over those facts, then one call of hub_book_online(): in one
 *    transaction it clears the ticket's count of wrong dates, claims the key (a concurrent retry waits
 *    there and answers the stored booking), locks the coupon and writes only if the facts are still
 *    those judged, else the booking is read and judged again; then the seats by the conditional
 *    UPDATE (hub_seats_remaining, as seat-counters.ts), the bookings and their change-log rows.
 * A proof that matches no coupon goes the counted way (resident-verification.ts: NOT_VERIFIED or
 * LOCKED, the wrong date counted under the ticket's row lock). Expired holds in the way are swept
 * first (seat-counters.ts), as every booking of their slot does. Only a booking that was made is
 * stored for the key; a refusal changes nothing, so a retry runs again.
 */

import { randomUUID } from 'node:crypto';
import { todayIn } from '../../domain/calendar.ts';
import type { BookingsResponse, CreateBookingBody } from '../../domain/hub-api/public-api.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { HubError } from '../hub-error.ts';
import { changeAnnouncerOf } from '../store/change-announcer.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import { isRetryableTransactionError, isUniqueViolation } from '../store/sql-errors.ts';
import { drawBookingNumber } from './book-coupon.ts';
import { type BookingFacts, judgeBooking } from './booking-checks.ts';
import { bookingViewOf } from './booking-views.ts';
import { requestHash } from './idempotency.ts';
import type { Answer, PublicBookingDeps } from './public-bookings.ts';
import { couponFor, lockedError, verifyResident } from './resident-verification.ts';
import { japanClockSql, sweepExpiredHolds } from './seat-counters.ts';

interface BookingRead {
  stored: { hash: string; status: number; body: BookingsResponse } | null;
  slotMunicipality: string | null;
  /** An ISO timestamp (json). */
  lockedUntil: string | null;
  matches: Array<{ id: string; municipalityCode: string; facts: BookingFacts }>;
}

const readSql = 'SELECT hub_read_online_booking($1, $2, $3, $4, $5, $6::text[]) AS read';
const writeSql =
  'SELECT hub_book_online($1, $2, $3::timestamp, $4, $5, $6, $7, $8, $9::text[], $10, $11, $12) AS outcome';

type WriteOutcome =
  | { replayed: true; status: number; body: BookingsResponse }
  | { replayed: false; lastSeq: number };

/** Reads and writes again this often when facts changed in between or a number was taken; then gives up. */
const maxAttempts = 5;

const sqlState = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

const idempotencyConflict = () =>
  new HubError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used for a different request.');

export async function createOnlineBooking(
  deps: PublicBookingDeps,
  body: CreateBookingBody,
  idempotencyKey: string,
  /** sourceKeyOf(the client address): wrong dates are counted per source too. */
  source: string,
): Promise<Answer<BookingsResponse>> {
  const hash = requestHash(body);
  const slotIds = body.followUpSlotId
    ? ([body.slotId, body.followUpSlotId] as const)
    : ([body.slotId] as const);
  const proof = { ticket: body.ticketNumber, birthDate: body.birthDate, municipalityCode: null, source };
  for (let attempt = 1; ; attempt++) {
    if (attempt > maxAttempts) throw new Error('the online booking met changes on every attempt');
    const now = deps.clock();
    const [row] = await deps.sql.query<{ read: BookingRead }>(
      readSql,
      [
        idempotencyKey,
        body.slotId,
        body.ticketNumber.ticketNumber,
        body.birthDate,
        body.ticketNumber.municipalityCode,
        [...slotIds],
      ],
      { prepareAs: 'hub_online_booking_read' },
    );
    const { stored, slotMunicipality, matches } = row!.read;
    const lockedUntil = row!.read.lockedUntil === null ? null : new Date(row!.read.lockedUntil);
    if (stored) {
      if (stored.hash !== hash) throw idempotencyConflict();
      return { status: stored.status, body: stored.body };
    }
    if (slotMunicipality === null) {
      throw new HubError('VALIDATION', 'No such slot.', {
        fields: [{ path: 'slotId', message: 'unknown slot' }],
      });
    }
    if (matches.length === 0) {
      // Counted under the ticket's row lock; throws NOT_VERIFIED or LOCKED unless a coupon has just appeared.
      await verifyResident(deps.sql, proof, deps.lockout, now);
      continue;
    }
    if (lockedUntil && lockedUntil > now) {
      // The ticket is slowed: refused to a source that has guessed, else its count is cleared (the
      // counted way, which decides under the ticket's lock) and the booking read again.
      await verifyResident(deps.sql, proof, deps.lockout, now);
      continue;
    }
    const chosen = couponFor(matches, slotMunicipality) as BookingRead['matches'][number];
    const { coupon, slots, doses } = judgeBooking(chosen.facts, {
      couponId: chosen.id,
      slotIds,
      doseNumber: 'next',
      now,
      channel: 'online',
    });

    const rows: BookingRow[] = slots.map((slot, i) => ({
      id: randomUUID(),
      booking_number: drawBookingNumber(),
      municipality_code: coupon.municipality_code,
      coupon_id: coupon.id,
      slot_id: slot.id,
      dose_number: doses[i]!,
      channel: 'online',
      status: 'confirmed',
      contact_phone: body.phone ?? '',
      contact_email: body.email ?? '',
      notes: '',
      created_by: null,
      mutation_id: null,
      vaccine_lot: null,
      created_at: now,
      updated_at: now,
      cancelled_at: null,
    }));
    const answer = { status: 201, body: { bookings: rows.map((row, i) => bookingViewOf(row, slots[i]!)) } };
    try {
      const [written] = await deps.sql.query<{ outcome: WriteOutcome }>(
        writeSql,
        [
          now,
          todayIn(japanTimeZone, now),
          japanClockSql(now),
          body.ticketNumber.ticketNumber,
          idempotencyKey,
          hash,
          JSON.stringify(answer.body),
          coupon.id,
          [...slotIds].sort(),
          JSON.stringify(chosen.facts),
          JSON.stringify(rows),
          JSON.stringify(rows.map(bookingRecordOf)),
        ],
        { prepareAs: 'hub_online_booking_write' },
      );
      const outcome = written!.outcome;
      if (outcome.replayed) return { status: outcome.status, body: outcome.body };
      changeAnnouncerOf(deps.sql).announce(outcome.lastSeq);
      return answer;
    } catch (error) {
      const code = sqlState(error);
      // Slowed between the read and the write: decided as above at the next attempt.
      if (code === 'VDLCK' && attempt < maxAttempts) continue;
      if (code === 'VDLCK') throw lockedError(new Date(Number((error as { detail?: string }).detail)), now);
      if (code === 'VDIDC') throw idempotencyConflict();
      if (code === 'VDFUL') throw new HubError('SLOT_FULL', 'No seat is left in this slot for this channel.');
      if (isUniqueViolation(error, 'bookings_one_active_per_dose')) {
        throw new HubError('ALREADY_BOOKED', 'This ticket already has a booking for that dose.');
      }
      const again =
        code === 'VDSTL' ||
        code === 'VDHLD' ||
        isUniqueViolation(error, 'bookings_number_unique') ||
        isUniqueViolation(error, 'bookings_pkey') ||
        isRetryableTransactionError(error);
      if (!again || attempt >= maxAttempts) throw error;
      if (code === 'VDHLD')
        await runHubTransaction(deps.sql, now, (tx) => sweepExpiredHolds(tx, [...slotIds].sort()));
    }
  }
}
