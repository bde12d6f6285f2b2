/**
 * Handlers of the coupon list import (domain/api/methods/manager-coupon-import.ts). Every step is the
 * hub's: the file is streamed to it from disk (the path the open dialog gave, or browser mode's
 * upload), and it answers the preview, the problems and the progress. Nothing is kept here but the
 * audit entries; the coupons come back to this desktop through sync like every change of the hub.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { appendAudit } from '../../../db/queries/audit.ts';
import { ApiError, type ApiErrorCode, type ApiIssue, refusal } from '../../../domain/api/errors.ts';
import type {
  CouponImportRefusal,
  managerCouponImportMethods,
} from '../../../domain/api/methods/manager-coupon-import.ts';
import { couponListFileNameSchema, maxCouponListBytes } from '../../../domain/hub-api/manager-api.ts';
import type { CallContext } from '../dispatch.ts';
import type { HubClient } from '../sync/hub-client.ts';
import type { ManagerHubAnswer } from '../sync/sync-engine.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

const couponListFilter = { name: '接種券リスト (CSV, Excel)', extensions: ['csv', 'xlsx'] };

const refused = (code: ApiErrorCode, reason: CouponImportRefusal, extra: ApiIssue[] = []): ApiError =>
  refusal(code, 'coupon import', reason, extra);

/** The hub's answer, or the refusal in the desk's terms. */
function answered<T>(answer: ManagerHubAnswer<T>): T {
  switch (answer.kind) {
    case 'done':
      return answer.value;
    case 'unavailable':
      throw refused('CONFLICT', answer.why === 'unconfigured' ? 'hub_unconfigured' : 'hub_offline');
    case 'refused': {
      const fields = answer.detail.fields ?? [];
      const file = fields.find((f) => f.path === 'file');
      switch (answer.code) {
        case 'VALIDATION':
          if (file) throw refused('VALIDATION', 'file_unreadable', [{ path: 'file', message: file.message }]);
          if (fields.some((f) => f.path === 'importId')) throw refused('CONFLICT', 'import_ended');
          break;
        case 'PAYLOAD_TOO_LARGE':
          throw refused('VALIDATION', 'file_too_large');
        case 'FORBIDDEN':
          throw refused('FORBIDDEN', 'hub_forbidden');
        case 'NOT_FOUND':
          throw refused('NOT_FOUND', 'not_found');
      }
      throw refused('CONFLICT', 'hub_refused', [{ path: 'hubCode', message: answer.code }]);
    }
  }
}

export function createManagerCouponImportHandlers(
  deps: ApiHandlerDeps,
): HandlersOf<typeof managerCouponImportMethods> {
  const { db } = deps;
  const hub = async <T>(call: (client: HubClient, token: string) => Promise<T>): Promise<T> => {
    if (!deps.sync) throw refused('CONFLICT', 'hub_unconfigured');
    const value = answered(await deps.sync.askHubAsManager(call));
    // The coupons a step imported reach this desktop through the change log: pull without waiting
    // (a round that fails is the sync loop's to record and retry; the step's answer stands).
    deps.sync.syncNow(0).catch(() => undefined);
    return value;
  };
  const audit = (ctx: CallContext, action: string, importId: string, detail: Record<string, unknown>) =>
    appendAudit(db, {
      staffId: ctx.session.staffId,
      action,
      entity: 'coupon_import',
      entityIds: [importId],
      detail,
    });

  /** The file to read: chosen in the open dialog (Electron), or uploaded by the page (browser mode). */
  const fileOf = async (
    source: Parameters<HandlersOf<typeof managerCouponImportMethods>['manager.readCouponList']>[0]['source'],
  ): Promise<{ path: string; fileName: string; done: () => void } | null> => {
    if (source.kind === 'dialog') {
      if (!deps.shell) throw new ApiError('VALIDATION', 'no open dialog here: upload the file');
      const path = await deps.shell.chooseOpenPath(couponListFilter);
      if (path === null) return null;
      const fileName = basename(path);
      if (!couponListFileNameSchema.safeParse(fileName).success) {
        throw refused('VALIDATION', 'file_unreadable', [
          { path: 'file', message: 'not a .csv or .xlsx file' },
        ]);
      }
      return { path, fileName, done: () => {} };
    }
    const upload = deps.uploads?.take(source.uploadId);
    if (!upload) throw refused('NOT_FOUND', 'upload_missing');
    return {
      path: upload.path,
      fileName: source.fileName,
      done: () => deps.uploads?.discard(source.uploadId),
    };
  };

  return {
    'manager.readCouponList': async ({ source }, ctx) => {
      if (!deps.sync?.attachedToHub) throw refused('CONFLICT', 'hub_unconfigured');
      const file = await fileOf(source);
      if (!file) return { outcome: 'cancelled' };
      try {
        if (statSync(file.path).size > maxCouponListBytes) throw refused('VALIDATION', 'file_too_large');
        const preview = await hub((client, token) =>
          client.uploadCouponList(token, { path: file.path, fileName: file.fileName }),
        );
        // The preview shows residents' data (the first rows): a view of personal data.
        audit(ctx, 'coupon_import.read', preview.import.id, {
          format: preview.import.format,
          dataRows: preview.import.dataRows,
          validRows: preview.import.validRows,
          rejectedRows: preview.import.rejectedRows,
          shownRows: preview.firstRows.length,
        });
        return { outcome: 'read', preview };
      } finally {
        file.done();
      }
    },

    'manager.getCouponImportProblems': ({ importId, after, limit }) =>
      hub((client, token) => client.couponImportProblems(token, importId, after, limit)),

    'manager.applyCouponImport': async ({ importId, maxRows }, ctx) => {
      const view = await hub((client, token) => client.applyCouponImport(token, importId, maxRows));
      if (view.state === 'applied') {
        audit(ctx, 'coupon_import.apply', importId, {
          inserted: view.inserted,
          updated: view.updated,
          unchanged: view.unchanged,
          rejectedRows: view.rejectedRows,
        });
      }
      return view;
    },

    'manager.discardCouponImport': async ({ importId }, ctx) => {
      const view = await hub((client, token) => client.discardCouponImport(token, importId));
      audit(ctx, 'coupon_import.discard', importId, { appliedRows: view.appliedRows });
      return view;
    },
  };
}
