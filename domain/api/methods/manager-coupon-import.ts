/**
 * Contract methods of the coupon list import (接種券リストの取り込み), a manager's wizard over the hub's
 * import (domain/hub-api/manager-api.ts; the rules are domain/coupon-list/): choose a file, read it on
 * the hub (the preview: column mapping, first rows, every bad row by number and reason), then import it
 * in steps that report progress, or discard it. The hub is the one that reads and checks the list, so
 * the preview and the import can never disagree; offline or without a hub, nothing is read (refused
 * with a reason, see couponImportRefusals).
 *
 * Where the file comes from: in Electron the system open dialog (the desk process reads the file from
 * disk); in browser mode the page uploads it first (POST /api/upload, streamed to a private folder,
 * see electron/node/browser-server.ts) and names the upload. Either way the file is streamed to the
 * hub, never held whole in memory.
 */
import { z } from 'zod';
import {
  type CouponImportPreview,
  type CouponImportView,
  couponListFileNameSchema,
} from '../../hub-api/manager-api.ts';
import { method } from '../method-spec.ts';
import { managerRoles } from './manager-roles.ts';

export type { CouponImportPreview, CouponImportView } from '../../hub-api/manager-api.ts';

/**
 * Why a step was refused, as the `reason` issue of the ApiError:
 * - hub_unconfigured (CONFLICT): this desktop has no hub (coupons are the hub's to import);
 * - hub_offline (CONFLICT): the hub cannot be reached now (nothing was read or imported);
 * - hub_forbidden (FORBIDDEN): this desktop's login on the hub is not a manager's;
 * - file_unreadable (VALIDATION): not a coupon list, with a `file` issue (domain/coupon-list/row-problems.ts);
 * - file_too_large (VALIDATION): over maxCouponListBytes;
 * - upload_missing (NOT_FOUND): the upload named is gone (used once, or older than ten minutes);
 * - not_found (NOT_FOUND): no such import on the hub;
 * - import_ended (CONFLICT): the import was discarded (or failed) and cannot be applied;
 * - hub_refused (CONFLICT): another refusal of the hub, with a `hubCode` issue.
 */
export const couponImportRefusals = [
  'hub_unconfigured',
  'hub_offline',
  'hub_forbidden',
  'file_unreadable',
  'file_too_large',
  'upload_missing',
  'not_found',
  'import_ended',
  'hub_refused',
] as const;
export type CouponImportRefusal = (typeof couponImportRefusals)[number];

export type CouponListRead = { outcome: 'cancelled' } | { outcome: 'read'; preview: CouponImportPreview };

export interface CouponImportProblemsPage {
  problems: Array<{ row: number; field: string; reason: string }>;
  /** Pass as `after` for the next page; null after the last. */
  next: number | null;
}

/** Rows one apply step imports: small enough for a progress bar that moves, large enough to be quick. */
export const applyStepRows = 5000;

const importId = z.uuid();

export const managerCouponImportMethods = {
  'manager.readCouponList': method<CouponListRead>()({
    input: z
      .object({
        source: z.discriminatedUnion('kind', [
          /** Electron: the system open dialog asks for the file. */
          z.object({ kind: z.literal('dialog') }).strict(),
          /** Browser mode: the file the page uploaded (its id) under the name the person chose. */
          z
            .object({
              kind: z.literal('upload'),
              uploadId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/u),
              fileName: couponListFileNameSchema,
            })
            .strict(),
        ]),
      })
      .strict(),
    roles: managerRoles,
  }),
  'manager.getCouponImportProblems': method<CouponImportProblemsPage>()({
    input: z
      .object({
        importId,
        after: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    roles: managerRoles,
  }),
  'manager.applyCouponImport': method<CouponImportView>()({
    input: z
      .object({ importId, maxRows: z.number().int().min(1).max(100_000).default(applyStepRows) })
      .strict(),
    roles: managerRoles,
  }),
  'manager.discardCouponImport': method<CouponImportView>()({
    input: z.object({ importId }).strict(),
    roles: managerRoles,
  }),
};
