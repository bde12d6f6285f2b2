/** The desks' audit chains (server/audit/desk-audit-chains.ts): every signed-in desk sends its own. */
import type { FastifyPluginAsync } from 'fastify';
import {
  type DeskAuditPushBody,
  deskAuditPushBodySchema,
  deskAuditPushResponseSchema,
} from '../../../domain/hub-api/desk-audit-api.ts';
import { syncHeadersSchema } from '../../../domain/hub-api/sync-api.ts';
import { receiveDeskAuditEntries } from '../../audit/desk-audit-chains.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { syncCommonErrors } from './sync-routes.ts';

/** 500 entries of ids are well under a MiB. */
const auditBodyLimit = 2 * 1024 * 1024;

export const deskAuditRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/sync/audit-entries',
    {
      bodyLimit: auditBodyLimit,
      schema: {
        headers: syncHeadersSchema,
        body: deskAuditPushBodySchema,
        response: { 200: deskAuditPushResponseSchema },
      },
      config: {
        docs: {
          summary: "Keep this desktop's audit entries, in chain order after those the hub holds",
          description:
            'Each link is recomputed (prevHash, entryHash); entries after a gap are not kept, and the answer ' +
            'says from where to send again. A link that fails, or an entry that differs from the one kept at its ' +
            'position, refuses the request as a whole (AUDIT_CHAIN_BROKEN), audited.',
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'AUDIT_CHAIN_BROKEN', 'PAYLOAD_TOO_LARGE'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) =>
      receiveDeskAuditEntries(deps, sessionOfRequest(request), request.body as DeskAuditPushBody),
  );
};
