import { initialSchema } from './001-initial.ts';
import { phoneDeskSchema } from './002-phone-desk.ts';
import { bookingsGridVenueDay } from './003-bookings-grid-venue-day.ts';
import { hubSyncSchema } from './004-hub-sync.ts';
import { bookingCallbacksSchema } from './005-booking-callbacks.ts';
import { hubHoldsSchema } from './006-hub-holds.ts';
import { staffNamesBookingHistory } from './007-staff-names-booking-history.ts';
import { slotClosuresSchema } from './008-slot-closures.ts';
import { bookingGridSource } from './009-booking-grid-source.ts';
import { auditChainSchema } from './010-audit-chain.ts';
import { setAsideRowsRefusalColumns } from './011-set-aside-rows-refusal-columns.ts';
import type { Migration } from './migration.ts';

/** Every migration, in order. Add new ones at the end; the last one's version is the code's schema version. */
export const migrations: readonly Migration[] = [
  initialSchema,
  phoneDeskSchema,
  bookingsGridVenueDay,
  hubSyncSchema,
  bookingCallbacksSchema,
  hubHoldsSchema,
  staffNamesBookingHistory,
  slotClosuresSchema,
  bookingGridSource,
  auditChainSchema,
  setAsideRowsRefusalColumns,
];

export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;
