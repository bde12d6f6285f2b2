/** Operators' seat holds: POST /api/v1/sync/holds, …/holds/{holdId}/extend, …/holds/{holdId}/release. */
import type { FastifyPluginAsync } from 'fastify';
import {
  type CreateHoldBody,
  createHoldBodySchema,
  holdParamsSchema,
  holdResponseSchema,
  releaseHoldResponseSchema,
  syncHeadersSchema,
} from '../../../domain/hub-api/sync-api.ts';
import { createHold, extendSessionHold, releaseSessionHold } from '../../sync/holds.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { syncCommonErrors } from './sync-routes.ts';

export const holdRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/sync/holds',
    {
      schema: {
        headers: syncHeadersSchema,
        body: createHoldBodySchema,
        response: { 200: holdResponseSchema },
      },
      config: {
        docs: {
          summary:
            'Hold a seat for a caller (phone channel, may use the call-center reserve); idempotent by holdId',
          description:
            'The hold counts against the capacity until it is released, expires, or a phone booking pushed with ' +
            'its holdId takes the seat over. The same holdId again answers the hold as it is now (HOLD_EXPIRED ' +
            'once it has ended), never a second seat.',
          tags: ['sync'],
          bearer: true,
          errors: [
            ...syncCommonErrors,
            'FORBIDDEN',
            'SLOT_FULL',
            'SLOT_STARTED',
            'IDEMPOTENCY_CONFLICT',
            'HOLD_EXPIRED',
          ],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      hold: await createHold(deps, sessionOfRequest(request), request.body as CreateHoldBody),
    }),
  );

  app.post<{ Params: { holdId: string } }>(
    '/api/v1/sync/holds/:holdId/extend',
    {
      schema: { headers: syncHeadersSchema, params: holdParamsSchema, response: { 200: holdResponseSchema } },
      config: {
        docs: {
          summary: "Extend this desktop's hold (up to the cap in expiresCapAt)",
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'FORBIDDEN', 'HOLD_EXPIRED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      hold: await extendSessionHold(deps, sessionOfRequest(request), request.params.holdId),
    }),
  );

  app.post<{ Params: { holdId: string } }>(
    '/api/v1/sync/holds/:holdId/release',
    {
      schema: {
        headers: syncHeadersSchema,
        params: holdParamsSchema,
        response: { 200: releaseHoldResponseSchema },
      },
      config: {
        docs: {
          summary: "Release this desktop's hold; releasing an ended hold answers released: false",
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'FORBIDDEN'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      released: await releaseSessionHold(deps, sessionOfRequest(request), request.params.holdId),
    }),
  );
};
