/**
 * The staff sync API. Every request names the protocol version in X-Hub-Protocol (a mismatch
 * answers PROTOCOL_MISMATCH before anything else); all but login need the bearer token of a
 * session, which the routes below read with sessionOfRequest().
 */
import type { FastifyPluginAsync } from 'fastify';
import { protocolHeader, syncProtocolVersion } from '../../../domain/hub-api/sync-api.ts';
import { auditRefusal } from '../../audit/audit-log.ts';
import { HubError } from '../../hub-error.ts';
import { sessionOf } from '../../sync/device-sessions.ts';
import type { HubDeps } from '../hub-deps.ts';
import { attachSession, maybeSessionOfRequest } from '../sync-request-session.ts';
import { couponImportRoutes } from './coupon-import-routes.ts';
import { deskAuditRoutes } from './desk-audit-routes.ts';
import { holdRoutes } from './hold-routes.ts';
import { managerRoutes } from './manager-routes.ts';
import { slotPlanningRoutes } from './slot-planning-routes.ts';
import { staffAdminRoutes } from './staff-admin-routes.ts';
import { syncEventRoutes } from './sync-event-routes.ts';
import { passwordPath, syncRoutes } from './sync-routes.ts';

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
    // Signing in, and setting a password on the way in, prove the device and the person in the body.
    if (request.routeOptions.url === loginPath || request.routeOptions.url === passwordPath) return;
    attachSession(request, await sessionOf(deps.sql, request.headers.authorization, deps.clock()));
  });
  // A route refused for the role is audited (a refused mutation is, in apply-mutations.ts).
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof HubError) || error.code !== 'FORBIDDEN') return;
    const session = maybeSessionOfRequest(request);
    if (!session) return;
    await auditRefusal(deps.sql, deps.clock(), session, {
      entity: 'route',
      entityId: `${request.method} ${request.routeOptions.url ?? ''}`,
      municipalityCode: session.municipalityCode,
      what: 'route',
    });
  });
  await app.register(syncRoutes, { deps });
  await app.register(syncEventRoutes, { deps });
  await app.register(holdRoutes, { deps });
  await app.register(managerRoutes, { deps });
  await app.register(slotPlanningRoutes, { deps });
  await app.register(couponImportRoutes, { deps });
  await app.register(staffAdminRoutes, { deps });
  await app.register(deskAuditRoutes, { deps });
};
