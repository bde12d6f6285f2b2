/** GET /api/v1/sync/events: SSE pokes with the newest change-log seq, and heartbeats (see sync-api.ts). */
import type { FastifyPluginAsync } from 'fastify';
import { pokeEventSchema, syncEventsPath, syncHeadersSchema } from '../../../domain/hub-api/sync-api.ts';
import { sessionOf } from '../../sync/device-sessions.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { syncCommonErrors } from './sync-routes.ts';

export const syncEventRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.get(
    syncEventsPath,
    {
      schema: { headers: syncHeadersSchema, response: { 200: pokeEventSchema } },
      config: {
        docs: {
          summary:
            'Live pokes: `event: poke` with {seq} when the change log grows, `event: heartbeat` meanwhile',
          description:
            'A text/event-stream. The first poke comes at once with the current head. Pull changes since your ' +
            'cursor when a poke is above it. Heartbeats every 15 s; the stream ends when the session expires ' +
            'or the hub shuts down (reconnect, and poll with back-off meanwhile).',
          tags: ['sync'],
          bearer: true,
          errors: syncCommonErrors,
          produces: 'text/event-stream',
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request, reply) => {
      const authorization = request.headers.authorization;
      // Each heartbeat checks the session again: an expired or revoked one ends the stream.
      const stream = deps.streams.open(reply, async () => {
        await sessionOf(deps.sql, authorization, deps.clock());
      });
      try {
        const unsubscribe = await deps.feed.subscribe((seq) => stream.send('poke', { seq }));
        stream.onClose(unsubscribe);
        stream.send('poke', { seq: await deps.feed.head() });
      } catch (error) {
        request.log.warn({ err: error instanceof Error ? error.name : 'Error' }, 'event stream failed');
        stream.end();
      }
    },
  );
};
