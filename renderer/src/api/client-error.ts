/**
 * The errors the UI can meet when it calls the desktop API. Errors the desktop process answers come
 * as the domain's ApiError (with its stable code); a transport that cannot reach the desktop process
 * at all (server stopped, network down) throws DeskUnavailableError. The UI translates by code.
 */
import { ApiError, type ApiErrorBody, type ApiErrorCode, apiErrorCodes } from '../../../domain/api/errors.ts';

export type ClientErrorCode = ApiErrorCode | 'UNAVAILABLE';

export class DeskUnavailableError extends Error {
  readonly code = 'UNAVAILABLE';

  constructor(message = 'desk API unreachable') {
    super(message);
    this.name = 'DeskUnavailableError';
  }
}

export function apiErrorFromBody(body: ApiErrorBody): ApiError {
  const code = (apiErrorCodes as readonly string[]).includes(body.code) ? body.code : 'INTERNAL';
  return new ApiError(code, typeof body.message === 'string' ? body.message : 'error', body.issues);
}

export function errorCodeOf(error: unknown): ClientErrorCode {
  if (error instanceof ApiError) return error.code;
  if (error instanceof DeskUnavailableError) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/** Worth retrying automatically: the desktop process may come back. Refusals are final. */
export function isTransientError(error: unknown): boolean {
  return errorCodeOf(error) === 'UNAVAILABLE';
}
