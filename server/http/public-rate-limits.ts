/** Rate limits on the public API: per client address on every request, per ticket number once the body is read. */
import type { FastifyInstance } from 'fastify';
import type { TicketRef } from '../../domain/hub-api/public-api.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../hub-error.ts';
import { FixedWindowLimiter, type RateLimits } from './rate-limiter.ts';

function rateLimited(retryAfterSeconds: number): HubError {
  return new HubError('RATE_LIMITED', 'Too many requests; wait a little and try again.', {
    retryAfterSeconds,
  });
}

export function installPublicRateLimits(app: FastifyInstance, limits: RateLimits, clock: Clock): void {
  const perAddress = new FixedWindowLimiter(limits.perAddress);
  const perTicket = new FixedWindowLimiter(limits.perTicket);

  app.addHook('onRequest', async (request) => {
    const wait = perAddress.hit(request.ip, clock().getTime());
    if (wait > 0) throw rateLimited(wait);
  });

  // preHandler runs after validation, so the ticket number is already normalized.
  app.addHook('preHandler', async (request) => {
    const ticket = (request.body as { ticketNumber?: TicketRef } | undefined)?.ticketNumber;
    if (!ticket) return;
    const wait = perTicket.hit(ticket.ticketNumber, clock().getTime());
    if (wait > 0) throw rateLimited(wait);
  });
}
