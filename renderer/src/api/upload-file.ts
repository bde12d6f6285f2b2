/**
 * Browser mode: hands a file the person chose to the desk process (POST /api/upload, behind the
 * run's token) and answers its upload id, for a method to read once (the coupon list import). The
 * browser streams the File from disk; the page never reads it into memory. In Electron the desk
 * process opens the file itself from the system dialog, so this is not used there.
 */
import { ApiError, type ApiResult } from '../../../domain/api/errors.ts';
import { isApiResult, unwrapApiResult } from './api-result.ts';
import { DeskUnavailableError } from './client-error.ts';
import { captureSessionToken } from './session-token.ts';

export async function uploadFile(file: File): Promise<string> {
  const token = captureSessionToken();
  let response: Response;
  try {
    response = await fetch('/api/upload', {
      method: 'POST',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        'Content-Type': 'application/octet-stream',
      },
      body: file,
      cache: 'no-store',
    });
  } catch {
    throw new DeskUnavailableError();
  }
  if (response.status === 413) {
    throw new ApiError('VALIDATION', 'file too large', [{ path: 'reason', message: 'file_too_large' }]);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (isApiResult(body)) return unwrapApiResult(body as ApiResult<{ uploadId: string }>).uploadId;
  throw new ApiError('INTERNAL', `unexpected HTTP ${response.status}`);
}
