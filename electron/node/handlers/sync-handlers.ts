/** Handlers of sync with the hub (domain/api/methods/sync.ts): status, "sync now", settings. */
import { appendAudit } from '../../../db/queries/audit.ts';
import { ApiError } from '../../../domain/api/errors.ts';
import type { syncMethods } from '../../../domain/api/methods/sync.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

export function createSyncHandlers(deps: ApiHandlerDeps): HandlersOf<typeof syncMethods> {
  const engine = () => {
    if (!deps.sync) throw new ApiError('INTERNAL', 'sync is not available in this process');
    return deps.sync;
  };
  return {
    getSyncStatus: () => engine().status(),
    syncNow: () => engine().syncNow(),
    getSyncSettings: () => ({ settings: engine().settingsView() }),
    saveSyncSettings: async (input, ctx) => {
      const result = await engine().saveSettings(input);
      // Who pointed this desktop at which hub (never the secrets).
      if (result.saved) {
        appendAudit(deps.db, {
          staffId: ctx.session.staffId,
          action: 'sync.settings',
          entity: 'sync_settings',
          entityIds: [input.deviceId],
          detail: {
            hubUrl: result.status.hubUrl,
            staffLogin: input.staffLogin,
            // What the user agreed to remove for it (counts only).
            ...(result.clearing ? { cleared: result.clearing } : {}),
          },
        });
      }
      return result;
    },
  };
}
