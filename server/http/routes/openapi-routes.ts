/** GET /api/v1/openapi.json: the document of every route registered with docs. */
import type { FastifyPluginAsync } from 'fastify';
import { buildOpenApiDocument, type DocumentedRoute } from '../openapi-document.ts';

export const openApiRoutes: FastifyPluginAsync<{
  routes: readonly DocumentedRoute[];
  version: string;
}> = async (app, { routes, version }) => {
  let document: object | undefined;
  app.get('/api/v1/openapi.json', async () => {
    document ??= buildOpenApiDocument(routes, version);
    return document;
  });
};
