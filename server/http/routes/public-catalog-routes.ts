/** GET /api/v1/public/venues, /api/v1/public/municipalities and /api/v1/public/slots. */
import type { FastifyPluginAsync } from 'fastify';
import {
  defaultSlotWindowDays,
  maxSlotQueryAheadDays,
  maxSlotQueryDays,
  municipalitiesResponseSchema,
  type SlotsQuery,
  slotsQuerySchema,
  slotsResponseSchema,
  venuesQuerySchema,
  venuesResponseSchema,
} from '../../../domain/hub-api/public-api.ts';
import { listPublicMunicipalities, listPublicSlots, listPublicVenues } from '../../catalog/public-catalog.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';

export const publicCatalogRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.get<{ Querystring: { municipalityCode?: string } }>(
    '/api/v1/public/venues',
    {
      schema: { querystring: venuesQuerySchema, response: { 200: venuesResponseSchema } },
      config: {
        docs: {
          summary: 'Active vaccination venues',
          tags: ['public'],
          errors: ['VALIDATION', 'RATE_LIMITED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({ venues: await listPublicVenues(deps.sql, request.query.municipalityCode) }),
  );

  app.get(
    '/api/v1/public/municipalities',
    {
      schema: { response: { 200: municipalitiesResponseSchema } },
      config: {
        docs: {
          summary: 'The municipalities whose residents the active venues take (for a heading)',
          description:
            '`name` is null when the hub knows only the code; `demo` marks the fictional demo city, whose pages ' +
            'a front end labels デモ.',
          tags: ['public'],
          errors: ['RATE_LIMITED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async () => ({ municipalities: await listPublicMunicipalities(deps.sql) }),
  );

  app.get(
    '/api/v1/public/slots',
    {
      schema: { querystring: slotsQuerySchema, response: { 200: slotsResponseSchema } },
      config: {
        docs: {
          summary: 'Open slots of a venue with the seats the online channel can still book',
          description:
            '`remaining` = capacity minus bookings, active holds and the call-center reserve not yet released. ' +
            'Slots that have started (Japan time) are not listed. from defaults to today (Japan) and may be at most ' +
            `${maxSlotQueryAheadDays} days after it; to defaults to ${defaultSlotWindowDays} days after from; at most ` +
            `${maxSlotQueryDays} days at once (counted from today when from is omitted or earlier). ` +
            'A range outside these answers VALIDATION naming from or to.',
          tags: ['public'],
          errors: ['VALIDATION', 'RATE_LIMITED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      slots: await listPublicSlots(deps.sql, request.query as SlotsQuery, deps.clock()),
    }),
  );
};
