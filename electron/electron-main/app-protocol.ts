/**
 * Serves the built renderer over the app:// scheme (see app-origin.ts). The scheme must be declared
 * privileged before the app is ready; the handler is installed after.
 */
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../node/content-security-policy.ts';
import { lookupStaticFile } from '../node/static-files.ts';
import { appHost, appScheme } from './app-origin.ts';

export function declareAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost || request.method !== 'GET') return new Response('not found', { status: 404 });
    const found = await lookupStaticFile(rendererDir, url.pathname);
    if (found.kind !== 'file')
      return new Response('not found', { status: found.kind === 'bad-path' ? 400 : 404 });
    const body = await readFile(found.filePath);
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': found.contentType,
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
