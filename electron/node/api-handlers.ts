/**
 * The implementation of every contract method (domain/api/contract.ts), one group per area in
 * handlers/. Handlers receive validated input; the dispatcher has already checked the caller's role.
 */
import type { ApiHandlers } from './dispatch.ts';
import type { ApiHandlerDeps } from './handlers/handler-types.ts';
import { createOverviewHandlers } from './handlers/overview-handlers.ts';

export type { ApiHandlerDeps } from './handlers/handler-types.ts';

export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  return {
    ...createOverviewHandlers(deps),
  };
}
