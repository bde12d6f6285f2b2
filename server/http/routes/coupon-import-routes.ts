/**
 * Coupon list imports from a manager's desk: upload the file as it is (the answer is the preview),
 * page through its problems, apply it in steps that report progress, or discard it. The file goes
 * to a temporary file of this request only (removed when the request ends), so any hub process can
 * take the following steps: everything else lives in the database (server/import/coupon-imports.ts).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  couponImportPreviewSchema,
  couponImportResponseSchema,
  importApplyBodySchema,
  importParamsSchema,
  importProblemsPageSchema,
  importProblemsQuerySchema,
  importUploadQuerySchema,
  maxCouponListBytes,
} from '../../../domain/hub-api/manager-api.ts';
import { syncHeadersSchema } from '../../../domain/hub-api/sync-api.ts';
import { HubError } from '../../hub-error.ts';
import {
  applyCouponImport,
  couponImport,
  couponImportProblems,
  discardCouponImport,
  type ImportActor,
  readCouponFile,
} from '../../import/coupon-imports.ts';
import { managerRoles, requireRole } from '../../sync/session-roles.ts';
import type { HubDeps } from '../hub-deps.ts';
import { sessionOfRequest } from '../sync-request-session.ts';
import { managerDocs } from './manager-routes.ts';

const fileContentTypes = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The signed-in manager; their municipality (if any) bounds the rows and the imports they see. */
function importerOf(request: FastifyRequest): ImportActor {
  const session = sessionOfRequest(request);
  requireRole(session, managerRoles);
  return { audit: session, municipalityCode: session.municipalityCode };
}

/** Writes the request body to `path`, refusing it once it passes the limit. */
async function saveBody(body: Readable, path: string): Promise<void> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      bytes += chunk.length;
      if (bytes > maxCouponListBytes) {
        next(
          new HubError(
            'PAYLOAD_TOO_LARGE',
            `The file is larger than ${maxCouponListBytes / 1024 / 1024} MiB.`,
          ),
        );
      } else next(null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(path, { mode: 0o600 }));
}

export const couponImportRoutes: FastifyPluginAsync<{ deps: HubDeps }> = async (app, { deps }) => {
  // The file arrives as it is; the handler streams it (after the role check) instead of buffering it.
  app.addContentTypeParser(fileContentTypes, (_request, payload, done) => done(null, payload));

  app.post<{ Querystring: { fileName: string } }>(
    '/api/v1/sync/coupon-imports',
    {
      schema: {
        headers: syncHeadersSchema,
        querystring: importUploadQuerySchema,
        response: { 201: couponImportPreviewSchema },
      },
      config: {
        docs: {
          ...managerDocs(
            'Upload a coupon list and read it: the preview (managers)',
            'The file as it is (CSV in UTF-8 with or without BOM or Shift_JIS, or .xlsx; Japanese or English headers ' +
              'in any order), as the `import-coupons` command reads it. Nothing is imported yet: the answer has the column ' +
              'mapping, the first rows, every problem by row number, field and reason (the first ones; page with ' +
              '…/problems), and the counts. Apply it with …/apply.',
            ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
          ).docs,
          rawBody: { contentTypes: fileContentTypes, description: 'the coupon list file' },
        },
      },
    },
    async (request, reply) => {
      const actor = importerOf(request);
      if (!(request.body instanceof Readable)) {
        throw new HubError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Send the file as it is, as ${fileContentTypes.join(' or ')}.`,
        );
      }
      const path = join(tmpdir(), `vaccine-desk-import-${randomUUID()}`);
      try {
        await saveBody(request.body, path);
        const preview = await readCouponFile(
          deps.sql,
          actor,
          { path, fileName: request.query.fileName },
          deps.clock(),
        );
        return reply.code(201).send(preview);
      } finally {
        await rm(path, { force: true });
      }
    },
  );

  app.get<{ Params: { importId: string } }>(
    '/api/v1/sync/coupon-imports/:importId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: importParamsSchema,
        response: { 200: couponImportResponseSchema },
      },
      config: managerDocs(
        "An import's state, counts and progress (managers)",
        'appliedRows of validRows is the progress of the apply step.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      import: await couponImport(deps.sql, importerOf(request), request.params.importId),
    }),
  );

  app.get<{ Params: { importId: string }; Querystring: { after?: number; limit?: number } }>(
    '/api/v1/sync/coupon-imports/:importId/problems',
    {
      schema: {
        headers: syncHeadersSchema,
        params: importParamsSchema,
        querystring: importProblemsQuerySchema,
        response: { 200: importProblemsPageSchema },
      },
      config: managerDocs(
        "A page of an import's problems, in row order (managers)",
        'Each problem names the row number, the field and the reason, never the value.',
        ['NOT_FOUND'],
      ),
    },
    async (request) =>
      couponImportProblems(
        deps.sql,
        importerOf(request),
        request.params.importId,
        request.query.after ?? 0,
        request.query.limit ?? 1000,
      ),
  );

  app.post<{ Params: { importId: string }; Body: { maxRows?: number } | undefined }>(
    '/api/v1/sync/coupon-imports/:importId/apply',
    {
      schema: {
        headers: syncHeadersSchema,
        params: importParamsSchema,
        body: importApplyBodySchema.optional(),
        response: { 200: couponImportResponseSchema },
      },
      config: managerDocs(
        'Import up to maxRows more rows of a read list, and answer the progress (managers)',
        'Call again until state is applied (inserted, updated, unchanged then make the report). Each chunk of rows is ' +
          'one transaction with its change-log rows and an audit entry; an import interrupted anywhere goes on from ' +
          'where it stopped, from any hub process.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      import: await applyCouponImport(
        deps.sql,
        importerOf(request),
        request.params.importId,
        deps.clock,
        request.body?.maxRows,
      ),
    }),
  );

  app.delete<{ Params: { importId: string } }>(
    '/api/v1/sync/coupon-imports/:importId',
    {
      schema: {
        headers: syncHeadersSchema,
        params: importParamsSchema,
        response: { 200: couponImportResponseSchema },
      },
      config: managerDocs(
        'Discard an import not applied yet (managers)',
        'Its staged rows are deleted; rows applied already stay.',
        ['NOT_FOUND'],
      ),
    },
    async (request) => ({
      import: await discardCouponImport(deps.sql, importerOf(request), request.params.importId, deps.clock()),
    }),
  );
};
