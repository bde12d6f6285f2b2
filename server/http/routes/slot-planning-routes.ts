/** Managers' slot planning: generating a venue's slots, and cancelling a session with a bulk move. */
import type { FastifyPluginAsync } from 'fastify';
import {
  type SessionCancellationBody,
  type SlotGenerationBody,
  sessionCancellationBodySchema,
  sessionCancellationPreviewSchema,
  sessionCancellationResultSchema,
  slotGenerationBodySchema,
  slotGenerationPreviewSchema,
  slotGenerationResultSchema,
} from '../../../domain/hub-api/manager-api.ts';
import { syncHeadersSchema, venueParamsSchema } from '../../../domain/hub-api/sync-api.ts';
import { applySessionCancellation, previewSessionCancellation } from '../../catalog/session-cancellation.ts';
import { applySlotGeneration, previewSlotGeneration } from '../../catalog/slot-generation.ts';
import type { HubDeps } from '../hub-deps.ts';
import { safeError } from '../logging.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { managerDocs } from './manager-routes.ts';

const generationText =
  'Slots of one product the venue offers, from `from` to `to` (at most 366 days, not before today in Japan), by ' +
  'weekly patterns (days, hours, slot length, lunch break, capacity, call-center reserve); national holidays ' +
  '(unless openOnHolidays) and closureDays are skipped.';

export const slotPlanningRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.post<{ Params: { venueId: string } }>(
    '/api/v1/sync/venues/:venueId/slot-generation/preview',
    {
      schema: {
        headers: syncHeadersSchema,
        params: venueParamsSchema,
        body: slotGenerationBodySchema,
        response: { 200: slotGenerationPreviewSchema },
      },
      config: managerDocs(
        'Preview a slot generation: the slots it would make, the days skipped, the overlaps (managers)',
        `${generationText} Changes nothing.`,
        ['NOT_FOUND'],
      ),
    },
    async (request) =>
      previewSlotGeneration(
        deps,
        sessionOfRequest(request),
        request.params.venueId,
        request.body as SlotGenerationBody,
      ),
  );

  app.post<{ Params: { venueId: string } }>(
    '/api/v1/sync/venues/:venueId/slot-generation',
    {
      schema: {
        headers: syncHeadersSchema,
        params: venueParamsSchema,
        body: slotGenerationBodySchema,
        response: { 201: slotGenerationResultSchema },
      },
      config: managerDocs(
        "Generate a venue's slots (managers)",
        `${generationText} Atomic: an overlap with an existing slot answers OVERLAP (error.overlaps) and makes ` +
          'nothing; slots that are there already (same date, times and product) are not made again, so the same ' +
          'request twice adds nothing the second time.',
        ['NOT_FOUND', 'OVERLAP'],
      ),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await applySlotGeneration(
            deps,
            sessionOfRequest(request),
            request.params.venueId,
            request.body as SlotGenerationBody,
          ),
        ),
  );

  app.post(
    '/api/v1/sync/slot-cancellations/preview',
    {
      schema: {
        headers: syncHeadersSchema,
        body: sessionCancellationBodySchema,
        response: { 200: sessionCancellationPreviewSchema },
      },
      config: managerDocs(
        'Preview cancelling a session: every resident booked and where the bulk move would put them (managers)',
        'Open slots of the same product, same venue first, then others (otherVenues), within searchDays of the ' +
          "resident's day, keeping the series' dose interval, never more residents than free seats. Changes nothing.",
      ),
    },
    async (request) =>
      previewSessionCancellation(deps, sessionOfRequest(request), request.body as SessionCancellationBody),
  );

  app.post(
    '/api/v1/sync/slot-cancellations',
    {
      schema: {
        headers: syncHeadersSchema,
        body: sessionCancellationBodySchema,
        response: { 200: sessionCancellationResultSchema },
      },
      config: managerDocs(
        'Cancel a session: close its slots, then move each resident (managers)',
        'The slots close first (one transaction); then each resident is moved in a transaction of their own by the ' +
          "plan of the preview (a seat taken meanwhile: the plan's alternatives). A resident left without a seat keeps " +
          'the booking in the closed slot, listed by every desk as a slot_closed callback task. Sending it again goes ' +
          'on with the residents still in the closed slots.',
      ),
    },
    async (request) =>
      applySessionCancellation(
        {
          ...deps,
          onUnexpected: (error) =>
            request.log.error({ err: safeError(error) }, 'session cancellation move failed'),
        },
        sessionOfRequest(request),
        request.body as SessionCancellationBody,
      ),
  );
};
