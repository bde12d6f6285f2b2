/** The core of the staff sync API: login, snapshot, changes, push (the hook in sync-api.ts checks protocol and session). */
import type { FastifyPluginAsync } from 'fastify';
import type { HubErrorCode } from '../../../domain/hub-api/errors.ts';
import {
  type PasswordChangeBody,
  passwordChangeBodySchema,
} from '../../../domain/hub-api/staff-admin-api.ts';
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
import { appendAudit } from '../../audit/audit-log.ts';
import { HubError } from '../../hub-error.ts';
import { changePassword } from '../../staff/staff-accounts.ts';
import type { HubSql } from '../../store/hub-sql.ts';
import { runHubTransaction } from '../../store/hub-transaction.ts';
import { applyMutations } from '../../sync/apply-mutations.ts';
import { changesSince } from '../../sync/changes.ts';
import { login, type SignInGuard, type SyncSession } from '../../sync/device-sessions.ts';
import { snapshotPage } from '../../sync/snapshot.ts';
import type { HubDeps } from '../hub-deps.ts';
import { safeError } from '../logging.ts';
import { FixedWindowLimiter } from '../rate-limiter.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { sessionOfRequest as sessionFor } from '../sync-request-session.ts';

async function auditSnapshot(sql: HubSql, now: Date, session: SyncSession): Promise<void> {
  await runHubTransaction(sql, now, (tx) =>
    appendAudit(tx, session, {
      action: 'sync.snapshot',
      entity: 'device',
      entityId: session.deviceId,
      municipalityCode: session.municipalityCode,
      before: {},
      after: session.venueIds ? { venueIds: session.venueIds } : {},
    }),
  );
}

export const passwordPath = '/api/v1/sync/password';

export const syncCommonErrors: HubErrorCode[] = ['PROTOCOL_MISMATCH', 'VALIDATION', 'UNAUTHORIZED'];
/** A push of 100 mutations is a few tens of KiB. */
const pushBodyLimit = 256 * 1024;

export const syncRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  // Passwords are slow to check (scrypt) and must not be guessable by volume: every attempt counts per
  // address; per login only the failures from a known device (sync/device-sessions.ts SignInGuard).
  const loginsPerAddress = new FixedWindowLimiter({ limit: 20, windowSeconds: 60 });
  const failuresPerLogin = new FixedWindowLimiter({ limit: 10, windowSeconds: 60 });
  const guard: SignInGuard = {
    blockedFor: (login) => failuresPerLogin.blockedFor(login, deps.clock().getTime()),
    failed: (login) => {
      failuresPerLogin.hit(login, deps.clock().getTime());
    },
  };
  app.post(
    '/api/v1/sync/login',
    {
      schema: { headers: syncHeadersSchema, body: loginBodySchema, response: { 200: loginResponseSchema } },
      config: {
        docs: {
          summary: 'Sign a staff member in on a registered desktop; answers a bearer token',
          tags: ['sync'],
          description:
            'A password an admin set (a new account, a reset) answers PASSWORD_CHANGE_REQUIRED: send the same fields ' +
            'with newPassword to POST /api/v1/sync/password.',
          errors: [...syncCommonErrors, 'PASSWORD_CHANGE_REQUIRED', 'RATE_LIMITED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => {
      const body = request.body as LoginBody;
      const nowMs = deps.clock().getTime();
      const wait = loginsPerAddress.hit(request.ip, nowMs);
      if (wait > 0) {
        throw new HubError('RATE_LIMITED', 'Too many sign-in attempts; wait a little.', {
          retryAfterSeconds: wait,
        });
      }
      return login(deps.sql, body, deps.clock(), guard);
    },
  );

  app.post(
    passwordPath,
    {
      schema: {
        headers: syncHeadersSchema,
        body: passwordChangeBodySchema,
        response: { 200: loginResponseSchema },
      },
      config: {
        docs: {
          summary: 'Set a new password (proving the current one on a registered desktop) and sign in with it',
          description:
            'The way in after the login answered PASSWORD_CHANGE_REQUIRED, and for changing one’s password at any ' +
            'time; the account’s other sessions end. Answers as the login does.',
          tags: ['sync'],
          errors: [...syncCommonErrors, 'RATE_LIMITED'],
        },
      } satisfies RouteConfigWithDocs,
    },
    async (request) => {
      const wait = loginsPerAddress.hit(request.ip, deps.clock().getTime());
      if (wait > 0) {
        throw new HubError('RATE_LIMITED', 'Too many sign-in attempts; wait a little.', {
          retryAfterSeconds: wait,
        });
      }
      return changePassword(deps, request.body as PasswordChangeBody, guard);
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
    async (request) => {
      const session = sessionFor(request);
      // A snapshot hands a desktop every resident it may see: who took one, and when, is audited.
      if (!request.query.cursor) await auditSnapshot(deps.sql, deps.clock(), session);
      return snapshotPage(deps.sql, {
        municipalityCode: session.municipalityCode,
        venueIds: session.venueIds,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        ...(request.query.limit ? { limit: request.query.limit } : {}),
        now: deps.clock(),
      });
    },
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
        venueIds: sessionFor(request).venueIds,
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
