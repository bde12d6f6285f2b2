/** Turns a transport's ApiResult into a value or a thrown ApiError. */
import type { ApiResult } from '../../../domain/api/errors.ts';
import { apiErrorFromBody } from './client-error.ts';

export function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

export function unwrapApiResult<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw apiErrorFromBody(result.error);
}
