import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const pageDir = join(repoRoot, 'server', 'resident-page');

let sql: HubSql;
let app: FastifyInstance;

beforeAll(async () => {
  // The page's routes never touch the database.
  sql = await openPgliteEngine(':memory:');
  app = await buildHubApp({ sql, logLevel: 'silent' });
});
afterAll(async () => {
  await app?.close();
  await sql?.close();
});

it('serves the page, its script and its style with a strict CSP and the right types', async () => {
  const expected = {
    '/': 'text/html; charset=utf-8',
    '/resident-page/app.js': 'text/javascript; charset=utf-8',
    '/resident-page/style.css': 'text/css; charset=utf-8',
  };
  for (const [url, type] of Object.entries(expected)) {
    const answer = await app.inject({ method: 'GET', url });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe');
  }
});

it('has no inline script or style, and a label for every field', () => {
  const html = readFileSync(join(pageDir, 'index.html'), 'utf8');
  expect(html).toContain('<html lang="ja">');
  expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
  expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/resident-page/app.js">']);
  expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/);
  const ids = [...html.matchAll(/<(?:input|select)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.length).toBeGreaterThan(4);
  for (const id of ids) expect(html).toMatch(new RegExp(`<label\\b[^>]*\\bfor="${id}"`));
});

it('talks to the public API only', () => {
  const script = readFileSync(join(pageDir, 'app.js'), 'utf8');
  const paths = [...script.matchAll(/['`](\/api\/[^'`$?]*)/g)].map((m) => m[1]);
  expect(paths.length).toBeGreaterThan(3);
  for (const path of paths) expect(path).toMatch(/^\/api\/v1\/public\//);
});

it('type-checks the script (// @ts-check with JSDoc types)', () => {
  const tsc = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'tsc'),
    ['-p', join(pageDir, 'tsconfig.json')],
    {
      encoding: 'utf8',
    },
  );
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
});
