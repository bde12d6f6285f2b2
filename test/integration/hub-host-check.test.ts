/**
 * A hub started with allowedHosts (the desktop's demo hub: loopback names) answers only requests whose
 * Host names one of them and whose Origin, when a browser sends one, does too: a page of another site
 * cannot reach it by DNS rebinding.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackHosts } from '../../server/http/host-check.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';

/** GET with exactly these headers (fetch will not send another Host). */
function get(
  hub: RunningHub,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, hub.baseUrl);
  return new Promise((resolve, reject) => {
    const sent = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (answer) => {
      let body = '';
      answer.on('data', (part) => {
        body += part;
      });
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('host and origin check', () => {
  let sql: HubSql;
  let hub: RunningHub;
  beforeAll(async () => {
    sql = await openPgliteEngine(':memory:');
    await migrate(sql);
    hub = await startHub(sql, { app: { allowedHosts: loopbackHosts } });
  });
  afterAll(async () => {
    await hub?.close();
    await sql?.close();
  });

  it('answers its loopback names, with or without a same-host Origin', async () => {
    const port = new URL(hub.baseUrl).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await get(hub, '/api/v1/public/venues', { host })).status).toBe(200);
    }
    const page = await get(hub, '/api/v1/public/venues', {
      host: `127.0.0.1:${port}`,
      origin: `http://127.0.0.1:${port}`,
    });
    expect(page.status).toBe(200);
  });

  it('refuses another host name, and another origin, with FORBIDDEN', async () => {
    const port = new URL(hub.baseUrl).port;
    const rebound = await get(hub, '/api/v1/public/venues', { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe('FORBIDDEN');
    const crossSite = await get(hub, '/healthz', {
      host: `127.0.0.1:${port}`,
      origin: 'https://attacker.example',
    });
    expect(crossSite.status).toBe(403);
    expect((await get(hub, '/healthz', { host: `127.0.0.1:${port}`, origin: 'null' })).status).toBe(403);
  });
});
