/** The OpenAPI document as checked in at server/openapi.json: built from the app's routes, without a database. */
import { buildHubApp } from './http/build-hub-app.ts';
import type { HubSql } from './store/hub-sql.ts';

export const openApiFileUrl = new URL('./openapi.json', import.meta.url);

const noDatabase: HubSql = {
  engine: 'pglite',
  query: () => Promise.reject(new Error('no database while generating the OpenAPI document')),
  exec: () => Promise.reject(new Error('no database')),
  transaction: () => Promise.reject(new Error('no database')),
  listen: () => Promise.reject(new Error('no database')),
  notify: () => Promise.reject(new Error('no database')),
  close: async () => {},
};

const lineWidth = 110;

/**
 * JSON laid out the way the project's formatter (Biome) lays it out, so the generated file passes
 * `biome check` as written: objects one member per line, arrays of plain values on one line when
 * the line fits in 110 columns.
 */
function formatJson(value: unknown, indent: string, linePrefix: string, trailingComma: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const oneLine = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (linePrefix.length + oneLine.length + (trailingComma ? 1 : 0) <= lineWidth) return oneLine;
    }
    const items = value.map((v, i) => `${inner}${formatJson(v, inner, inner, i < value.length - 1)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const members = entries.map(([k, v], i) => {
    const prefix = `${inner}${JSON.stringify(k)}: `;
    return `${prefix}${formatJson(v, inner, prefix, i < entries.length - 1)}`;
  });
  return `{\n${members.join(',\n')}\n${indent}}`;
}

export async function openApiDocumentJson(): Promise<string> {
  const app = await buildHubApp({ sql: noDatabase, logLevel: 'silent', rateLimits: false });
  try {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    return `${formatJson(response.json(), '', '', false)}\n`;
  } finally {
    await app.close();
  }
}
