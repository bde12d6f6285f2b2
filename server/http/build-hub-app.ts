/**
 * The hub's HTTP application: Fastify with zod route schemas, one error format, logs without
 * personal data, the public API (rate-limited, small bodies), the staff sync API, health and the
 * OpenAPI document.
 * It does not listen; the caller does (`serve`, tests on 127.0.0.1:0).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultLockoutPolicy, type LockoutPolicy } from '../booking/resident-verification.ts';
import { type Clock, systemClock } from '../clock.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { installErrorHandler, sendFrameworkError } from './error-handler.ts';
import { hubLoggerOptions, type LogDestination, type LogLevel } from './logging.ts';
import { type DocumentedRoute, documentedRouteOf } from './openapi-document.ts';
import { defaultRateLimits, type RateLimits } from './rate-limiter.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { openApiRoutes } from './routes/openapi-routes.ts';
import { publicApi } from './routes/public-api.ts';
import { syncRoutes } from './routes/sync-routes.ts';
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
  /** Behind a reverse proxy: trust X-Forwarded-For for the client address (rate limits). */
  trustProxy?: boolean;
}

export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: hubLoggerOptions(options.logLevel ?? 'info', options.logDestination),
    bodyLimit: publicBodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    // Path parameters are short ids; longer ones are refused before routing.
    routerOptions: { maxParamLength: 64 },
    frameworkErrors: sendFrameworkError,
  });
  installZodSchemas(app);
  installErrorHandler(app);

  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(...documentedRouteOf(route));
  });

  const deps = {
    sql: options.sql,
    clock: options.clock ?? systemClock,
    lockout: options.lockout ?? defaultLockoutPolicy,
  };
  await app.register(healthRoutes, { deps });
  await app.register(publicApi, { deps, rateLimits: options.rateLimits ?? defaultRateLimits });
  await app.register(syncRoutes, { deps });
  await app.register(openApiRoutes, { routes, version: hubApiVersion });
  return app;
}
