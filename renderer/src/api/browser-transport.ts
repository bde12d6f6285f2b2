/**
 * The browser-mode transport: the same contract over HTTP on 127.0.0.1, behind the run's token.
 * Calls are `POST /api/call/<method>` answering an ApiResult; events come from `GET /api/events`
 * (text/event-stream) read through fetch, because EventSource cannot send an Authorization header.
 */
import type { ApiInput, ApiMethod, ApiOutput, DeskEvent } from '../../../domain/api/contract.ts';
import { ApiError, type ApiResult } from '../../../domain/api/errors.ts';
import { isApiResult, unwrapApiResult } from './api-result.ts';
import { DeskUnavailableError } from './client-error.ts';
import { ServerSentEventParser } from './sse-parser.ts';

export async function callOverHttp<M extends ApiMethod>(
  token: string | null,
  method: M,
  input: ApiInput<M>,
): Promise<ApiOutput<M>> {
  if (!token) throw new ApiError('UNAUTHORIZED', 'no session token');
  let response: Response;
  try {
    response = await fetch(`/api/call/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      cache: 'no-store',
    });
  } catch {
    throw new DeskUnavailableError();
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (isApiResult(body)) return unwrapApiResult(body as ApiResult<ApiOutput<M>>);
  if (response.status === 401) throw new ApiError('UNAUTHORIZED', 'token refused');
  if (response.status === 403) throw new ApiError('FORBIDDEN', 'request refused');
  if (response.status >= 502 && response.status <= 504) throw new DeskUnavailableError();
  throw new ApiError('INTERNAL', `unexpected HTTP ${response.status}`);
}

const firstRetryMs = 1_000;
const maxRetryMs = 30_000;

/**
 * Keeps one event stream open, reconnecting with exponential back-off. After a reconnect it reports
 * every scope as changed, since events sent while disconnected are lost. Returns the stop function.
 */
export function streamEventsOverHttp(token: string | null, emit: (event: DeskEvent) => void): () => void {
  if (!token) return () => {};
  const abort = new AbortController();
  let retryMs = firstRetryMs;
  let connectedBefore = false;

  const run = async () => {
    while (!abort.signal.aborted) {
      let refused = false;
      try {
        const response = await fetch('/api/events', {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: abort.signal,
        });
        refused = response.status === 401 || response.status === 403;
        if (response.ok && response.body) {
          retryMs = firstRetryMs;
          if (connectedBefore)
            emit({ type: 'data-changed', scopes: ['bookings', 'slots', 'venues', 'coupons'] });
          connectedBefore = true;
          await readEvents(response.body, emit);
        }
      } catch {
        // Network failure or abort; the loop condition decides.
      }
      // A refused token never becomes valid in this page's life: stop instead of hammering.
      if (refused || abort.signal.aborted) return;
      await sleep(retryMs, abort.signal);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    }
  };
  void run();
  return () => abort.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, emit: (event: DeskEvent) => void): Promise<void> {
  const parser = new ServerSentEventParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const data of parser.feed(decoder.decode(value, { stream: true }))) {
        const event = parseDeskEvent(data);
        if (event) emit(event);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export function parseDeskEvent(data: string): DeskEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && 'type' in value) {
      if (value.type === 'data-changed' || value.type === 'sync-status') return value as DeskEvent;
    }
  } catch {
    // Not JSON: ignore rather than break the stream.
  }
  return null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
