/** Handlers of the app frame and today's overview (domain/api/methods/overview.ts). */
import { getDayOverview } from '../../../db/queries/day-overview.ts';
import { getLocalStoreInfo } from '../../../db/queries/meta.ts';
import type { overviewMethods } from '../../../domain/api/methods/overview.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

export function createOverviewHandlers(deps: ApiHandlerDeps): HandlersOf<typeof overviewMethods> {
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
