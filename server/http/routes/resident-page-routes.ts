/**
 * The resident booking page (server/resident-page/): a static page, its script and its style sheet,
 * read once at start and served with a strict Content-Security-Policy (no inline script or style,
 * requests only to this origin). The page talks to the public API only.
 */
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

const pageDir = new URL('../../resident-page/', import.meta.url);

export const residentPageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const files = [
  { url: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/resident-page/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { url: '/resident-page/style.css', file: 'style.css', type: 'text/css; charset=utf-8' },
] as const;

export const residentPageRoutes: FastifyPluginAsync = async (app) => {
  for (const { url, file, type } of files) {
    const body = readFileSync(new URL(file, pageDir));
    app.get(url, async (_request, reply) =>
      reply
        .header('content-type', type)
        .header('content-security-policy', residentPageCsp)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('x-frame-options', 'DENY')
        .header('cache-control', 'no-cache')
        .send(body),
    );
  }
};
