/** Handlers of the bookings grid (domain/api/methods/bookings.ts). Viewing residents' rows is audited. */
import { appendAudit } from '../../../db/queries/audit.ts';
import { getBookingDetail } from '../../../db/queries/booking-detail.ts';
import { countBookings, listBookingsPage } from '../../../db/queries/booking-grid.ts';
import { listVenueChoices } from '../../../db/queries/venue-choices.ts';
import { ApiError } from '../../../domain/api/errors.ts';
import type { bookingsMethods } from '../../../domain/api/methods/bookings.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

export function createBookingsHandlers(deps: ApiHandlerDeps): HandlersOf<typeof bookingsMethods> {
  const { db } = deps;
  return {
    listBookings: ({ filter, sort, offset, limit }, ctx) => {
      const page = listBookingsPage(db, filter, sort, offset, limit);
      if (page.rows.length > 0) {
        // One row per page shown: who, when, which bookings. The filter text can be a name or a
        // phone number, so only its shape is kept.
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'booking.grid.view',
          entity: 'booking',
          entityIds: page.rows.map((r) => r.id),
          detail: { offset, count: page.rows.length, sort: sort.column, textSearch: Boolean(filter.text) },
        });
      }
      return page;
    },
    countBookings: ({ filter }) => ({ total: countBookings(db, filter) }),
    getBooking: ({ bookingId }, ctx) => {
      const detail = getBookingDetail(db, bookingId);
      if (!detail) throw new ApiError('NOT_FOUND', 'no such booking');
      appendAudit(db, {
        staffId: ctx.session.staffId,
        action: 'booking.view',
        entity: 'booking',
        entityIds: [bookingId],
      });
      return detail;
    },
    listVenueChoices: () => listVenueChoices(db),
  };
}
