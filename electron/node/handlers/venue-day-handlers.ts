/**
 * Handlers of the venue day (domain/api/methods/venue-day.ts). Refusals come back as CONFLICT or
 * NOT_FOUND with a reason code the screen explains; they never echo residents' data.
 */
import { randomInt } from 'node:crypto';
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  createWalkIn,
  findWalkInCoupon,
  markAttendance,
  readVenueDay,
  readVenueDayRow,
  undoAttendance,
  type VenueDayChange,
  type WalkInResult,
} from '../../../db/queries/venue-day.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import { ApiError, refusal } from '../../../domain/api/errors.ts';
import type { VenueDayRow, venueDayMethods } from '../../../domain/api/methods/venue-day.ts';
import { makeBookingNumber } from '../../../domain/booking-number.ts';
import { parseTicketInput } from '../../../domain/ticket-number.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

// randomInt takes ranges below 2^48 only.
const randomFraction = () => randomInt(0, 2 ** 47) / 2 ** 47;

export function createVenueDayHandlers(deps: ApiHandlerDeps): HandlersOf<typeof venueDayMethods> {
  const { db } = deps;
  const changed = <T>(value: T): T => {
    deps.events?.emit({ type: 'data-changed', scopes: ['bookings'] });
    return value;
  };
  return {
    getVenueDay: ({ venueId, date }, ctx) => {
      const day = readVenueDay(db, venueId, date);
      if (!day) throw new ApiError('NOT_FOUND', 'no such venue');
      appendAudit(db, {
        staffId: ctx.session.staffId,
        action: 'venue-day.view',
        entity: 'booking',
        entityIds: day.rows.map((r) => r.bookingId),
        detail: { venueId, date },
      });
      return day;
    },
    markAttendance: ({ bookingId, mark, lotNumber, mutationId }, ctx) =>
      changed(
        rowAfter(
          db,
          markAttendance(db, {
            bookingId,
            mark,
            lotNumber: lotNumber ?? null,
            mutationId,
            staffId: ctx.session.staffId,
          }),
        ),
      ),
    undoAttendance: ({ bookingId, mutationId }, ctx) =>
      changed(rowAfter(db, undoAttendance(db, { bookingId, mutationId, staffId: ctx.session.staffId }))),
    findWalkInCoupon: ({ ticketNumber, date }, ctx) => {
      const parsed = parseTicketInput(ticketNumber);
      if (!parsed.ok)
        throw new ApiError('VALIDATION', 'not a ticket number', [
          { path: 'ticketNumber', message: parsed.error },
        ]);
      const candidate = findWalkInCoupon(db, parsed.ticketNumber, date);
      if (candidate) {
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'coupon.view',
          entity: 'coupon',
          entityIds: [candidate.couponId],
          detail: { purpose: 'walk-in' },
        });
      }
      return { candidate };
    },
    createWalkIn: ({ slotId, couponId, doseNumber, mutationId }, ctx) => {
      const result: WalkInResult = createWalkIn(db, {
        id: mutationId,
        bookingNumber: makeBookingNumber(randomFraction),
        slotId,
        couponId,
        doseNumber,
        staffId: ctx.session.staffId,
      });
      if (!result.ok) {
        const code = result.reason === 'slot_not_found' ? 'NOT_FOUND' : 'CONFLICT';
        throw refusal(code, 'walk-in', result.reason);
      }
      return changed(rowOrNotFound(db, result.bookingId));
    },
  };
}

function rowAfter(db: Database, change: VenueDayChange): VenueDayRow {
  if (!change.ok) {
    const code = change.reason === 'not_found' ? 'NOT_FOUND' : 'CONFLICT';
    throw refusal(code, 'venue-day change', change.reason);
  }
  return rowOrNotFound(db, change.bookingId);
}

function rowOrNotFound(db: Database, bookingId: string): VenueDayRow {
  const row = readVenueDayRow(db, bookingId);
  if (!row) throw new ApiError('NOT_FOUND', 'booking not on a venue list');
  return row;
}
