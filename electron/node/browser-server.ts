/**
 * Browser mode: the desktop API and the built renderer behind a loopback-only HTTP server, for
 * machines without the Electron binary and for end-to-end tests in a real Chromium.
 *
 * Protocol (what the renderer's browser transport speaks):
 * - The server listens on 127.0.0.1 only. Its URL is printed as `http://127.0.0.1:PORT/#token=TOKEN`;
 *   the page reads the token from `location.hash` (a fragment never reaches a server or a Referer).
 *   The token is random per run (32 bytes, base64url).
 * - Every request must carry `Host: 127.0.0.1:PORT` or `Host: localhost:PORT`, else 403
 *   (guards against DNS rebinding).
 * - A request to /api/ that carries an Origin must come from this server's own page
 *   (`Origin: http://<its Host>`), else 403 before anything else is looked at: another site's page
 *   (or a sandboxed one, `Origin: null`) never reaches a method or the upload folder, even with the
 *   token. Without Origin (a same-origin GET, a program that is not a browser) the token decides.
 * - `POST /api/call/<method>` with `Authorization: Bearer <token>`,
 *   `Content-Type: application/json` and the method's input as the JSON body (`{}` for no input).
 *   The response body is always a JSON ApiResult: `{ "ok": true, "value": ... }` or
 *   `{ "ok": false, "error": { "code", "message", "issues"? } }`. The HTTP status mirrors it:
 *   200 ok; 400 VALIDATION (also a body that is not JSON); 401 UNAUTHORIZED (no or wrong token);
 *   403 FORBIDDEN (role, wrong Host or Origin); 404 UNKNOWN_METHOD / NOT_FOUND; 405 wrong HTTP method;
 *   409 CONFLICT; 413 body over 1 MiB; 415 not application/json; 500 INTERNAL.
 * - `GET /api/events` with `Authorization: Bearer <token>`: a Server-Sent Events stream (read it
 *   with fetch streaming, since EventSource cannot send headers). Each DeskEvent arrives as one
 *   `data: <JSON>` line followed by a blank line. Lines starting with `:` are comments: one right
 *   after subscribing (`: connected`) and a heartbeat every 15 s; ignore them.
 * - `GET /api/download/<id>` with `Authorization: Bearer <token>`: a finished export (see
 *   electron/node/export/download-store.ts), sent once as an attachment and then deleted; 404 after.
 * - `POST /api/upload` with `Authorization: Bearer <token>` and a file as the body as it is (any
 *   Content-Type): written to a private folder as it arrives (never held in memory), answered
 *   `{ "ok": true, "value": { "uploadId" } }` for a method to read once (a coupon list import). 413 over
 *   the limit (256 MiB, the hub's), nothing kept.
 * - Any other GET serves the built renderer (out/renderer) with the app's CSP; paths without a
 *   file extension fall back to index.html.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DeskEvent } from '../../domain/api/contract.ts';
import type { ApiErrorBody, ApiErrorCode, ApiResult } from '../../domain/api/errors.ts';
import { maxCouponListBytes } from '../../domain/hub-api/manager-api.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import type { PendingDownload } from './export/download-store.ts';
import { lookupStaticFile } from './static-files.ts';

export const browserServerHost = '127.0.0.1';
const defaultMaxBodyBytes = 1024 * 1024;
const defaultHeartbeatMs = 15_000;

export interface BrowserServerOptions {
  /** Calls one API method as the current session (see DeskService.call). */
  call: (method: string, input: unknown) => Promise<ApiResult<unknown>>;
  subscribe: (listener: (event: DeskEvent) => void) => () => void;
  /** Finished exports the page may download once. */
  downloads?: { take(id: string): PendingDownload | null; discard(id: string): void };
  /** Where uploaded files wait for the method that reads them. */
  uploads?: {
    create(fileName: string, contentType: string): { id: string; path: string };
    discard(id: string): void;
  };
  /** The largest upload taken; maxCouponListBytes unless a test says otherwise. */
  maxUploadBytes?: number;
  /** The built renderer, normally out/renderer. */
  staticDir: string;
  /** Only '127.0.0.1' is accepted; the option exists so that a wrong value fails loudly. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** For tests; a random token is generated otherwise. */
  token?: string;
  maxBodyBytes?: number;
  heartbeatMs?: number;
}

export interface BrowserServer {
  server: Server;
  port: number;
  token: string;
  /** The address to open, with the token in the fragment. */
  url: string;
  close(): Promise<void>;
}

const statusByCode: Record<ApiErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

