import type { z } from 'zod';
import type { Database } from '../../../db/sqlite-driver.ts';
import type { AppInfo, MethodSpec } from '../../../domain/api/contract.ts';
import type { CallContext } from '../dispatch.ts';

/** What every handler group gets from the desk service. */
export interface ApiHandlerDeps {
  db: Database;
  appVersion: string;
  transport: AppInfo['transport'];
}

/** The handlers of one group of contract methods, receiving already validated input. */
export type HandlersOf<G extends Record<string, MethodSpec<z.ZodType, unknown>>> = {
  [M in keyof G]: (
    input: z.output<G[M]['input']>,
    ctx: CallContext,
  ) => NonNullable<G[M]['output']> | Promise<NonNullable<G[M]['output']>>;
};
