/**
 * The implementation of every contract method (domain/api/contract.ts), one group per area in
 * handlers/. Handlers receive validated input; the dispatcher has already checked the caller's role.
 */
import type { ApiHandlers } from './dispatch.ts';
import { createAdminHandlers } from './handlers/admin-handlers.ts';
import { createAuditLogHandlers } from './handlers/audit-log-handlers.ts';
import { createBookingsHandlers } from './handlers/bookings-handlers.ts';
import { createDailyListHandlers } from './handlers/daily-list-handlers.ts';
import type { ApiHandlerDeps } from './handlers/handler-types.ts';
import { createManagerCouponImportHandlers } from './handlers/manager-coupon-import-handlers.ts';
import { createManagerDashboardHandlers } from './handlers/manager-dashboard-handlers.ts';
import { createManagerHandlers } from './handlers/manager-handlers.ts';
import { createOverviewHandlers } from './handlers/overview-handlers.ts';
import { createPhoneDeskHandlers } from './handlers/phone-desk-handlers.ts';
import { createReminderCallHandlers } from './handlers/reminder-call-handlers.ts';
import { createSyncHandlers } from './handlers/sync-handlers.ts';
import { createVenueDayHandlers } from './handlers/venue-day-handlers.ts';
import { createVenueSlotHandlers } from './handlers/venue-slot-handlers.ts';

export type { ApiHandlerDeps } from './handlers/handler-types.ts';

export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  return {
    ...createOverviewHandlers(deps),
    ...createBookingsHandlers(deps),
    ...createDailyListHandlers(deps),
    ...createVenueDayHandlers(deps),
    ...createVenueSlotHandlers(deps),
    ...createManagerHandlers(deps),
    ...createReminderCallHandlers(deps),
    ...createPhoneDeskHandlers(deps),
    ...createSyncHandlers(deps),
    ...createManagerCouponImportHandlers(deps),
    ...createManagerDashboardHandlers(deps),
    ...createAdminHandlers(deps),
    ...createAuditLogHandlers(deps),
  };
}
