/** Managers' changes: PATCH /api/v1/sync/slots/{slotId} and PATCH /api/v1/sync/venues/{venueId}. */
import type { FastifyPluginAsync } from 'fastify';
import {
  type SlotChangeBody,
  slotChangeBodySchema,
  slotChangeResponseSchema,
  slotParamsSchema,
  syncHeadersSchema,
  type VenueChangeBody,
  venueChangeBodySchema,
  venueChangeResponseSchema,
  venueParamsSchema,
} from '../../../domain/hub-api/sync-api.ts';
import { changeSlot, changeVenue } from '../../catalog/manager-changes.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { syncCommonErrors } from './sync-routes.ts';

export const managerRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.patch<{ Params: { slotId: string } }>(
    '/api/v1/sync/slots/:slotId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: slotParamsSchema,
        body: slotChangeBodySchema,
        response: { 200: slotChangeResponseSchema },
      },
      config: {
        docs: {
          summary: "Change a slot's capacity, call-center reserve, reserve release or status (managers)",
          description:
            'Audited and change-logged. A capacity below the seats booked and held answers CAPACITY_BELOW_BOOKED; ' +
            'a capacity alone below the reserve brings the reserve down with it.',
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'FORBIDDEN', 'NOT_FOUND', 'CAPACITY_BELOW_BOOKED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      slot: await changeSlot(
        deps,
        sessionOfRequest(request),
        request.params.slotId,
        request.body as SlotChangeBody,
      ),
    }),
  );

  app.patch<{ Params: { venueId: string } }>(
    '/api/v1/sync/venues/:venueId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: venueParamsSchema,
        body: venueChangeBodySchema,
        response: { 200: venueChangeResponseSchema },
      },
      config: {
        docs: {
          summary: "Change a venue's details or take it out of the public list (managers)",
          description: 'Audited and change-logged. An inactive venue is not offered to the online channel.',
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'FORBIDDEN', 'NOT_FOUND'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      venue: await changeVenue(
        deps,
        sessionOfRequest(request),
        request.params.venueId,
        request.body as VenueChangeBody,
      ),
    }),
  );
};
