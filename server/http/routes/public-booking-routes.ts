/** POST /api/v1/public/bookings, …/bookings/plan, …/bookings/lookup and …/bookings/{bookingNumber}/cancel. */
import type { FastifyPluginAsync } from 'fastify';
import { callerEligibilityStatuses } from '../../../domain/booking-rules/caller-eligibility.ts';
import {
  type BookingPlanBody,
  bookingNumberParamsSchema,
  bookingPlanBodySchema,
  bookingPlanSchema,
  bookingsResponseSchema,
  type CreateBookingBody,
  createBookingBodySchema,
  createBookingHeadersSchema,
  idempotencyKeyHeader,
  lookupResponseSchema,
  type ResidentProof,
  residentProofSchema,
} from '../../../domain/hub-api/public-api.ts';
import { planOnlineBooking } from '../../booking/booking-plan.ts';
import { createOnlineBooking } from '../../booking/online-booking.ts';
import { cancelOnlineBooking, lookupBookings } from '../../booking/public-bookings.ts';
import { sourceKeyOf } from '../../booking/resident-verification.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';

export const publicBookingRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/public/bookings',
    {
      schema: {
        headers: createBookingHeadersSchema,
        body: createBookingBodySchema,
        response: { 201: bookingsResponseSchema },
      },
      config: {
        docs: {
          summary: 'Book the next dose (and, with followUpSlotId, the one after it in the same transaction)',
          description:
            'Send a fresh Idempotency-Key per booking attempt and reuse it for retries: the same key with the same ' +
            'body answers the stored result again; with a different body it answers IDEMPOTENCY_CONFLICT.',
          tags: ['public'],
          errors: [
            'VALIDATION',
            'NOT_VERIFIED',
            'LOCKED',
            'SLOT_FULL',
            'SLOT_STARTED',
            'ALREADY_BOOKED',
            'NOT_ELIGIBLE',
            'IDEMPOTENCY_CONFLICT',
            'PAYLOAD_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'RATE_LIMITED',
          ],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request, reply) => {
      const key = request.headers[idempotencyKeyHeader] as string;
      const answer = await createOnlineBooking(
        deps,
        request.body as CreateBookingBody,
        key,
        sourceKeyOf(request.ip),
      );
      return reply.code(answer.status as 201).send(answer.body);
    },
  );

  app.post(
    '/api/v1/public/bookings/plan',
    {
      schema: { body: bookingPlanBodySchema, response: { 200: bookingPlanSchema } },
      config: {
        docs: {
          summary: 'Before booking: the dose the slot would be, and a proposed slot for the next dose',
          description:
            'Runs the checks of a booking without booking, so ALREADY_BOOKED, NOT_ELIGIBLE, SLOT_FULL or SLOT_STARTED show ' +
            'before the resident confirms. followUp.proposed can be sent as followUpSlotId.',
          tags: ['public'],
          errors: [
            'VALIDATION',
            'NOT_VERIFIED',
            'LOCKED',
            'SLOT_FULL',
            'SLOT_STARTED',
            'ALREADY_BOOKED',
            'NOT_ELIGIBLE',
            'PAYLOAD_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'RATE_LIMITED',
          ],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => planOnlineBooking(deps, request.body as BookingPlanBody, sourceKeyOf(request.ip)),
  );

  app.post(
    '/api/v1/public/bookings/lookup',
    {
      schema: { body: residentProofSchema, response: { 200: lookupResponseSchema } },
      config: {
        docs: {
          summary: "The resident's bookings (all statuses, by date) and what they can book now",
          description:
            '`eligibility.status` is `bookable` or the one reason nothing can be booked ' +
            `(${callerEligibilityStatuses.filter((s) => s !== 'bookable').join(', ')}), so a front end can say it ` +
            'before the resident picks a venue.',
          tags: ['public'],
          errors: [
            'VALIDATION',
            'NOT_VERIFIED',
            'LOCKED',
            'PAYLOAD_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'RATE_LIMITED',
          ],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => lookupBookings(deps, request.body as ResidentProof, sourceKeyOf(request.ip)),
  );

  app.post<{ Params: { bookingNumber: string } }>(
    '/api/v1/public/bookings/:bookingNumber/cancel',
    {
      schema: {
        params: bookingNumberParamsSchema,
        body: residentProofSchema,
        response: { 200: bookingsResponseSchema },
      },
      config: {
        docs: {
          summary: 'Cancel a booking (and the later doses booked after it)',
          description: 'Cancelling an already cancelled booking answers the same again.',
          tags: ['public'],
          errors: [
            'VALIDATION',
            'NOT_VERIFIED',
            'LOCKED',
            'NOT_FOUND',
            'NOT_CANCELLABLE',
            'PAYLOAD_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'RATE_LIMITED',
          ],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) =>
      cancelOnlineBooking(
        deps,
        request.params.bookingNumber,
        request.body as ResidentProof,
        sourceKeyOf(request.ip),
      ),
  );
};
