/**
 * The one entry point both transports (Electron IPC and browser mode HTTP) use to call an API
 * handler: method lookup, input validation against the contract's zod schema, role check, and
 * conversion of every failure into a typed ApiResult. It never throws.
 */
import type { z } from 'zod';
import {
  type ApiContract,
  type ApiMethod,
  type ApiOutput,
  type ApiParsedInput,
  apiContract,
} from '../../domain/api/contract.ts';
import { ApiError, type ApiErrorBody, type ApiIssue, type ApiResult } from '../../domain/api/errors.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';

/** Who is calling. Until login exists this is the demo session. */
export interface DeskSession {
  staffId: string;
  displayName: string;
  role: StaffRole;
}

export interface CallContext {
  session: DeskSession;
}

/** What a contract method needs to be dispatchable: an input schema and the roles allowed. */
export interface DispatchableSpec {
  input: z.ZodType;
  roles: readonly StaffRole[];
}

type HandlerFor<I, O> = (input: I, ctx: CallContext) => O | Promise<O>;

/** One handler per contract method, receiving the already validated input. */
export type ApiHandlers = { [M in ApiMethod]: HandlerFor<ApiParsedInput<M>, ApiOutput<M>> };

export type Dispatch = (method: unknown, input: unknown, ctx: CallContext) => Promise<ApiResult<unknown>>;

export interface DispatcherOptions {
  /**
   * When false every signed-in role may call every method (kept switchable, see docs/architecture.md,
   * "Data protection").
   */
  enforceRoles: boolean;
  /** Where internal failures are reported; receives only the method name and the error class. */
  reportInternalError?: (line: string) => void;
}

export function createDispatcher(handlers: ApiHandlers, options: DispatcherOptions): Dispatch {
  return createDispatcherFor<ApiContract>(apiContract, handlers, options);
}

/**
 * The dispatcher over any contract-shaped table; `createDispatcher` binds it to the real contract.
 * Exposed so tests can dispatch over a small contract with role-restricted methods.
 */
export function createDispatcherFor<C extends Record<string, DispatchableSpec>>(
  contract: C,
  handlers: { [M in keyof C]: HandlerFor<z.output<C[M]['input']>, unknown> },
  options: DispatcherOptions,
): Dispatch {
  const report = options.reportInternalError ?? ((line: string) => console.error(line));

  return async (method, input, ctx) => {
    if (typeof method !== 'string' || !Object.hasOwn(contract, method)) {
      return failure({ code: 'UNKNOWN_METHOD', message: 'unknown API method' });
    }
    const name = method as keyof C & string;
    const spec = contract[name]!;

    if (options.enforceRoles && !spec.roles.includes(ctx.session.role)) {
      return failure({ code: 'FORBIDDEN', message: `role ${ctx.session.role} may not call ${name}` });
    }

    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      return failure({
        code: 'VALIDATION',
        message: `invalid input for ${name}`,
        issues: toIssues(parsed.error),
      });
    }

    try {
      const value = await handlers[name](parsed.data as z.output<C[typeof name]['input']>, ctx);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ApiError) return failure(error.toBody());
      // The message may quote the input (SQLite constraint errors do), which can hold personal data.
      report(`[desk] ${name} failed: ${errorClassName(error)}`);
      return failure({ code: 'INTERNAL', message: 'internal error' });
    }
  };
}

function failure(error: ApiErrorBody): ApiResult<never> {
  return { ok: false, error };
}

function toIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function errorClassName(error: unknown): string {
  if (error instanceof Error) return error.constructor.name || 'Error';
  return typeof error;
}
