/** The sync session of a request, set by the sync API's onRequest hook (routes/sync-api.ts). */
import type { FastifyRequest } from 'fastify';
import { HubError } from '../hub-error.ts';
import type { SyncSession } from '../sync/device-sessions.ts';

const sessions = new WeakMap<FastifyRequest, SyncSession>();

export function attachSession(request: FastifyRequest, session: SyncSession): void {
  sessions.set(request, session);
}

export function maybeSessionOfRequest(request: FastifyRequest): SyncSession | undefined {
  return sessions.get(request);
}

export function sessionOfRequest(request: FastifyRequest): SyncSession {
  const session = sessions.get(request);
  if (!session) throw new HubError('UNAUTHORIZED', 'Sign in first.');
  return session;
}
