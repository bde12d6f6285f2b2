/**
 * Against DNS rebinding of a hub on this machine (the desktop's demo hub): a page of another site
 * whose name was made to point at 127.0.0.1 sends its own name as Host, and its own origin as Origin.
 * Both must name one of the allowed hosts; a request without Origin (a desktop, curl) is judged by
 * Host alone.
 */
import type { FastifyInstance } from 'fastify';
import { HubError } from '../hub-error.ts';

/** The host name of a Host header (`name:port`, `[::1]:port`), lowercased. */
function hostNameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  return (bracketed ? `[${bracketed[1]}]` : host.replace(/:\d+$/, '')).toLowerCase();
}

function originHostOf(origin: string): string | null {
  try {
    return hostNameOf(new URL(origin).host);
  } catch {
    return null;
  }
}

export const loopbackHosts: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

export function installHostCheck(app: FastifyInstance, allowedHosts: readonly string[]): void {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    if (!host || !allowed.has(hostNameOf(host))) {
      throw new HubError('FORBIDDEN', 'This hub does not answer for that host name.');
    }
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const originHost = originHostOf(origin);
      if (originHost === null || !allowed.has(originHost)) {
        throw new HubError('FORBIDDEN', 'This hub does not answer requests from that origin.');
      }
    }
  });
}
