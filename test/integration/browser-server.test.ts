/**
 * Browser mode end to end at the HTTP level: the real server on a random port in front of the real
 * desk service with a demo city in a temporary SQLite file.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDayOverview } from '../../db/queries/day-overview.ts';
import type { DayOverview } from '../../domain/api/contract.ts';
import { type BrowserServer, startBrowserServer } from '../../electron/node/browser-server.ts';
import { contentSecurityPolicy } from '../../electron/node/content-security-policy.ts';
import { type DeskService, openDeskService } from '../../electron/node/desk-service.ts';

const demoDay = '2025-06-02'; // a Monday, so the demo city has slots that day

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let workDir: string;
let service: DeskService;
let server: BrowserServer;
/** The methods the server handed on to the desk service, in order. */
const methodsCalled: string[] = [];

/** A plain HTTP request, so that Host and raw paths are sent exactly as written. */
function send(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(method: string, input: unknown, token = server.token) {
  const body = JSON.stringify(input);
  return send({
    method: 'POST',
    path: `/api/call/${method}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'desk-browser-'));
  const staticDir = join(workDir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>desk</title><div id="root"></div>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  // Something next to the served folder that must never be reachable.
  writeFileSync(join(workDir, 'secret.txt'), 'not for the browser');

  service = await openDeskService({
    dataDir: join(workDir, 'data'),
    today: demoDay,
    seed: 7,
    appVersion: '0.0.0-test',
    transport: 'browser',
  });
  server = await startBrowserServer({
    call: (method, input) => {
      methodsCalled.push(method);
      return service.call(method, input);
    },
    subscribe: (listener) => service.events.subscribe(listener),
    ...(service.uploads ? { uploads: service.uploads } : {}),
    maxUploadBytes: 64 * 1024,
    staticDir,
    port: 0,
  });
});

afterAll(async () => {
  await server?.close();
  service?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('browser mode server', () => {
  it('listens on 127.0.0.1 only, with a random token in the URL fragment', () => {
    const address = server.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBe(server.port);
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
  });

  it('refuses to listen on any other address', async () => {
    for (const host of ['0.0.0.0', '::', 'localhost', '192.168.1.10']) {
      await expect(
        startBrowserServer({ call: service.call, subscribe: () => () => {}, staticDir: workDir, host }),
      ).rejects.toThrow(/127\.0\.0\.1 only/);
    }
  });

  it('answers a good call with the day overview from the database', async () => {
    const response = await call('getDayOverview', { date: demoDay });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const result = JSON.parse(response.body) as { ok: true; value: DayOverview };
    expect(result.ok).toBe(true);
    expect(result.value).toEqual(getDayOverview(service.db, demoDay));
    expect(result.value.venues.length).toBeGreaterThan(0);
    expect(result.value.totals.capacity).toBeGreaterThan(0);
  });

  it('reports the browser transport and the demo session in getAppInfo', async () => {
    const result = JSON.parse((await call('getAppInfo', {})).body);
    expect(result).toMatchObject({
      ok: true,
      value: { transport: 'browser', demo: true, version: '0.0.0-test', session: { role: 'manager' } },
    });
  });

  it('refuses API requests without the token or with a wrong one (401)', async () => {
    const missing = await send({
      method: 'POST',
      path: '/api/call/getAppInfo',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    // One character off (never the same one: a token ending in 'A' made this test pass the real token).
    const last = server.token.slice(-1) === 'A' ? 'B' : 'A';
    const wrong = await call('getAppInfo', {}, `${server.token.slice(0, -1)}${last}`);
    expect(wrong.status).toBe(401);
    const notBearer = await send({
      method: 'POST',
      path: '/api/call/getAppInfo',
      headers: { authorization: `Basic ${server.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notBearer.status).toBe(401);
    const events = await send({ path: '/api/events' });
    expect(events.status).toBe(401);
  });

  /** A method that would change something, an upload and the event stream, each with the token and `headers`. */
  const tokenRequests = async (headers: Record<string, string>) => {
    const authorization = `Bearer ${server.token}`;
    const settings = {
      hubUrl: 'https://hub.example.jp/',
      deviceId: '0b5c2f0e-5d7c-4a4e-9a55-0d6f8a9b2c11',
      deviceSecret: 'a-device-secret-of-some-length',
      staffLogin: 'desk',
      password: 'password',
    };
    const method = await send({
      method: 'POST',
      path: '/api/call/saveSyncSettings',
      headers: { ...headers, authorization, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    const upload = await send({
      method: 'POST',
      path: '/api/upload',
      headers: { ...headers, authorization, 'content-type': 'text/csv' },
      body: '券番号,氏名\r\n',
    });
    const events = await send({ path: '/api/events', headers: { ...headers, authorization } });
    return { method, upload, events };
  };
  const expectNothingChanged = (calledBefore: number) => {
    expect(methodsCalled.length).toBe(calledBefore);
    expect(service.sync.settingsView()).toBeNull();
    expect(readdirSync(join(workDir, 'data', 'uploads'))).toEqual([]);
  };

  it('refuses a wrong Host header (403), even with the token, changing nothing', async () => {
    const calledBefore = methodsCalled.length;
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      '127.0.0.1',
      `127.0.0.1:${server.port + 1}`,
    ]) {
      const { method, upload, events } = await tokenRequests({ host });
      expect([method.status, upload.status, events.status], host).toEqual([403, 403, 403]);
    }
    expectNothingChanged(calledBefore);
    const page = await send({ path: '/', headers: { host: 'rebound.example' } });
    expect(page.status).toBe(403);
    const viaLocalhost = await send({ path: '/', headers: { host: `localhost:${server.port}` } });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses API calls and uploads from another origin (403), even with the token, changing nothing', async () => {
    const calledBefore = methodsCalled.length;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${server.port}`,
      `https://127.0.0.1:${server.port}`,
      `http://127.0.0.1:${server.port + 1}`,
      `http://localhost:${server.port}`, // the page was served as 127.0.0.1: another origin
      'null',
    ]) {
      const { method, upload, events } = await tokenRequests({ origin });
      expect([method.status, upload.status, events.status], origin).toEqual([403, 403, 403]);
      expect(JSON.parse(method.body), origin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expectNothingChanged(calledBefore);

    // Its own page, by either loopback name, is served as before.
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const fromOwnPage = await send({
        method: 'POST',
        path: '/api/call/getAppInfo',
        headers: {
          host,
          origin: `http://${host}`,
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(fromOwnPage.status, host).toBe(200);
    }
  });

  it('refuses a body over 1 MiB (413), declared or streamed', async () => {
    const huge = JSON.stringify({ date: demoDay, padding: 'x'.repeat(1024 * 1024 + 10) });
    const declared = await call('getDayOverview', JSON.parse(huge));
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false });

    const streamed = await send({
      method: 'POST',
      path: '/api/call/getDayOverview',
      headers: {
        authorization: `Bearer ${server.token}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      body: huge,
    });
    expect(streamed.status).toBe(413);
  });

  it('refuses a body that is not JSON (400) or not declared as JSON (415)', async () => {
    const bad = await send({
      method: 'POST',
      path: '/api/call/getDayOverview',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: '{"date": ',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const form = await send({
      method: 'POST',
      path: '/api/call/getDayOverview',
      headers: {
        authorization: `Bearer ${server.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'date=2025-06-02',
    });
    expect(form.status).toBe(415);
  });

  it('maps API errors to typed results and HTTP statuses', async () => {
    const invalid = await call('getDayOverview', { date: '2025-13-01' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'date' }] },
    });
    const unknown = await call('dropAllTables', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const wrongVerb = await send({
      path: '/api/call/getAppInfo',
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(wrongVerb.status).toBe(405);
  });

  it('delivers emitted events over the SSE stream', async () => {
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`, {
      headers: { authorization: `Bearer ${server.token}` },
      signal: abort.signal,
    });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          text += decoder.decode(value, { stream: true });
        }
      };
      await readUntil(': connected\n\n');
      service.events.emit({ type: 'data-changed', scopes: ['bookings', 'slots'] });
      await readUntil('data: ');
      await readUntil('}\n\n');
      const dataLine = text.split('\n').find((line) => line.startsWith('data: '))!;
      expect(JSON.parse(dataLine.slice('data: '.length))).toEqual({
        type: 'data-changed',
        scopes: ['bookings', 'slots'],
      });
    } finally {
      abort.abort();
    }
  });

  it('keeps the event stream alive with heartbeat comments', async () => {
    const quick = await startBrowserServer({
      call: service.call,
      subscribe: (listener) => service.events.subscribe(listener),
      staticDir: workDir,
      heartbeatMs: 20,
    });
    const abort = new AbortController();
    try {
      const response = await fetch(`http://127.0.0.1:${quick.port}/api/events`, {
        headers: { authorization: `Bearer ${quick.token}` },
        signal: abort.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes(': heartbeat\n\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
      expect(text.startsWith(': connected\n\n')).toBe(true);
    } finally {
      abort.abort();
      await quick.close();
    }
  });

  it('serves index.html with the CSP header, also for client-side routes', async () => {
    const root = await send({ path: '/' });
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(root.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(root.headers['x-content-type-options']).toBe('nosniff');
    expect(root.body).toContain('<div id="root">');

    const route = await send({ path: '/daily-lists?venue=1' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="root">');

    const script = await send({ path: '/assets/app.js' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');

    const missingAsset = await send({ path: '/assets/missing.js' });
    expect(missingAsset.status).toBe(404);
  });

  it('keeps an uploaded file as it came, in the upload folder, for one method to read; refuses one too large', async () => {
    const bytes = Buffer.from('券番号,氏名\r\n'.repeat(2000), 'utf8'); // over one chunk, under the limit
    const noToken = await send({ method: 'POST', path: '/api/upload', body: bytes });
    expect(noToken.status).toBe(401);
    const answer = await send({
      method: 'POST',
      path: '/api/upload',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/csv' },
      body: bytes,
    });
    expect(answer.status).toBe(200);
    const { value } = JSON.parse(answer.body) as { value: { uploadId: string } };
    const taken = service.uploads!.take(value.uploadId)!;
    expect(readFileSync(taken.path).equals(bytes)).toBe(true);
    service.uploads!.discard(value.uploadId);

    const tooLarge = await send({
      method: 'POST',
      path: '/api/upload',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/csv' },
      body: Buffer.alloc(64 * 1024 + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(readdirSync(join(workDir, 'data', 'uploads'))).toEqual([]);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/..\\secret.txt',
    '/%00index.html',
  ])('refuses the traversal path %s', async (path) => {
    const response = await send({ path });
    expect(response.status).toBe(400);
    expect(response.body).not.toContain('not for the browser');
  });
});
