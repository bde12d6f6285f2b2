/**
 * The staff sync API. Every request names the protocol version in X-Hub-Protocol (a mismatch
 * answers PROTOCOL_MISMATCH before anything else); all but login need the bearer token of a
 * session, which the routes below read with sessionOfRequest().
 */
import type { FastifyPluginAsync } from 'fastify';
import { protocolHeader, syncProtocolVersion } from '../../../domain/hub-api/sync-api.ts';
import { HubError } from '../../hub-error.ts';
import { sessionOf } from '../../sync/device-sessions.ts';
import type { HubDeps } from '../hub-deps.ts';
import { attachSession } from '../sync-request-session.ts';
import { couponImportRoutes } from './coupon-import-routes.ts';
import { holdRoutes } from './hold-routes.ts';
import { managerRoutes } from './manager-routes.ts';
import { slotPlanningRoutes } from './slot-planning-routes.ts';
import { syncEventRoutes } from './sync-event-routes.ts';
import { syncRoutes } from './sync-routes.ts';

export const loginPath = '/api/v1/sync/login';

export const syncApi: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', async (request) => {
    const version = request.headers[protocolHeader];
    if (version !== String(syncProtocolVersion)) {
      throw new HubError(
        'PROTOCOL_MISMATCH',
        `This hub speaks sync protocol ${syncProtocolVersion}; send ${protocolHeader}: ${syncProtocolVersion}.`,
      );
    }
    if (request.routeOptions.url === loginPath) return;
    attachSession(request, await sessionOf(deps.sql, request.headers.authorization, deps.clock()));
  });
  await app.register(syncRoutes, { deps });
  await app.register(syncEventRoutes, { deps });
  await app.register(holdRoutes, { deps });
  await app.register(managerRoutes, { deps });
  await app.register(slotPlanningRoutes, { deps });
  await app.register(couponImportRoutes, { deps });
};
