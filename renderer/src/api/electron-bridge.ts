/**
 * The Electron transport: the preload script exposes `window.deskApi` through contextBridge, one
 * function per contract method returning an ApiResult, plus `onEvent`. Nothing else crosses over.
 */
import type { ApiInput, ApiMethod, ApiOutput } from '../../../domain/api/contract.ts';
import type { DeskBridge } from '../../../domain/api/desk-bridge.ts';
import type { ApiResult } from '../../../domain/api/errors.ts';
import { ApiError } from '../../../domain/api/errors.ts';
import { isApiResult, unwrapApiResult } from './api-result.ts';
import { DeskUnavailableError } from './client-error.ts';

declare global {
  interface Window {
    deskApi?: DeskBridge;
  }
}

export function electronBridge(): DeskBridge | undefined {
  return typeof window !== 'undefined' ? window.deskApi : undefined;
}

export async function callThroughBridge<M extends ApiMethod>(
  bridge: DeskBridge,
  method: M,
  input: ApiInput<M>,
): Promise<ApiOutput<M>> {
  const fn = bridge[method] as (input: ApiInput<M>) => Promise<unknown>;
  let result: unknown;
  try {
    result = await fn(input);
  } catch {
    // The IPC channel itself failed (main process gone or restarting).
    throw new DeskUnavailableError();
  }
  if (!isApiResult(result)) throw new ApiError('INTERNAL', 'malformed API result');
  return unwrapApiResult(result as ApiResult<ApiOutput<M>>);
}
