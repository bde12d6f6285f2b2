/** Staff accounts through the sync API (admins only, enforced in server/staff/staff-accounts.ts). */
import type { FastifyPluginAsync } from 'fastify';
import type { HubErrorCode } from '../../../domain/hub-api/errors.ts';
import {
  type CreateStaffBody,
  createStaffBodySchema,
  type PasswordResetBody,
  passwordResetBodySchema,
  type StaffChangeBody,
  staffAccountListSchema,
  staffAccountResponseSchema,
  staffChangeBodySchema,
  staffParamsSchema,
} from '../../../domain/hub-api/staff-admin-api.ts';
import { syncHeadersSchema } from '../../../domain/hub-api/sync-api.ts';
import {
  changeStaffAccount,
  createStaffAccount,
  listStaff,
  resetStaffPassword,
} from '../../staff/staff-accounts.ts';
import type { HubDeps } from '../hub-deps.ts';
import type { RouteConfigWithDocs } from '../route-docs.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { syncCommonErrors } from './sync-routes.ts';

const adminDocs = (
  summary: string,
  description: string,
  errors: HubErrorCode[] = [],
): RouteConfigWithDocs => ({
  docs: {
    summary,
    description,
    tags: ['admin'],
    bearer: true,
    errors: [...syncCommonErrors, 'FORBIDDEN', ...errors],
  },
});

export const staffAdminRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/sync/staff',
    {
      schema: { headers: syncHeadersSchema, response: { 200: staffAccountListSchema } },
      config: adminDocs(
        'The staff accounts (admins)',
        "Those of the session's municipality (every account for a session that sees the whole hub).",
      ),
    },
    async (request) => ({ staff: await listStaff(deps, sessionOfRequest(request)) }),
  );

  app.post(
    '/api/v1/sync/staff',
    {
      schema: {
        headers: syncHeadersSchema,
        body: createStaffBodySchema,
        response: { 201: staffAccountResponseSchema },
      },
      config: adminDocs(
        'Create a staff account (admins)',
        'The password is temporary: the first sign-in answers PASSWORD_CHANGE_REQUIRED. Venue staff name their venues.',
      ),
    },
    async (request, reply) => {
      const staff = await createStaffAccount(
        deps,
        sessionOfRequest(request),
        request.body as CreateStaffBody,
      );
      return reply.code(201).send({ staff });
    },
  );

  app.patch<{ Params: { staffId: string } }>(
    '/api/v1/sync/staff/:staffId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: staffParamsSchema,
        body: staffChangeBodySchema,
        response: { 200: staffAccountResponseSchema },
      },
      config: adminDocs(
        'Change a staff account: name, role, venues, disable or enable (admins)',
        'active: false ends its sessions at once; an admin cannot disable or demote their own account.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      staff: await changeStaffAccount(
        deps,
        sessionOfRequest(request),
        request.params.staffId,
        request.body as StaffChangeBody,
      ),
    }),
  );

  app.post<{ Params: { staffId: string } }>(
    '/api/v1/sync/staff/:staffId/password-reset',
    {
      schema: {
        headers: syncHeadersSchema,
        params: staffParamsSchema,
        body: passwordResetBodySchema,
        response: { 200: staffAccountResponseSchema },
      },
      config: adminDocs(
        'Reset a password to a temporary one (admins)',
        'Its sessions end; the next sign-in answers PASSWORD_CHANGE_REQUIRED until its owner sets their own.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      staff: await resetStaffPassword(
        deps,
        sessionOfRequest(request),
        request.params.staffId,
        request.body as PasswordResetBody,
      ),
    }),
  );
};
