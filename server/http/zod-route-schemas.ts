/**
 * Route schemas are zod schemas (domain/hub-api): requests are validated AND normalized by them
 * (request.body etc. become the parsed output), and the OpenAPI document is generated from them.
 * Responses are written with JSON.stringify; their schemas are documentation (and tests check the
 * answers against them).
 */
import type { FastifyInstance } from 'fastify';
import { type ZodType, z } from 'zod';

export function installZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => {
    const zodSchema = schema as ZodType;
    return (data: unknown) => {
      const result = zodSchema.safeParse(data);
      return result.success ? { value: result.data } : { error: result.error };
    };
  });
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

export function isZodError(error: unknown): error is z.ZodError {
  return error instanceof z.ZodError;
}
