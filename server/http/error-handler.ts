/**
 * Every error leaves the hub as `{"error":{"code","message"}}` with its status: HubErrors as they
 * are, schema failures as VALIDATION (422) with the failing fields, Fastify's own request errors
 * (body too large, not JSON, wrong content type) with a clear code, anything else as INTERNAL
 * (500, logged without personal data).
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ineligibilityReasonText } from '../../domain/booking-rules/eligibility.ts';
import type { FieldIssue, HubErrorBody, HubErrorCode } from '../../domain/hub-api/errors.ts';
import { hubErrorStatus } from '../../domain/hub-api/errors.ts';
import { HubError } from '../hub-error.ts';
import { safeError } from './logging.ts';
import { isZodError } from './zod-route-schemas.ts';

const headerDisplayNames: Record<string, string> = {
  'idempotency-key': 'Idempotency-Key',
  'x-hub-protocol': 'X-Hub-Protocol',
};
const rootNames: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

function validationFields(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string; keys?: string[] }> },
  context: string,
): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const paths =
      issue.keys && issue.keys.length > 0
        ? issue.keys.map((k) => [...issue.path.map(String), k].join('.'))
        : [issue.path.map(String).join('.')];
    return paths.map((p) => ({
      path: p === '' ? (rootNames[context] ?? context) : (headerDisplayNames[p] ?? p),
      message: issue.message,
    }));
  });
}

export function sendHubError(reply: FastifyReply, error: HubError): FastifyReply {
  const body: HubErrorBody = { error: { code: error.code, message: error.message } };
  if (error.fields) body.error.fields = error.fields;
  if (error.belowBooked) body.error.belowBooked = error.belowBooked;
  if (error.overlaps) body.error.overlaps = error.overlaps;
  if (error.reasons) {
    body.error.reasons = error.reasons.map((code) => ({ code, message: ineligibilityReasonText[code].en }));
  }
  if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
  return reply.code(error.status).send(body);
}

const fastifyRequestErrors: Record<string, { code: HubErrorCode; message: string; fields?: FieldIssue[] }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'VALIDATION',
    message: 'The request body is empty.',
    fields: [{ path: 'body', message: 'required' }],
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'VALIDATION',
    message: 'The request body is not valid JSON.',
    fields: [{ path: 'body', message: 'not valid JSON' }],
  },
};

/** For Fastify's `frameworkErrors`: URLs the router cannot take (bad encoding, a path segment over the limit). */
export function sendFrameworkError(_error: Error, _request: unknown, reply: FastifyReply): FastifyReply {
  return sendHubError(
    reply,
    new HubError('VALIDATION', 'The address is not valid.', {
      fields: [{ path: 'path', message: 'badly encoded or too long' }],
    }),
  );
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HubError | Error, request, reply) => {
    if (error instanceof HubError) {
      request.log.info({ code: error.code }, 'request refused');
      return sendHubError(reply, error);
    }
    const fastifyError = error as FastifyError & { validationContext?: string };
    if (isZodError(error) && fastifyError.validationContext) {
      const fields = validationFields(error, fastifyError.validationContext);
      request.log.info({ code: 'VALIDATION', fields: fields.map((f) => f.path) }, 'request refused');
      return sendHubError(
        reply,
        new HubError('VALIDATION', 'Some fields are missing or invalid.', { fields }),
      );
    }
    const known = typeof fastifyError.code === 'string' ? fastifyRequestErrors[fastifyError.code] : undefined;
    if (known) {
      request.log.info({ code: known.code }, 'request refused');
      return sendHubError(
        reply,
        new HubError(known.code, known.message, known.fields ? { fields: known.fields } : {}),
      );
    }
    if (
      error instanceof SyntaxError ||
      (fastifyError.statusCode === 400 && fastifyError.code?.startsWith('FST_ERR_CTP'))
    ) {
      return sendHubError(
        reply,
        new HubError('VALIDATION', 'The request body could not be read.', {
          fields: [{ path: 'body', message: 'unreadable' }],
        }),
      );
    }
    const status = fastifyError.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      request.log.info({ err: safeError(error) }, 'bad request');
      return sendHubError(reply, new HubError('VALIDATION', 'The request could not be read.'));
    }
    request.log.error({ err: safeError(error) }, 'request failed');
    return reply.code(hubErrorStatus.INTERNAL).send({
      error: { code: 'INTERNAL', message: 'Something went wrong on the hub; try again.' },
    } satisfies HubErrorBody);
  });

  app.setNotFoundHandler((_request, reply) =>
    sendHubError(reply, new HubError('NOT_FOUND', 'There is no such address on the hub.')),
  );
}
