/**
 * The desktop API: one contract shared by the renderer, the Electron preload/main and browser mode.
 * Each method has a zod input schema, an output type and the staff roles allowed to call it.
 * Methods are grouped by area in domain/api/methods/; add a group here, implement it in
 * electron/node/handlers/, and both transports carry it.
 */
import type { z } from 'zod';
import { adminMethods } from './methods/admin.ts';
import { auditLogMethods } from './methods/audit-log.ts';
import { bookingsMethods } from './methods/bookings.ts';
import { dailyListMethods } from './methods/daily-list.ts';
import { managerMethods } from './methods/manager.ts';
import { managerCouponImportMethods } from './methods/manager-coupon-import.ts';
import { managerDashboardMethods } from './methods/manager-dashboard.ts';
import { overviewMethods } from './methods/overview.ts';
import { phoneDeskMethods } from './methods/phone-desk.ts';
import { reminderCallMethods } from './methods/reminder-calls.ts';
import { type SyncState, syncMethods } from './methods/sync.ts';
import { venueDayMethods } from './methods/venue-day.ts';
import { venueSlotMethods } from './methods/venue-slots.ts';

export { isoDateSchema, type MethodSpec } from './method-spec.ts';
export * from './methods/admin.ts';
export * from './methods/audit-log.ts';
export * from './methods/bookings.ts';
export * from './methods/daily-list.ts';
export * from './methods/manager.ts';
export * from './methods/manager-coupon-import.ts';
export * from './methods/manager-dashboard.ts';
export * from './methods/manager-roles.ts';
export * from './methods/overview.ts';
export * from './methods/phone-desk.ts';
export * from './methods/reminder-calls.ts';
export * from './methods/sync.ts';
export * from './methods/venue-day.ts';
export * from './methods/venue-slots.ts';

export const apiContract = {
  ...overviewMethods,
  ...phoneDeskMethods,
  ...bookingsMethods,
  ...dailyListMethods,
  ...venueDayMethods,
  ...venueSlotMethods,
  ...managerMethods,
  ...reminderCallMethods,
  ...syncMethods,
  ...managerCouponImportMethods,
  ...managerDashboardMethods,
  ...adminMethods,
  ...auditLogMethods,
};

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export const apiMethods = Object.keys(apiContract) as ApiMethod[];

export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = NonNullable<ApiContract[M]['output']>;

/** The functions the renderer sees, whatever the transport: one per contract method. */
export type DeskApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

/** Events pushed from the desktop process to the UI (IPC in Electron, SSE in browser mode). */
export type DeskEvent =
  | { type: 'data-changed'; scopes: Array<'bookings' | 'slots' | 'venues' | 'coupons'> }
  // progress: 0..1 when known; received: rows of a snapshot applied so far, of about `total`.
  | { type: 'sync-status'; state: SyncState; progress?: number; received?: number; total?: number };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiContract, name);
}
