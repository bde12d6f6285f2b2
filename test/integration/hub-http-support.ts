/** Starts the hub's HTTP app on 127.0.0.1:0 for a test and talks to it over real HTTP. */
import type { FastifyInstance } from 'fastify';
import type { HubErrorBody } from '../../domain/hub-api/errors.ts';
import { defaultLockoutPolicy, type LockoutPolicy } from '../../server/booking/resident-verification.ts';
import { buildHubApp, type HubAppOptions } from '../../server/http/build-hub-app.ts';
import type { RateLimits } from '../../server/http/rate-limiter.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { fixtureNow } from './hub-support.ts';

let idempotencyKeys = 0;
/** A new Idempotency-Key at each call, unique within this process. */
export const freshIdempotencyKey = (): string => `test-key-${process.pid}-${++idempotencyKeys}`;

export interface RunningHub {
  app: FastifyInstance;
  baseUrl: string;
  /** The hub's clock; tests move it. */
  now: Date;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<HubResponse<T>>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/** The parsed JSON answer: the success shape T, or an error body. */
export interface HubResponse<T> {
  status: number;
  headers: Headers;
  body: Partial<T> & Partial<HubErrorBody>;
}

export async function startHub(
  sql: HubSql,
  options: {
    rateLimits?: RateLimits | false;
    lockout?: LockoutPolicy;
    logLines?: string[];
    app?: Pick<
      HubAppOptions,
      'holdPolicy' | 'heartbeatMs' | 'pokeIntervalMs' | 'trustProxy' | 'allowedHosts'
    >;
  } = {},
): Promise<RunningHub> {
  const hub = { now: fixtureNow } as RunningHub;
  const app = await buildHubApp({
    ...options.app,
    sql,
    clock: () => hub.now,
    rateLimits: options.rateLimits ?? false,
    // Every test request comes from 127.0.0.1, one source: its limit over all tickets is for the
    // tests that name sources (X-Forwarded-For through a trusted proxy) to meet.
    lockout: options.lockout ?? { ...defaultLockoutPolicy, sourceMaxFailures: 100_000 },
    ...(options.logLines
      ? {
          logLevel: 'trace' as const,
          logDestination: { write: (line: string) => options.logLines!.push(line) },
        }
      : { logLevel: 'silent' as const }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  hub.app = app;
  hub.baseUrl = `http://127.0.0.1:${address.port}`;
  hub.request = async <T>(
    method: string,
    path: string,
    { body, rawBody, headers = {} }: RequestOptions = {},
  ) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (rawBody !== undefined) init.body = rawBody;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${hub.baseUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return {
      status: response.status,
      headers: response.headers,
      body: parsed as Partial<T> & Partial<HubErrorBody>,
    };
  };
  hub.close = () => app.close();
  return hub;
}
