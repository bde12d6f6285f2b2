/**
 * Structured logs (pino, through Fastify) that never carry personal data: requests are logged by
 * method and route pattern only (no URL, query, headers, body or client address), errors by their
 * code and constraint (database error details can quote the values of a row).
 */
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  constraint?: unknown;
  statusCode?: unknown;
  message?: unknown;
  stack?: unknown;
}

/** Quoted parts of database messages can hold values ('invalid input syntax for type date: "…"'). */
function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\([^)]*\)=\([^)]*\)/g, '(…)=(…)');
}

export interface SafeError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

export function safeError(error: unknown): SafeError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const isDatabaseError = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  const message = typeof e.message === 'string' ? e.message : '';
  const stack = typeof e.stack === 'string' ? e.stack : undefined;
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    code: e.code,
    constraint: e.constraint,
    statusCode: e.statusCode,
    message: isDatabaseError ? withoutQuotedValues(message) : message,
    // The first stack line repeats the message; keep only the frames.
    stack: stack?.split('\n').slice(1).join('\n') ?? '',
  };
}

type LoggerSerializers = NonNullable<
  Exclude<FastifyServerOptions['logger'], boolean | undefined>['serializers']
>;

/** Where log lines go instead of stdout (tests read them). */
export interface LogDestination {
  write(line: string): void;
}

export function hubLoggerOptions(
  level: LogLevel,
  destination?: LogDestination,
): FastifyServerOptions['logger'] {
  return {
    level,
    ...(destination ? { stream: destination } : {}),
    serializers: {
      // Fastify hands its own request and reply objects to these serializers.
      req: ((req: FastifyRequest) => ({
        id: req.id,
        method: req.method,
        route: req.routeOptions?.url ?? 'unmatched',
      })) as unknown as NonNullable<LoggerSerializers['req']>,
      res: ((res: FastifyReply) => ({ statusCode: res.statusCode })) as unknown as NonNullable<
        LoggerSerializers['res']
      >,
      err: safeError,
    },
  };
}
