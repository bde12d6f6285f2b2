/** GET /healthz: the database answers and is migrated. */
import type { FastifyPluginAsync } from 'fastify';
import { healthResponseSchema } from '../../../domain/hub-api/public-api.ts';
import { HubError } from '../../hub-error.ts';
import { changeLogHead } from '../../store/change-log.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';

export const healthRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.get(
    '/healthz',
    {
      schema: { response: { 200: healthResponseSchema } },
      config: {
        docs: {
          summary: 'Liveness and readiness of the hub and its database',
          tags: ['operations'],
          errors: ['UNAVAILABLE'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async () => {
      try {
        const [migrations] = await deps.sql.query<{ version: number | null }>(
          'SELECT max(version) AS version FROM schema_migrations',
        );
        const head = await changeLogHead(deps.sql);
        return {
          status: 'ok' as const,
          engine: deps.sql.engine,
          schemaVersion: migrations?.version ?? 0,
          lastSeq: head.lastSeq,
        };
      } catch {
        throw new HubError('UNAVAILABLE', 'The database does not answer or is not migrated.');
      }
    },
  );
};
