/**
 * Managers' changes of the catalog through the sync API: vaccine products, venues, slots one by one
 * and in bulk. Manager role only (enforced in server/catalog); each change is one hub transaction
 * with change-log rows and an audit entry.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { HubErrorCode } from '../../../domain/hub-api/errors.ts';
import {
  type BulkSlotChangeBody,
  bulkSlotChangeBodySchema,
  bulkSlotChangeResponseSchema,
  type CreateProductBody,
  type CreateVenueBody,
  createProductBodySchema,
  createVenueBodySchema,
  managerCatalogSchema,
  type ProductChangeBody,
  productChangeBodySchema,
  productParamsSchema,
  productResponseSchema,
  venueResponseSchema,
} from '../../../domain/hub-api/manager-api.ts';
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
import { readManagerCatalog } from '../../catalog/manager-catalog.ts';
import { changeSlot, changeSlotsInBulk } from '../../catalog/manager-changes.ts';
import { changeProduct, createProduct, retireProduct } from '../../catalog/product-changes.ts';
import { changeVenue, createVenue } from '../../catalog/venue-definitions.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs, RouteDocs } from '../route-docs.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { syncCommonErrors } from './sync-routes.ts';

/** The docs of a manager's route: sync tag, bearer token, the common errors and FORBIDDEN. */
export function managerDocs(
  summary: string,
  description: string,
  errors: HubErrorCode[] = [],
): RouteConfigWithDocs & { docs: RouteDocs } {
  return {
    docs: {
      summary,
      description,
      tags: ['manager'],
      bearer: true,
      errors: [...syncCommonErrors, 'FORBIDDEN', ...errors],
    },
  };
}

export const managerRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/sync/manager-catalog',
    {
      schema: { headers: syncHeadersSchema, response: { 200: managerCatalogSchema } },
      config: managerDocs(
        'What a manager edits: products, venues, municipalities (managers)',
        "Every vaccine product (retired ones too), the session's venues (closed ones too) with what a manager " +
          'defines on them, and the municipalities the hub knows. Changes nothing.',
      ),
    },
    async (request) => readManagerCatalog(deps.sql, sessionOfRequest(request)),
  );

  // ── products ──
  app.post(
    '/api/v1/sync/products',
    {
      schema: {
        headers: syncHeadersSchema,
        body: createProductBodySchema,
        response: { 201: productResponseSchema },
      },
      config: managerDocs(
        'Define a vaccine product (managers)',
        'Name, maker, doses in the series, the interval window between doses, the minimum age and the day it is ' +
          'checked on (the vaccination day, or ageReferenceDate). Products are shared by every municipality of the hub.',
      ),
    },
    async (request, reply) => {
      const product = await createProduct(deps, sessionOfRequest(request), request.body as CreateProductBody);
      return reply.code(201).send({ product });
    },
  );

  app.patch<{ Params: { productId: string } }>(
    '/api/v1/sync/products/:productId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: productParamsSchema,
        body: productChangeBodySchema,
        response: { 200: productResponseSchema },
      },
      config: managerDocs(
        "Change a vaccine product's definition (managers)",
        'Bookings already made stay as they are; the rules apply to bookings and moves from now on.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      product: await changeProduct(
        deps,
        sessionOfRequest(request),
        request.params.productId,
        request.body as ProductChangeBody,
      ),
    }),
  );

  app.post<{ Params: { productId: string } }>(
    '/api/v1/sync/products/:productId/retire',
    {
      schema: {
        headers: syncHeadersSchema,
        params: productParamsSchema,
        response: { 200: productResponseSchema },
      },
      config: managerDocs(
        'Retire a vaccine product (managers)',
        'active becomes false: no new slots are generated for it and no venue starts offering it; its slots and ' +
          'bookings stay as they are.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      product: await retireProduct(deps, sessionOfRequest(request), request.params.productId),
    }),
  );

  // ── venues ──
  app.post(
    '/api/v1/sync/venues',
    {
      schema: {
        headers: syncHeadersSchema,
        body: createVenueBodySchema,
        response: { 201: venueResponseSchema },
      },
      config: managerDocs(
        'Create a venue (managers)',
        "In the session's municipality (municipalityCode for a session of every municipality). It takes its own " +
          "municipality's coupons unless acceptedMunicipalityCodes names others (a prefecture's mass site); " +
          'outOfAreaByException takes residents of other municipalities with an accepted notice (住所地外接種).',
      ),
    },
    async (request, reply) => {
      const venue = await createVenue(deps, sessionOfRequest(request), request.body as CreateVenueBody);
      return reply.code(201).send({ venue });
    },
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
      config: managerDocs(
        "Change a venue's details, or close it (active: false) (managers)",
        'Audited and change-logged. An inactive venue is not offered to the online channel; its slots and bookings ' +
          'stay (cancel its sessions to move the residents).',
        ['NOT_FOUND'],
      ),
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

  // ── slots ──
  app.patch<{ Params: { slotId: string } }>(
    '/api/v1/sync/slots/:slotId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: slotParamsSchema,
        body: slotChangeBodySchema,
        response: { 200: slotChangeResponseSchema },
      },
      config: managerDocs(
        "Change a slot's capacity, call-center reserve, reserve release or status (managers)",
        'Audited and change-logged. A capacity below the seats booked and held answers CAPACITY_BELOW_BOOKED ' +
          '(error.belowBooked names the bookings); a capacity alone below the reserve brings the reserve down with it.',
        ['NOT_FOUND', 'CAPACITY_BELOW_BOOKED'],
      ),
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

  app.post(
    '/api/v1/sync/slots/bulk-change',
    {
      schema: {
        headers: syncHeadersSchema,
        body: bulkSlotChangeBodySchema,
        response: { 200: bulkSlotChangeResponseSchema },
      },
      config: managerDocs(
        'Change many slots at once: a day, a week, a venue or a set (managers)',
        'All or nothing, in one transaction: when one slot would go below its seats booked and held the answer is ' +
          'CAPACITY_BELOW_BOOKED with every such slot and its bookings (error.belowBooked), and nothing changes.',
        ['CAPACITY_BELOW_BOOKED'],
      ),
    },
    async (request) => changeSlotsInBulk(deps, sessionOfRequest(request), request.body as BulkSlotChangeBody),
  );
};
