/** The public online-booking API: its routes share the rate limits and the small body limit. */
import type { FastifyPluginAsync } from 'fastify';
import type { HubDeps } from '../hub-deps.ts';
import { installPublicRateLimits } from '../public-rate-limits.ts';
import type { RateLimits } from '../rate-limiter.ts';
import { publicBookingRoutes } from './public-booking-routes.ts';
import { publicCatalogRoutes } from './public-catalog-routes.ts';

export interface PublicApiOptions {
  deps: HubDeps;
  rateLimits: RateLimits | false;
}

export const publicApi: FastifyPluginAsync<PublicApiOptions> = async (app, { deps, rateLimits }) => {
  if (rateLimits) installPublicRateLimits(app, rateLimits, deps.clock);
  await app.register(publicCatalogRoutes, { deps });
  await app.register(publicBookingRoutes, { deps });
};