export function createBrowserToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? browserServerHost;
  if (host !== browserServerHost) {
    throw new Error(`browser mode listens on ${browserServerHost} only (asked for ${host})`);
  }
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65_535) {
    throw new Error(`invalid port: ${requestedPort}`);
  }
  const token = options.token ?? createBrowserToken();
  const tokenDigest = digest(token);
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const maxUploadBytes = options.maxUploadBytes ?? maxCouponListBytes;
  const heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
  const openStreams = new Set<() => void>();
  let port = requestedPort;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`[browser-mode] request failed: ${error instanceof Error ? error.name : typeof error}`);
      if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: 'internal error' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, port)) {
      sendError(res, 403, { code: 'FORBIDDEN', message: 'unexpected Host header' });
      return;
    }
    const rawUrl = req.url ?? '';
    if (!rawUrl.startsWith('/')) {
      sendError(res, 400, { code: 'VALIDATION', message: 'bad request target' });
      return;
    }
    const path = rawUrl.split('?')[0]!;

    if (path === '/api' || path.startsWith('/api/')) {
      if (!isOwnOrigin(req.headers.origin, req.headers.host!)) {
        sendError(res, 403, { code: 'FORBIDDEN', message: 'request from another origin' });
        req.resume();
        return;
      }
      if (!hasValidToken(req.headers.authorization, tokenDigest)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        sendError(res, 401, { code: 'UNAUTHORIZED', message: 'missing or wrong token' });
        return;
      }
      if (path.startsWith('/api/call/')) return handleCall(req, res, path.slice('/api/call/'.length));
      if (path === '/api/events') return handleEvents(req, res);
      if (path.startsWith('/api/download/'))
        return handleDownload(req, res, path.slice('/api/download/'.length));
      if (path === '/api/upload') return handleUpload(req, res);
      sendError(res, 404, { code: 'NOT_FOUND', message: 'no such endpoint' });
      return;
    }
    return handleStatic(req, res, path);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, rawMethod: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, { code: 'NOT_FOUND', message: 'use POST' });
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(rawMethod);
    } catch {
      sendError(res, 404, { code: 'UNKNOWN_METHOD', message: 'unknown API method' });
      return;
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      sendError(res, 415, { code: 'VALIDATION', message: 'expected Content-Type: application/json' });
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too-large') {
      refuseTooLarge(req, res, maxBodyBytes);
      return;
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      sendError(res, 400, { code: 'VALIDATION', message: 'request body is not valid JSON' });
      return;
    }
    const result = await options.call(method, input);
    sendJson(res, result.ok ? 200 : statusByCode[result.error.code], result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendError(res, 405, { code: 'NOT_FOUND', message: 'use GET' });
      return;
    }
    res.writeHead(200, {
      ...commonHeaders,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    const unsubscribe = options.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(stop);
      if (!res.writableEnded) res.end();
    };
    openStreams.add(stop);
    req.on('close', stop);
    res.on('error', stop);
    // Written after subscribing: a client that has read this line will not miss any event.
    res.write(': connected\n\n');
  }

  function handleDownload(req: IncomingMessage, res: ServerResponse, id: string): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendError(res, 405, { code: 'NOT_FOUND', message: 'use GET' });
      return;
    }
    const download = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? (options.downloads?.take(id) ?? null) : null;
    if (!download) {
      sendError(res, 404, { code: 'NOT_FOUND', message: 'no such download' });
      return;
    }
    res.writeHead(200, {
      ...commonHeaders,
      'Content-Type': download.contentType,
      'Content-Disposition': `attachment; filename="export"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      'Cache-Control': 'no-store',
    });
    const stream = createReadStream(download.path);
    const discard = () => options.downloads?.discard(id);
    stream.on('error', () => {
      discard();
      res.destroy();
    });
    res.on('close', discard);
    stream.pipe(res);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, { code: 'NOT_FOUND', message: 'use POST' });
      return;
    }
    if (!options.uploads) {
      sendError(res, 404, { code: 'NOT_FOUND', message: 'no uploads here' });
      return;
    }
    if (Number(req.headers['content-length'] ?? '0') > maxUploadBytes) {
      refuseTooLarge(req, res, maxUploadBytes);
      return;
    }
    const slot = options.uploads.create('upload', req.headers['content-type'] ?? 'application/octet-stream');
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        bytes += chunk.length;
        next(bytes > maxUploadBytes ? new UploadTooLargeError() : null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(slot.path, { mode: 0o600 }));
    } catch (error) {
      options.uploads.discard(slot.id);
      if (error instanceof UploadTooLargeError) refuseTooLarge(req, res, maxUploadBytes);
      else res.destroy();
      return;
    }
    sendJson(res, 200, { ok: true, value: { uploadId: slot.id } } satisfies ApiResult<{ uploadId: string }>);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'method not allowed');
      return;
    }
    const found = await lookupStaticFile(options.staticDir, path);
    if (found.kind === 'bad-path') {
      sendText(res, 400, 'bad path');
      return;
    }
    if (found.kind === 'not-found') {
      sendText(res, 404, 'not found');
      return;
    }
    res.writeHead(200, {
      ...commonHeaders,
      'Content-Type': found.contentType,
      'Content-Security-Policy': contentSecurityPolicy,
      // The renderer is rebuilt in place between runs; never serve a stale bundle.
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(requestedPort, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    token,
    url: `http://${host}:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const stop of [...openStreams]) stop();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

const commonHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class UploadTooLargeError extends Error {
  override name = 'UploadTooLargeError';
}

function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** No Origin (not a cross-origin browser request), or exactly the origin of the page this server served. */
function isOwnOrigin(origin: string | undefined, host: string): boolean {
  return origin === undefined || origin === `http://${host}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function hasValidToken(authorization: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return false;
  // Compare fixed-length digests so that the comparison time says nothing about the token.
  return timingSafeEqual(digest(match[1]!), expected);
}

function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) return 'too-large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Answers 413 and discards the rest of the upload, so the client reads the answer, not a reset. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.setHeader('Connection', 'close');
  sendError(res, 413, { code: 'VALIDATION', message: `request body over ${limit} bytes` });
  req.resume();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...commonHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody): void {
  sendJson(res, status, { ok: false, error } satisfies ApiResult<never>);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...commonHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
