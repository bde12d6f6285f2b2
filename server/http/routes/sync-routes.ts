/** The core of the staff sync API: login, snapshot, changes, push (the hook in sync-api.ts checks protocol and session). */
import type { FastifyPluginAsync } from 'fastify';
import type { HubErrorCode } from '../../../domain/hub-api/errors.ts';
import {
  changesPageSchema,
  changesQuerySchema,
  type LoginBody,
  loginBodySchema,
  loginResponseSchema,
  type PushBody,
  pushBodySchema,
  pushResponseSchema,
  snapshotPageSchema,
  snapshotQuerySchema,
  syncHeadersSchema,
} from '../../../domain/hub-api/sync-api.ts';
import { HubError } from '../../hub-error.ts';
import { applyMutations } from '../../sync/apply-mutations.ts';
import { changesSince } from '../../sync/changes.ts';
import { login } from '../../sync/device-sessions.ts';
import { snapshotPage } from '../../sync/snapshot.ts';
import type { HubDeps } from '../hub-deps.ts';
import { safeError } from '../logging.ts';
import { FixedWindowLimiter } from '../rate-limiter.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { sessionOfRequest as sessionFor } from '../sync-request-session.ts';

export const syncCommonErrors: HubErrorCode[] = ['PROTOCOL_MISMATCH', 'VALIDATION', 'UNAUTHORIZED'];
/** A push of 100 mutations is a few tens of KiB. */
const pushBodyLimit = 256 * 1024;

export const syncRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  // Passwords are slow to check (scrypt) and must not be guessable by volume.
  const loginsPerAddress = new FixedWindowLimiter({ limit: 20, windowSeconds: 60 });
  const loginsPerLogin = new FixedWindowLimiter({ limit: 10, windowSeconds: 60 });
  app.post(
    '/api/v1/sync/login',
    {
      schema: { headers: syncHeadersSchema, body: loginBodySchema, response: { 200: loginResponseSchema } },
      config: {
        docs: {
          summary: 'Sign a staff member in on a registered desktop; answers a bearer token',
          tags: ['sync'],
          errors: [...syncCommonErrors, 'RATE_LIMITED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => {
      const body = request.body as LoginBody;
      const nowMs = deps.clock().getTime();
      const wait = Math.max(loginsPerAddress.hit(request.ip, nowMs), loginsPerLogin.hit(body.login, nowMs));
      if (wait > 0) {
        throw new HubError('RATE_LIMITED', 'Too many sign-in attempts; wait a little.', {
          retryAfterSeconds: wait,
        });
      }
      return login(deps.sql, body, deps.clock());
    },
  );

  app.get<{ Querystring: { cursor?: string; limit?: number } }>(
    '/api/v1/sync/snapshot',
    {
      schema: {
        headers: syncHeadersSchema,
        querystring: snapshotQuerySchema,
        response: { 200: snapshotPageSchema },
      },
      config: {
        docs: {
          summary:
            'One page of the snapshot: apply the rows, follow `next`, then pull changes since snapshotSeq',
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'RESNAPSHOT'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) =>
      snapshotPage(deps.sql, {
        municipalityCode: sessionFor(request).municipalityCode,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        ...(request.query.limit ? { limit: request.query.limit } : {}),
        now: deps.clock(),
      }),
  );

  app.get<{ Querystring: { since: number; limit?: number } }>(
    '/api/v1/sync/changes',
    {
      schema: {
        headers: syncHeadersSchema,
        querystring: changesQuerySchema,
        response: { 200: changesPageSchema },
      },
      config: {
        docs: {
          summary: 'Changes after a sequence number, oldest first; RESNAPSHOT when the cursor is too old',
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'RESNAPSHOT'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) =>
      changesSince(deps.sql, {
        since: request.query.since,
        ...(request.query.limit ? { limit: request.query.limit } : {}),
        municipalityCode: sessionFor(request).municipalityCode,
      }),
  );

  app.post(
    '/api/v1/sync/push',
    {
      bodyLimit: pushBodyLimit,
      schema: { headers: syncHeadersSchema, body: pushBodySchema, response: { 200: pushResponseSchema } },
      config: {
        docs: {
          summary:
            'Apply outbox mutations (book, cancel, move, mark) in order; one result per mutation: ok, rejected (final) or retry',
          tags: ['sync'],
          bearer: true,
          errors: [...syncCommonErrors, 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => ({
      results: await applyMutations(
        { ...deps, onUnexpected: (error) => request.log.error({ err: safeError(error) }, 'mutation failed') },
        sessionFor(request),
        (request.body as PushBody).mutations,
      ),
    }),
  );
};
