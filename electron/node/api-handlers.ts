/**
 * The implementation of every contract method (domain/api/contract.ts) over the local store.
 * Handlers receive validated input; the dispatcher has already checked the caller's role.
 */

import { getDayOverview } from '../../db/queries/day-overview.ts';
import { getLocalStoreInfo } from '../../db/queries/meta.ts';
import type { Database } from '../../db/sqlite-driver.ts';
import type { AppInfo } from '../../domain/api/contract.ts';
import type { ApiHandlers } from './dispatch.ts';

export interface ApiHandlerDeps {
  db: Database;
  appVersion: string;
  transport: AppInfo['transport'];
}

export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  const { db } = deps;
  return {
    getAppInfo: (_input, ctx) => {
      const store = getLocalStoreInfo(db);
      return {
        version: deps.appVersion,
        demo: store.demo,
        municipality: store.municipality,
        session: { ...ctx.session },
        schemaVersion: store.schemaVersion,
        transport: deps.transport,
      };
    },
    getDayOverview: ({ date }) => getDayOverview(db, date),
  };
}
