/**
 * The OpenAPI 3.1 document of the hub, generated from the routes' zod schemas (z.toJSONSchema) and
 * their `config.docs`. Served at /api/v1/openapi.json and checked in as server/openapi.json
 * (`npm run hub -- openapi --out server/openapi.json`; a test fails when the file is stale).
 */
import type { FastifySchema, RouteOptions } from 'fastify';
import { type ZodType, z } from 'zod';
import { type HubErrorCode, hubErrorBodySchema, hubErrorStatus } from '../../domain/hub-api/errors.ts';
import type { RouteConfigWithDocs } from './route-docs.ts';

type JsonObject = Record<string, unknown>;

export interface DocumentedRoute {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
  config: RouteConfigWithDocs | undefined;
}

export function documentedRouteOf(options: RouteOptions): DocumentedRoute[] {
  const methods = Array.isArray(options.method) ? options.method : [options.method];
  return methods
    .filter((m) => m !== 'HEAD')
    .map((method) => ({
      method,
      url: options.url,
      schema: options.schema,
      config: options.config as RouteConfigWithDocs | undefined,
    }));
}

const headerDisplayNames: Record<string, string> = {
  'idempotency-key': 'Idempotency-Key',
  'x-hub-protocol': 'X-Hub-Protocol',
};

/** JSON Schema for a zod schema, with its named parts ($defs) moved into the shared components. */
function jsonSchemaOf(schema: unknown, io: 'input' | 'output', components: JsonObject): JsonObject {
  const generated = z.toJSONSchema(schema as ZodType, { io, unrepresentable: 'any' }) as JsonObject;
  const { $schema: _dialect, $defs, ...rest } = generated;
  for (const [name, def] of Object.entries(($defs ?? {}) as JsonObject)) components[name] = rewriteRefs(def);
  return rewriteRefs(rest) as JsonObject;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value as JsonObject)) {
    out[k] =
      k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(v);
  }
  return out;
}

function parametersOf(
  schema: unknown,
  where: 'path' | 'query' | 'header',
  components: JsonObject,
): JsonObject[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input', components);
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name: where === 'header' ? (headerDisplayNames[name] ?? name) : name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function errorResponses(codes: readonly HubErrorCode[]): Record<string, JsonObject> {
  const byStatus = new Map<number, HubErrorCode[]>();
  for (const code of codes)
    byStatus.set(hubErrorStatus[code], [...(byStatus.get(hubErrorStatus[code]) ?? []), code]);
  const responses: Record<string, JsonObject> = {};
  for (const [status, list] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: list.join(' | '),
      ...(list.includes('RATE_LIMITED') || list.includes('LOCKED')
        ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return responses;
}

export function buildOpenApiDocument(routes: readonly DocumentedRoute[], version: string): JsonObject {
  const components: JsonObject = {};
  jsonSchemaOf(hubErrorBodySchema, 'output', components);
  const paths: Record<string, JsonObject> = {};
  const sorted = [...routes]
    .filter((r) => r.config?.docs)
    .sort((a, b) => (a.url === b.url ? a.method.localeCompare(b.method) : a.url.localeCompare(b.url)));
  for (const route of sorted) {
    const docs = route.config!.docs!;
    const schema = (route.schema ?? {}) as FastifySchema & { response?: Record<string, unknown> };
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation: JsonObject = {
      summary: docs.summary,
      ...(docs.description ? { description: docs.description } : {}),
      tags: docs.tags,
    };
    const parameters = [
      ...parametersOf(schema.params, 'path', components),
      ...parametersOf(schema.querystring, 'query', components),
      ...parametersOf(schema.headers, 'header', components),
    ];
    if (parameters.length > 0) operation.parameters = parameters;
    if (docs.bearer) operation.security = [{ syncSession: [] }];
    if (docs.rawBody) {
      const binary = { description: docs.rawBody.description, schema: { type: 'string', format: 'binary' } };
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(docs.rawBody.contentTypes.map((type) => [type, binary])),
      };
    } else if (schema.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchemaOf(schema.body, 'input', components) } },
      };
    }
    const responses: Record<string, JsonObject> = {};
    for (const [status, responseSchema] of Object.entries(schema.response ?? {})) {
      responses[status] = {
        description: Number(status) === 201 ? 'Created' : 'OK',
        content: {
          [docs.produces ?? 'application/json']: {
            schema: jsonSchemaOf(responseSchema, 'output', components),
          },
        },
      };
    }
    Object.assign(responses, errorResponses(docs.errors));
    operation.responses = responses;
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vaccination reservation hub',
      version,
      description:
        'The reservation hub: the public online-booking API (LINE / web front ends and the resident page), ' +
        'the staff sync API of the desktops (X-Hub-Protocol header on every request) and operations endpoints. ' +
        'Errors are {"error":{"code","message"}}; dates are YYYY-MM-DD.',
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        syncSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'The token from POST /api/v1/sync/login',
        },
      },
    },
  };
}
