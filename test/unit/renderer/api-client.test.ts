import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../../../domain/api/errors.ts';
import { isApiResult, unwrapApiResult } from '../../../renderer/src/api/api-result.ts';
import { callOverHttp, parseDeskEvent } from '../../../renderer/src/api/browser-transport.ts';
import {
  DeskUnavailableError,
  errorCodeOf,
  isTransientError,
} from '../../../renderer/src/api/client-error.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(respond: (url: string, init: RequestInit) => Promise<Response>) {
  const fetchMock = vi.fn(respond);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const json = (body: unknown, status = 200) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );

describe('ApiResult unwrapping', () => {
  test('returns the value of an ok result and throws a typed ApiError otherwise', () => {
    expect(unwrapApiResult({ ok: true, value: 42 })).toBe(42);
    const error = (() => {
      try {
        unwrapApiResult({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(errorCodeOf(error)).toBe('FORBIDDEN');
  });

  test('an unknown error code from the other side becomes INTERNAL', () => {
    expect(() =>
      unwrapApiResult({ ok: false, error: { code: 'WEIRD' as 'INTERNAL', message: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  test('recognises only well-formed results', () => {
    expect(isApiResult({ ok: true, value: null })).toBe(true);
    expect(isApiResult({ ok: false, error: { code: 'VALIDATION', message: '' } })).toBe(true);
    expect(isApiResult({ ok: true })).toBe(false);
    expect(isApiResult({ ok: false, error: 'x' })).toBe(false);
    expect(isApiResult('ok')).toBe(false);
  });
});

describe('callOverHttp', () => {
  test('posts the input as JSON with the bearer token and returns the value', async () => {
    const fetchMock = stubFetch(() => json({ ok: true, value: { date: '2026-11-24' } }));
    await expect(callOverHttp('tok', 'getDayOverview', { date: '2026-11-24' })).resolves.toEqual({
      date: '2026-11-24',
    });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/call/getDayOverview');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer tok');
    expect(init.body).toBe('{"date":"2026-11-24"}');
  });

  test('an error result becomes an ApiError with its code', async () => {
    stubFetch(() => json({ ok: false, error: { code: 'UNAUTHORIZED', message: 'wrong token' } }, 401));
    await expect(callOverHttp('bad', 'getAppInfo', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  test('a network failure becomes UNAVAILABLE, which is worth retrying', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await callOverHttp('tok', 'getAppInfo', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeskUnavailableError);
    expect(errorCodeOf(error)).toBe('UNAVAILABLE');
    expect(isTransientError(error)).toBe(true);
  });

  test('a non-JSON answer is classified by its status', async () => {
    stubFetch(() => Promise.resolve(new Response('Bad Gateway', { status: 502 })));
    await expect(callOverHttp('tok', 'getAppInfo', {})).rejects.toBeInstanceOf(DeskUnavailableError);
    stubFetch(() => Promise.resolve(new Response('oops', { status: 500 })));
    await expect(callOverHttp('tok', 'getAppInfo', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  test('without a token nothing is sent', async () => {
    const fetchMock = stubFetch(() => json({ ok: true, value: 1 }));
    await expect(callOverHttp(null, 'getAppInfo', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(isTransientError(new ApiError('UNAUTHORIZED', 'x'))).toBe(false);
  });
});

describe('parseDeskEvent', () => {
  test('accepts the two event types and drops anything else', () => {
    expect(parseDeskEvent('{"type":"data-changed","scopes":["bookings"]}')).toEqual({
      type: 'data-changed',
      scopes: ['bookings'],
    });
    expect(parseDeskEvent('{"type":"sync-status","state":"idle"}')).toEqual({
      type: 'sync-status',
      state: 'idle',
    });
    expect(parseDeskEvent('{"type":"other"}')).toBeNull();
    expect(parseDeskEvent('not json')).toBeNull();
  });
});
