/**
 * The hub's HTTP application: Fastify with zod route schemas, one error format, logs without
 * personal data, the public API (rate-limited, small bodies), the resident booking page, the staff
 * sync API (with SSE pokes, holds and managers' changes), health and the OpenAPI document.
 * It does not listen; the caller does (`serve`, tests on 127.0.0.1:0). Closing it ends the open
 * event streams and stops listening for change-log notifications.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { syncHeartbeatSeconds } from '../../domain/hub-api/sync-api.ts';
import { defaultHoldPolicy, type HoldPolicy } from '../booking/hold-seats.ts';
import { defaultLockoutPolicy, type LockoutPolicy } from '../booking/resident-verification.ts';
import { type Clock, systemClock } from '../clock.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { ChangeFeed } from '../sync/change-feed.ts';
import { installErrorHandler, sendFrameworkError } from './error-handler.ts';
import { EventStreams } from './event-streams.ts';
import { installHostCheck } from './host-check.ts';
import type { HubDeps } from './hub-deps.ts';
import { hubLoggerOptions, type LogDestination, type LogLevel, safeError } from './logging.ts';
import { type DocumentedRoute, documentedRouteOf } from './openapi-document.ts';
import { defaultRateLimits, type RateLimits } from './rate-limiter.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { openApiRoutes } from './routes/openapi-routes.ts';
import { publicApi } from './routes/public-api.ts';
import { residentPageRoutes } from './routes/resident-page-routes.ts';
import { syncApi } from './routes/sync-api.ts';
import { installZodSchemas } from './zod-route-schemas.ts';

export const hubApiVersion = '1.0.0';
/** Public request bodies are a few hundred bytes; anything much larger is refused unread. */
export const publicBodyLimitBytes = 8 * 1024;

export interface HubAppOptions {
  sql: HubSql;
  clock?: Clock;
  lockout?: LockoutPolicy;
  rateLimits?: RateLimits | false;
  logLevel?: LogLevel;
  logDestination?: LogDestination;
  /**
   * Behind reverse proxies: their addresses or CIDR ranges (or 'loopback', 'uniquelocal'). The client
   * address (rate limits, the birth-date counts) is then the right-most X-Forwarded-For hop that is not
   * one of them; hops a client wrote itself to the left of it are ignored.
   */
  trustProxy?: readonly string[];
  /**
   * The host names this hub answers for (the Host header, its port aside) and the origins a browser
   * may call it from (an Origin header naming another host is refused): against DNS rebinding of a hub
   * on this machine. Unset: any.
   */
  allowedHosts?: readonly string[];
  holdPolicy?: HoldPolicy;
  /** SSE heartbeat interval (default syncHeartbeatSeconds). */
  heartbeatMs?: number;
  /** Shortest time between two pokes to the same stream (bursts are coalesced; default 50 ms). */
  pokeIntervalMs?: number;
}

export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: hubLoggerOptions(options.logLevel ?? 'info', options.logDestination),
    bodyLimit: publicBodyLimitBytes,
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    // Path parameters are short ids; longer ones are refused before routing.
    routerOptions: { maxParamLength: 64 },
    frameworkErrors: sendFrameworkError,
  });
  installZodSchemas(app);
  installErrorHandler(app);
  if (options.allowedHosts) installHostCheck(app, options.allowedHosts);

  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(...documentedRouteOf(route));
  });

  const deps: HubDeps = {
    sql: options.sql,
    clock: options.clock ?? systemClock,
    lockout: options.lockout ?? defaultLockoutPolicy,
    holdPolicy: options.holdPolicy ?? defaultHoldPolicy,
    feed: new ChangeFeed(options.sql, {
      ...(options.pokeIntervalMs !== undefined ? { pokeIntervalMs: options.pokeIntervalMs } : {}),
      onError: (error) => app.log.warn({ err: safeError(error) }, 'change-log notifications interrupted'),
    }),
    streams: new EventStreams({ heartbeatMs: options.heartbeatMs ?? syncHeartbeatSeconds * 1000 }),
  };
  app.addHook('preClose', async () => {
    deps.streams.endAll();
  });
  app.addHook('onClose', async () => {
    await deps.feed.close();
  });
  await app.register(healthRoutes, { deps });
  await app.register(publicApi, { deps, rateLimits: options.rateLimits ?? defaultRateLimits });
  await app.register(residentPageRoutes);
  await app.register(syncApi, { deps });
  await app.register(openApiRoutes, { routes, version: hubApiVersion });
  return app;
}
